import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * Benchmarks print a table and record it here: each area owns one section of bench/RESULTS.md, between
 * `<!-- area:start -->` and `<!-- area:end -->`, replaced on every run with the date and the machine.
 */
const RESULTS = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'RESULTS.md');

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} cores (${cpu.trim()}), ${memory} GiB, Node ${process.version}, ${process.platform}`;
}

/** The nearest-rank percentile `p` (0–100) of `values` (not changed). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Milliseconds as a table shows them. */
export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A markdown table from rows of cells. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function recordResults(area: string, title: string, markdown: string): void {
  const start = `<!-- ${area}:start -->`;
  const end = `<!-- ${area}:end -->`;
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const section = `${start}\n## ${title}\n_${date} UTC · ${machineLine()}_\n\n${markdown.trim()}\n${end}`;
  let text = existsSync(RESULTS)
    ? readFileSync(RESULTS, 'utf8')
    : '# Benchmark results\n\nEach section is rewritten by its benchmark (`npm run bench:<area>`).\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + section + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
}
