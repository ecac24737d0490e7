import type { EvalSummary } from './summary.js';

/** What the HTML report shows: the run's identity, its summary and (optionally) selection. */
export interface ReportInput {
  benchmark: string;
  form: string;
  harness: string;
  samplesFile?: string;
  durationMs: number;
  sandboxed: boolean;
  summary: EvalSummary;
  selected?: { passAt1: number };
  generatedAt?: Date;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** Vertical bars with labels under them and values above; values in [0, max]. */
function barChart(
  bars: { label: string; value: number; text: string; colour: string }[],
  max: number,
): string {
  const width = Math.max(240, bars.length * 70 + 40);
  const height = 200;
  const plot = 140;
  const items = bars
    .map((bar, index) => {
      const x = 30 + index * 70;
      const h = max > 0 ? (bar.value / max) * plot : 0;
      const y = 20 + plot - h;
      return (
        `<rect x="${x}" y="${y.toFixed(1)}" width="46" height="${h.toFixed(1)}" fill="${bar.colour}"><title>${escapeHtml(bar.label)}: ${escapeHtml(bar.text)}</title></rect>` +
        `<text x="${x + 23}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="v">${escapeHtml(bar.text)}</text>` +
        `<text x="${x + 23}" y="${20 + plot + 16}" text-anchor="middle" class="l">${escapeHtml(bar.label)}</text>`
      );
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"><line x1="24" y1="${20 + plot}" x2="${width - 6}" y2="${20 + plot}" stroke="#999"/>${items}</svg>`;
}

/** Horizontal bars for counts by label. */
function countChart(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '<p class="muted">No failures.</p>';
  const max = entries[0]![1];
  const rowHeight = 24;
  const width = 560;
  const rows = entries
    .map(([label, count], index) => {
      const y = index * rowHeight + 4;
      const w = (count / max) * 340;
      return (
        `<text x="150" y="${y + 15}" text-anchor="end" class="l">${escapeHtml(label)}</text>` +
        `<rect x="158" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="#d9534f"><title>${escapeHtml(label)}: ${count}</title></rect>` +
        `<text x="${(164 + w).toFixed(1)}" y="${y + 15}" class="v">${count}</text>`
      );
    })
    .join('');
  return `<svg viewBox="0 0 ${width} ${entries.length * rowHeight + 8}" width="${width}" height="${entries.length * rowHeight + 8}" role="img">${rows}</svg>`;
}

/** One square per problem, coloured by the share of its samples that passed. */
function problemGrid(summary: EvalSummary): string {
  const size = 14;
  const columns = 40;
  const cells = summary.perProblem
    .map((problem, index) => {
      const x = (index % columns) * (size + 2);
      const y = Math.floor(index / columns) * (size + 2);
      const share = problem.n ? problem.c / problem.n : 0;
      // red (none passed) → amber → green (all passed)
      const hue = Math.round(share * 120);
      const failures = Object.entries(problem.failures)
        .map(([label, count]) => `${label} ${count}`)
        .join(', ');
      const title = `${problem.taskId}: ${problem.c}/${problem.n} passed${failures ? ` (${failures})` : ''}`;
      return `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="2" fill="hsl(${hue},65%,45%)"><title>${escapeHtml(title)}</title></rect>`;
    })
    .join('');
  const rows = Math.ceil(summary.perProblem.length / columns);
  const width = columns * (size + 2);
  const height = Math.max(1, rows) * (size + 2);
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${cells}</svg>`;
}

function timeChart(summary: EvalSummary): string {
  const buckets = summary.time.histogram.filter((bucket) => bucket.count > 0 || bucket.upToMs <= 1000);
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  return barChart(
    buckets.map((bucket) => ({
      label: Number.isFinite(bucket.upToMs) ? `≤${bucket.upToMs} ms` : 'longer',
      value: bucket.count,
      text: String(bucket.count),
      colour: '#5b7db1',
    })),
    max,
  );
}

/** One self-contained HTML page (inline CSS and SVG, no scripts, no network) summarising a run. */
export function renderReport(input: ReportInput): string {
  const { summary } = input;
  const passBars = Object.entries(summary.passAtK).map(([k, value]) => ({
    label: `pass@${k}`,
    value,
    text: percent(value),
    colour: '#2e8b57',
  }));
  if (input.selected) {
    passBars.push({
      label: 'selected@1',
      value: input.selected.passAt1,
      text: percent(input.selected.passAt1),
      colour: '#8a5cb8',
    });
  }
  const rows = summary.perProblem
    .map((problem) => {
      const failures = Object.entries(problem.failures)
        .map(([label, count]) => `${escapeHtml(label)} ${count}`)
        .join(', ');
      return `<tr><td>${escapeHtml(problem.taskId)}</td><td>${problem.c}/${problem.n}</td><td>${failures}</td><td>${problem.medianMs.toFixed(0)}</td></tr>`;
    })
    .join('');
  const when = (input.generatedAt ?? new Date()).toISOString().replace('T', ' ').slice(0, 19);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vouch eval: ${escapeHtml(input.benchmark)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
.muted{color:#666}.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}svg text.l{font-size:11px;fill:#333}svg text.v{font-size:11px;fill:#111}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border-bottom:1px solid #eee;padding:2px 6px;text-align:left}
details{margin-top:1rem}
</style></head><body>
<h1>${escapeHtml(input.benchmark)} <span class="muted">(${escapeHtml(input.form)})</span></h1>
<p class="muted">${escapeHtml(input.harness)}<br>${input.samplesFile ? `samples: ${escapeHtml(input.samplesFile)} · ` : ''}${when} UTC · ${input.sandboxed ? 'sandboxed (bubblewrap)' : 'NOT sandboxed (--unsafe-no-sandbox)'}</p>
<div class="cards">
<div class="card">problems<b>${summary.problems}</b></div>
<div class="card">samples<b>${summary.samples}</b></div>
<div class="card">passed<b>${summary.passed}</b></div>
${Object.entries(summary.passAtK)
  .map(([k, value]) => `<div class="card">pass@${k}<b>${percent(value)}</b></div>`)
  .join('')}
${input.selected ? `<div class="card">selected pass@1<b>${percent(input.selected.passAt1)}</b></div>` : ''}
<div class="card">time<b>${(input.durationMs / 1000).toFixed(1)} s</b></div>
</div>
<h2>pass@k</h2>${passBars.length ? barChart(passBars, 1) : '<p class="muted">No k with enough samples per problem.</p>'}
${summary.skippedK.length ? `<p class="muted">Not reported (some problem has fewer samples than k): ${summary.skippedK.map((k) => `pass@${k}`).join(', ')}</p>` : ''}
<h2>Failures by kind</h2>${countChart(summary.failureKinds)}
<h2>Problems</h2><p class="muted">One square per problem: green when all its samples passed, red when none did; hover for details.</p>${problemGrid(summary)}
<h2>Run time per sample</h2><p class="muted">median ${summary.time.medianMs.toFixed(0)} ms · p95 ${summary.time.p95Ms.toFixed(0)} ms · max ${summary.time.maxMs.toFixed(0)} ms</p>${timeChart(summary)}
<details><summary>Per-problem table</summary><table><thead><tr><th>task</th><th>passed</th><th>failures</th><th>median ms</th></tr></thead><tbody>${rows}</tbody></table></details>
</body></html>
`;
}
