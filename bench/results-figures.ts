import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { BENCH } from './results-records.js';

/**
 * What a benchmark measures with and records: the machine, the load and the commit of a run, percentiles,
 * the markdown table it prints, and the figures read from such a table when it names none of its own.
 */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} cores (${cpu.trim()}), ${memory} GiB, Node ${process.version}, ${process.platform}`;
}

/** The load averages as `uptime` prints them (1, 5 and 15 minutes). */
export function loadLine(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** The commit measured: HEAD, with `+changes` when the tree had uncommitted changes. */
export function commitLine(cwd = BENCH): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      encoding: 'utf8',
    });
    return status.trim() === '' ? head : `${head}+changes`;
  } catch {
    return 'unknown (not a git checkout)';
  }
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

/** A cell's value when the cell is a number, with or without a unit (`12.8 ms`, `**42.3%**`, `1,797`). */
function cellNumber(cell: string): number | undefined {
  const match =
    /^\**\s*(-?[\d,]*\d(?:\.\d+)?)\s*(?:%|×|x|ms|s|µs|MB\/s|MB|KB|kB|GiB|files\/s|programs\/s|\/s)?\s*\**$/.exec(
      cell.trim(),
    );
  if (!match) return undefined;
  const value = Number(match[1]!.replaceAll(',', ''));
  return Number.isFinite(value) ? value : undefined;
}

/** The unit a number cell carries, for the figure's name. */
function cellUnit(cell: string): string {
  const unit = /(%|×|ms|µs|MB\/s|files\/s|programs\/s|\/s|s|MB|KB|kB|GiB)\s*\**$/.exec(cell.trim())?.[1];
  return unit ? ` (${unit})` : '';
}

/**
 * The figures of a markdown text's tables: each cell that holds a number, named by its row's label and its
 * column (`python warm pool median (ms)`). What a benchmark records when it names no figures of its own.
 */
export function figuresFromMarkdown(markdown: string): Record<string, number> {
  const figures: Record<string, number> = {};
  const lines = markdown.split('\n');
  for (let at = 0; at < lines.length; at++) {
    if (!lines[at]!.trim().startsWith('|') || !/^\|[\s:|-]+\|$/.test(lines[at + 1]?.trim() ?? '')) continue;
    const cells = (line: string) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim());
    const header = cells(lines[at]!);
    at += 2;
    for (; at < lines.length && lines[at]!.trim().startsWith('|'); at++) {
      const row = cells(lines[at]!);
      // the row's label: its leading cells up to the first number
      const firstNumber = row.findIndex((cell) => cellNumber(cell) !== undefined);
      const labelCells = row.slice(0, firstNumber < 0 ? row.length : Math.max(1, firstNumber));
      // a long cell (a message, a sentence) names a row badly: its start is enough
      const short = (cell: string) => (cell.length > 48 ? `${cell.slice(0, 47).trimEnd()}…` : cell);
      const label = labelCells.map((cell) => short(cell.replaceAll('*', '').replaceAll('`', ''))).join(' · ');
      row.forEach((cell, column) => {
        if (column < labelCells.length) return;
        const value = cellNumber(cell);
        if (value === undefined) return;
        let name = `${label} · ${(header[column] ?? `column ${column + 1}`).replaceAll('*', '')}${cellUnit(cell)}`;
        for (let n = 2; name in figures; n++) name = `${name} #${n}`;
        figures[name] = value;
      });
    }
  }
  return figures;
}
