/**
 * What an engineer waits for in VS Code (issue 60's speed goals), measured in a real VS Code (code-server
 * in Debian's chromium, as the end-to-end suite runs it) on Django (Debian's python3-django, copied and
 * indexed with `vouch index` first, as a user does):
 *   - diagnostics after open: from the extension sending didOpen to the first diagnostics VS Code receives
 *     for the file (the quick checks: syntax, imports, vouch's own rules), and to the second (the whole
 *     gate: mypy, flake8, Bandit…), over files picked in path order (every k-th), one file at a time;
 *   - inline completion: the round trip the extension sees for textDocument/inlineCompletion at a new
 *     line opened in a function's body (the request typing the new line makes; the palette's Trigger
 *     Inline Suggestion only if nothing showed), minus what the loopback model took (it answers after
 *     50 ms); only answers in whose round trip the model was called count (cache hits are printed apart).
 * The extension measures both itself (VOUCH_VSCODE_TIMINGS). Prints a table; the figures go to
 * bench/notes by hand with the machine and its load.
 *
 *   (root) npm run build; (editors/vscode) npm run package && node --import tsx bench/editor-latency.mts [files] [cursors]
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EVALUATION_TREES, indexedCopy, treeDir } from '../../../bench/context/trees.js';
import { startFakeProviders } from '../../../test/support/fake-providers/fake-providers.js';
import { installExtension, startCodeServer } from '../test/code-server.mjs';
import { launchBrowser, Workbench } from '../test/workbench.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'vouch.js');
const VSIX = join(import.meta.dirname, '..', 'vouch-vscode.vsix');
const FILES = Number(process.argv[2] ?? 6);
const CURSORS = Number(process.argv[3] ?? 12);
const MODEL_DELAY_MS = 50;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    // Debian's tree links its vendored JavaScript to /usr/share: links are skipped
    const stat = lstatSync(path);
    if (name.startsWith('.') || stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) out.push(...pythonFiles(path));
    else if (name.endsWith('.py') && stat.size > 2_000) out.push(path);
  }
  return out;
}

const loadBefore = loadavg();
const django = EVALUATION_TREES.find((tree) => tree.name === 'django')!;
console.error('copying and indexing Django…');
const project = indexedCopy(treeDir(django), BIN, 'vscode');
mkdirSync(join(project, '.git'), { recursive: true });
const home = mkdtempSync(join(tmpdir(), 'vouch-vscode-bench-'));
const timings = join(home, 'timings.jsonl');
const bin = join(home, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'vouch'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
mkdirSync(join(home, 'home'));
writeFileSync(join(home, 'home', '.profile'), `PATH="${bin}:$PATH"\n`);

const fake = await startFakeProviders();
fake.handle('/v1/completions', () => ({ text: 'return None\n', delayMs: MODEL_DELAY_MS }));
const server = await (async () => {
  const options = {
    home: join(home, 'code-server'),
    vsix: VSIX,
    env: {
      PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
      HOME: join(home, 'home'),
      OPENAI_BASE_URL: fake.openAiUrl,
      VOUCH_MODEL: 'openai:qwen2.5-coder-1.5b',
      OLLAMA_HOST: 'http://127.0.0.1:9',
      VOUCH_VSCODE_TIMINGS: timings,
    },
    settings: {
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'chat.disableAIFeatures': true,
      'git.enabled': false,
      'editor.inlineSuggest.enabled': true,
      'files.autoSave': 'off',
      'security.workspace.trust.enabled': false,
    },
  };
  installExtension(options);
  return startCodeServer(options);
})();
const browser = await launchBrowser();
try {
  const bench = new Workbench(await browser.newPage({ viewport: { width: 1400, height: 900 } }));
  await bench.open(`${server.url}/?folder=${encodeURIComponent(project)}`);
  const all = pythonFiles(join(project, 'django'));
  const step = Math.max(1, Math.floor(all.length / FILES));
  const files = all.filter((_, index) => index % step === 0).slice(0, FILES);
  const opened: string[] = [];
  for (const file of files) {
    const name = relative(project, file);
    await bench.openFile(name);
    opened.push(name);
    // wait for the file's whole gate (its second publish) before the next one (one gate run at a time)
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const lines = existsSync(timings) ? readFileSync(timings, 'utf8') : '';
      if (lines.split('\n').filter((line) => line.includes('"gate-diagnostics"')).length >= opened.length)
        break;
      await bench.page.waitForTimeout(200);
    }
  }
  // inline completions: a new line after a `def …:` line, in the files opened, in order
  let asked = 0;
  for (const file of files) {
    if (asked >= CURSORS) break;
    const lines = readFileSync(file, 'utf8').split('\n');
    const defs = lines.flatMap((line, index) => (/^\s*def \w+\(.*\):\s*$/.test(line) ? [index + 1] : []));
    await bench.openFile(relative(project, file));
    for (const line of defs.slice(0, Math.ceil(CURSORS / files.length))) {
      if (asked >= CURSORS) break;
      await bench.goToLine(line, lines[line - 1]!.length + 1);
      await bench.page.keyboard.press('End');
      await bench.page.keyboard.press('Enter');
      // typing the new line asks for a completion by itself (as it does for a user): that answer is the
      // one measured. Only if nothing shows is it asked for from the palette — opening the palette would
      // cancel a request still running, and the palette's request would then be answered from the cache.
      const ghost = bench.page.locator('.ghost-text-decoration, .ghost-text').first();
      const shown = await ghost
        .waitFor({ timeout: 20_000 })
        .then(() => true)
        .catch(() => false);
      if (!shown) {
        await bench.command('Trigger Inline Suggestion');
        await ghost.waitFor({ timeout: 60_000 }).catch(() => undefined);
      }
      await bench.page.keyboard.press('Escape');
      await bench.command('Undo');
      asked++;
    }
  }
} finally {
  await browser.close();
  await server.stop();
  await fake.close();
}
const entries = readFileSync(timings, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(
    (line) =>
      JSON.parse(line) as {
        at: number;
        event: string;
        ms: number;
        items?: number;
        line?: number;
        notVerified?: boolean;
      },
  );
// the model's calls on the wall clock (the extension host's `at` is Date.now() too)
const calls = fake.requestsTo('/v1/completions').flatMap((request) =>
  request.respondedAt
    ? [
        {
          start: performance.timeOrigin + request.receivedAt,
          end: performance.timeOrigin + request.respondedAt,
        },
      ]
    : [],
);
/** whether the model answered within this request's round trip (a miss), not the server's cache (a hit) */
const calledModel = (entry: { at: number; ms: number }) =>
  calls.some((call) => call.start >= entry.at - entry.ms - 5 && call.end <= entry.at + 5);
const first = entries.filter((entry) => entry.event === 'first-diagnostics').map((entry) => entry.ms);
const gateEntries = entries.filter((entry) => entry.event === 'gate-diagnostics');
const gate = gateEntries.map((entry) => entry.ms);
/** whole gates that did not complete (vouch lsp said "not verified": over its budget, or failed) */
const gateIncomplete = gateEntries.filter((entry) => entry.notVerified).length;
// the first answer with items at each cursor (a miss: the model was called)
// the answer shown at each cursor: the first with items; counted only if the model was called in it
// (a cache hit would not be the overhead over the model)
const seen = new Set<number>();
const inline: number[] = [];
let hits = 0;
for (const entry of entries)
  if (entry.event === 'inline' && (entry.items ?? 0) > 0 && !seen.has(entry.line!)) {
    seen.add(entry.line!);
    if (calledModel(entry)) inline.push(entry.ms);
    else hits++;
  }
const model = fake
  .requestsTo('/v1/completions')
  .flatMap((request) => (request.respondedAt ? [request.respondedAt - request.receivedAt] : []));
const modelMedian = percentile(model, 50);
const overhead = inline.map((ms) => ms - modelMedian);
const row = (name: string, values: number[]) =>
  `${name.padEnd(44)} n=${String(values.length).padStart(3)}  p50 ${percentile(values, 50).toFixed(0).padStart(6)} ms  p95 ${percentile(values, 95).toFixed(0).padStart(6)} ms`;
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}; load before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(row('first diagnostics after open (quick checks)', first));
console.log(row('whole gate diagnostics after open', gate));
console.log(
  `(whole gates that said "not verified" — over budget, failed, or a check that could not run: ${gateIncomplete})`,
);
console.log(row('inline completion round trip in VS Code', inline));
console.log(row('  of which the model (loopback, 50 ms)', model));
console.log(row('inline completion overhead (round trip − model p50)', overhead));
console.log(`(answers shown from the server's cache, not counted: ${hits})`);
// the figures as bench/results/vscode.jsonl holds them (the title, origin and commit are added there)
const round = (value: number) => Math.round(value);
console.log(
  `figures: ${JSON.stringify({
    first_diagnostics_p50_ms: round(percentile(first, 50)),
    first_diagnostics_p95_ms: round(percentile(first, 95)),
    first_diagnostics_n: first.length,
    gate_diagnostics_p50_ms: round(percentile(gate, 50)),
    gate_diagnostics_p95_ms: round(percentile(gate, 95)),
    gate_diagnostics_n: gate.length,
    gate_not_verified: gateIncomplete,
    completion_round_trip_p50_ms: round(percentile(inline, 50)),
    completion_round_trip_p95_ms: round(percentile(inline, 95)),
    model_p50_ms: round(percentile(model, 50)),
    model_p95_ms: round(percentile(model, 95)),
    completion_overhead_p50_ms: round(percentile(overhead, 50)),
    completion_overhead_p95_ms: round(percentile(overhead, 95)),
    completion_n: inline.length,
    completion_cache_hits_not_counted: hits,
  })}`,
);
rmSync(home, { recursive: true, force: true });
rmSync(project, { recursive: true, force: true });
execFileSync('true');
