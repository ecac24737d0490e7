import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Results as data. A benchmark prints its table and appends one record to `bench/results/<area>.jsonl`
 * (what was measured, when, on which commit and machine, under what load, on which data, the figures and
 * the table). The pages are generated from those records (`npm run results`): `bench/RESULTS.md`, the front
 * page, gives every benchmark's current headline figures and its data's origin in two lines, by area; each
 * area's page, `bench/results/<area>.md`, gives its benchmarks whole, with their earlier values.
 * Investigations (why a figure moved, what was tried) go to dated notes in `bench/notes/`.
 * test/docs/results-page.test.ts fails when a page is stale or over its size.
 */
const BENCH = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
export const RESULTS_DIR = join(BENCH, 'results');
export const RESULTS_PAGE = join(BENCH, 'RESULTS.md');
/** RESULTS.md is the current figures, not a notebook: the page fails its test above this size. */
export const PAGE_LIMIT = 40 * 1024;
/**
 * An area's page has its benchmarks whole; past this it is more than a reader takes in, and its test says
 * how to split it.
 */
export const AREA_PAGE_LIMIT = 60 * 1024;
/** figures a benchmark's entry shows on the page when its record names no `headline`; the record keeps them all */
const FIGURES_SHOWN = 3;
/** earlier values of a figure the page names; the older ones are counted, and kept in the records */
const EARLIER_SHOWN = 3;

// fields beyond these are kept in the file and not shown (a benchmark may record more about its run)
export const resultRecordSchema = z.looseObject({
  area: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case word or words joined by "-"'),
  title: z.string().min(1),
  date: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO date, e.g. 2026-11-26T11:00Z'),
  commit: z.string().min(1),
  machine: z.string().min(1),
  load: z.string().min(1),
  origin: z.string().min(1),
  figures: z.record(z.string(), z.number()),
  table: z.string().optional(),
  /** the benchmark this is a run of, when its title names the run (`… (first run)`); else the title is */
  benchmark: z.string().min(1).optional(),
  /** the figures the page shows for it, by name; else its first few */
  headline: z.array(z.string()).optional(),
  /** the record's table is shown on the page too (a small table an issue asks to see there, a calibration) */
  tableOnPage: z.boolean().optional(),
});
export type ResultRecord = z.infer<typeof resultRecordSchema>;

/**
 * A judgement made after runs were recorded, kept apart from them (records are appended, never edited):
 * `benchmark` replaces the benchmarks it `supersedes`, of the same area, as the current figure (the
 * baseline measured on the code before a change, an earlier setup of the same measurement). Their area's
 * page keeps them, marked with the reason; the front page leaves them out. One file an area,
 * `bench/results/<area>.supersedes.json`, a JSON array of these.
 */
export const supersessionSchema = z.strictObject({
  benchmark: z.string().min(1),
  supersedes: z.array(z.string().min(1)).min(1),
  /** when it was judged (ISO) */
  date: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO date, e.g. 2026-11-26T11:00Z'),
  /** why: what the superseded runs measured, and why the superseding one now stands for it */
  reason: z.string().min(1),
});
export type Supersession = z.infer<typeof supersessionSchema> & { area: string };
const SUPERSEDES_FILE = /^([a-z0-9][a-z0-9-]*)\.supersedes\.json$/;

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

export interface RecordOptions {
  /** Where the data came from: path, source, licence, which part (tuning or kept back); "synthetic" when it is. */
  origin?: string;
  /** The headline figures, by name; without them, every number in the markdown's tables. */
  figures?: Record<string, number>;
  /** The commit measured, when it is not the checkout's HEAD now. */
  commit?: string;
  /** When the measured run started (ISO); now when not given. */
  date?: string;
  /** The load during the run, when the caller saw it; the load averages now when not given. */
  load?: string;
  /** More about the run, kept in the record beside the shared fields (not shown on the page). */
  fields?: Record<string, unknown>;
}

/**
 * Appends a record of a benchmark run to `bench/results/<area>.jsonl` and writes the pages again.
 * `markdown` is the table the benchmark printed (kept whole in the record).
 */
export function recordResults(
  area: string,
  title: string,
  markdown: string,
  options: RecordOptions = {},
): ResultRecord {
  // an area is a file name: a label from the command line (`--record Foo_Bar`) must not lose the run
  const areaFile =
    area
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'unnamed';
  const record = resultRecordSchema.parse({
    ...options.fields,
    area: areaFile,
    title,
    date: options.date ?? new Date().toISOString(),
    commit: options.commit ?? commitLine(),
    machine: machineLine(),
    load: options.load ?? loadLine(),
    origin: options.origin ?? 'not stated by the benchmark',
    figures: options.figures ?? figuresFromMarkdown(markdown),
    table: markdown.trim(),
  });
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(join(RESULTS_DIR, `${areaFile}.jsonl`), `${JSON.stringify(record)}\n`);
  writeResultsPages();
  return record;
}

/** Every record of every area file in `dir`, oldest first within a file; a bad line is an error naming it. */
export function readRecords(dir = RESULTS_DIR): ResultRecord[] {
  if (!existsSync(dir)) return [];
  const records: ResultRecord[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const where = `bench/results/${name}:${index + 1}`;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (error) {
          throw new Error(`${where} is not JSON (${(error as Error).message}): write one record per line`);
        }
        const parsed = resultRecordSchema.safeParse(value);
        if (!parsed.success) {
          const problems = parsed.error.issues.map(
            (issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`,
          );
          throw new Error(`${where} is not a result record (${problems.join('; ')}); see bench/results.ts`);
        }
        if ('supersedes' in parsed.data) {
          throw new Error(
            `${where} has \`supersedes\`: say which benchmark supersedes which in bench/results/${parsed.data.area}.supersedes.json (with the date and the reason), not in a record; see bench/README.md`,
          );
        }
        if (parsed.data.area !== name.replace(/\.jsonl$/, '')) {
          throw new Error(
            `${where} has area "${parsed.data.area}": records of that area go in ${parsed.data.area}.jsonl`,
          );
        }
        records.push(parsed.data);
      });
  }
  return records;
}

/** Every area's supersessions in `dir` (`<area>.supersedes.json`), by area; a bad file is an error naming it. */
export function readSupersessions(dir = RESULTS_DIR): Supersession[] {
  if (!existsSync(dir)) return [];
  const supersessions: Supersession[] = [];
  for (const name of readdirSync(dir).sort()) {
    const area = SUPERSEDES_FILE.exec(name)?.[1];
    if (area === undefined) continue;
    const where = `bench/results/${name}`;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      throw new Error(`${where} is not JSON (${(error as Error).message}): write a JSON array`);
    }
    const parsed = z.array(supersessionSchema).safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`,
      );
      throw new Error(
        `${where} is not a list of {benchmark, supersedes, date, reason} (${problems.join('; ')}); see bench/results.ts`,
      );
    }
    supersessions.push(...parsed.data.map((each) => ({ ...each, area })));
  }
  return supersessions;
}

/**
 * A run's label in a title, which names the run and not the benchmark: `(first run)`, `(final-2 run)` at
 * the end, `, alternating run 1 of 2`. Runs whose titles differ only there are runs of one benchmark, the
 * latest its current figure. A before/after pair (`first run (before this branch)`, `final run (this
 * branch)`) stays two benchmarks: the "before" may be recorded last and is not the current figure.
 */
const RUN_LABEL = /\s*\((?:first|second|third|final|final-\d+) run\)$|,\s*(?:alternating )?run \d+ of \d+/;

/** Which benchmark a record is a run of: its `benchmark` when it names one, else its title less a run's label. */
export function benchmarkOf(record: ResultRecord): string {
  return record.benchmark ?? (record.title.replace(RUN_LABEL, '').trim() || record.title);
}

/** Every benchmark's runs (area and benchmark), oldest first, the benchmarks by area, then by name. */
export function benchmarkRuns(records: ResultRecord[]): ResultRecord[][] {
  const runs = new Map<string, ResultRecord[]>();
  for (const record of records) {
    const key = `${record.area}\n${benchmarkOf(record)}`;
    runs.set(key, [...(runs.get(key) ?? []), record]);
  }
  // a stable sort: runs of the same date keep the order of their file
  return [...runs.values()]
    .map((each) => [...each].sort((a, b) => Date.parse(a.date) - Date.parse(b.date)))
    .sort((a, b) => {
      const [x, y] = [a[0]!, b[0]!];
      return x.area === y.area ? benchmarkOf(x).localeCompare(benchmarkOf(y)) : x.area.localeCompare(y.area);
    });
}

/**
 * The benchmarks another benchmark of the same area supersedes, by area and name, with the supersession
 * that says so: what the front page leaves out. Only a claim `supersessionProblems` finds nothing wrong
 * with counts (both benchmarks there, sharing a figure); a benchmark never supersedes itself.
 */
export function supersededBenchmarks(
  benchmarks: ResultRecord[][],
  supersessions: Supersession[] = [],
): Map<string, Supersession> {
  const latest = latestByName(benchmarks);
  const superseded = new Map<string, Supersession>();
  for (const claim of supersessions)
    for (const name of claim.supersedes)
      if (claimProblem(claim, name, latest) === undefined) superseded.set(`${claim.area}\n${name}`, claim);
  return superseded;
}

/** Each benchmark's latest run, by area and name. */
function latestByName(benchmarks: ResultRecord[][]): Map<string, ResultRecord> {
  return new Map(benchmarks.map((runs) => [`${runs[0]!.area}\n${benchmarkOf(runs[0]!)}`, runs.at(-1)!]));
}

/**
 * What is wrong with a claim that `claim.benchmark` supersedes `name`: either names no benchmark of the
 * area, they are the same, or their latest runs share no figure's name (then they measure different things,
 * and hiding the old one would hide a result, not an earlier run of the same measurement).
 */
function claimProblem(
  claim: Supersession,
  name: string,
  latest: Map<string, ResultRecord>,
): string | undefined {
  const file = `bench/results/${claim.area}.supersedes.json`;
  const by = latest.get(`${claim.area}\n${claim.benchmark}`);
  if (by === undefined)
    return `${file}: "${claim.benchmark}" is no benchmark of ${claim.area}: name one whose records are in ${claim.area}.jsonl`;
  if (name === claim.benchmark) return `${file}: "${name}" supersedes itself: name another benchmark`;
  const old = latest.get(`${claim.area}\n${name}`);
  if (old === undefined)
    return `${file}: "${claim.benchmark}" supersedes "${name}", which is no benchmark of ${claim.area}: name one whose records are in ${claim.area}.jsonl`;
  if (!Object.keys(old.figures).some((figure) => figure in by.figures))
    return `${file}: "${name}" shares no figure with "${claim.benchmark}", so it is not an earlier run of the same measurement: leave it on the front page (drop the claim), or put its table in a note`;
  return undefined;
}

/** What is wrong with the supersessions against the benchmarks: each claim that does not hold, why. */
export function supersessionProblems(benchmarks: ResultRecord[][], supersessions: Supersession[]): string[] {
  const latest = latestByName(benchmarks);
  const problems = supersessions.flatMap((claim) =>
    claim.supersedes.flatMap((name) => claimProblem(claim, name, latest) ?? []),
  );
  return [...new Set(problems)];
}

/** The latest record of each benchmark (area and benchmark), by area, then by benchmark. */
export function currentRecords(records: ResultRecord[]): ResultRecord[] {
  return benchmarkRuns(records).map((runs) => runs.at(-1)!);
}

const oneLine = (text: string) => text.replaceAll('\n', ' ');
const day = (date: string) => new Date(Date.parse(date)).toISOString().slice(0, 10);

/** The figures a benchmark's entry shows: those its record names in `headline`, else its first few. */
export function headlineFigures(record: ResultRecord): string[] {
  const names = Object.keys(record.figures);
  const named = (record.headline ?? []).filter((name) => name in record.figures);
  return named.length > 0 ? named : names.slice(0, FIGURES_SHOWN);
}

/** A figure's values in a benchmark's earlier runs, oldest first: `30 on 2026-11-20, 20 on 2026-11-24`. */
function earlierValues(name: string, earlier: ResultRecord[]): string {
  const values = earlier
    .filter((run) => name in run.figures)
    .map((run) => `${run.figures[name]} on ${day(run.date)}`);
  if (values.length <= EARLIER_SHOWN) return values.join(', ');
  return `${values.length - EARLIER_SHOWN} older, then ${values.slice(-EARLIER_SHOWN).join(', ')}`;
}

/** The machine most of these benchmarks last ran on: named once at the top, a record on another names its own. */
function usualMachine(benchmarks: ResultRecord[][]): string | undefined {
  const machines = new Map<string, number>();
  for (const runs of benchmarks)
    machines.set(runs.at(-1)!.machine, (machines.get(runs.at(-1)!.machine) ?? 0) + 1);
  // a tie goes to the name first in order, so the page does not depend on the order of the files
  return [...machines].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** Where an area's page is, from bench/ (`results/<area>.md`, beside its records). */
export const areaPageName = (area: string) => `results/${area}.md`;

/**
 * An area's page: every benchmark of the area whole — its latest record (its data's origin, date, commit,
 * machine, load, headline figures, its table when the record asks for it) and its earlier runs summarised
 * (how many, since when, the values the headline figures had, linked to the records).
 */
export function areaPage(
  area: string,
  benchmarks: ResultRecord[][],
  supersessions: Supersession[] = [],
): string {
  const usual = usualMachine(benchmarks);
  const superseded = supersededBenchmarks(benchmarks, supersessions);
  const out = [
    `# Benchmark results: ${area}`,
    '',
    `_Generated by \`npm run results\` from [${area}.jsonl](${area}.jsonl) (do not edit): each benchmark's latest`,
    `record, its first ${FIGURES_SHOWN} figures (or its \`headline\`) with their earlier values; the rest is in the records,`,
    'how each figure was reached in `bench/notes/`. Every area: [bench/RESULTS.md](../RESULTS.md)._',
    '',
    ...(usual ? [`Machine, unless a benchmark names another: ${usual}.`, ''] : []),
  ];
  for (const runs of benchmarks) {
    const record = runs.at(-1)!;
    const earlier = runs.slice(0, -1);
    const name = benchmarkOf(record);
    const runsSince = runs.length === 1 ? '' : ` · ${runs.length} runs since ${day(runs[0]!.date)}`;
    out.push(
      `## ${name}`,
      `_${record.date} · ${oneLine(record.commit)} · ${record.machine === usual ? '' : `${oneLine(record.machine)} · `}load ${oneLine(record.load)}${runsSince}_`,
    );
    if (name !== record.title) out.push('', `Latest run: ${oneLine(record.title)}`);
    const by = superseded.get(`${area}\n${name}`);
    if (by)
      out.push(
        '',
        `Superseded by "${oneLine(by.benchmark)}" (${day(by.date)}, [${area}.supersedes.json](${area}.supersedes.json)): ${oneLine(by.reason)} Not on the front page.`,
      );
    out.push('', `Data: ${oneLine(record.origin)}`, '');
    const shown = headlineFigures(record);
    if (shown.length > 0) {
      for (const figure of shown) {
        const before = earlierValues(figure, earlier);
        out.push(`- ${oneLine(figure)}: **${record.figures[figure]}**${before ? ` (was ${before})` : ''}`);
      }
      const more = Object.keys(record.figures).length - shown.length;
      if (more > 0) out.push(`- …and ${more} more in the record`);
      out.push('');
    }
    if (record.tableOnPage && record.table) out.push(record.table.trim(), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * How long a benchmark's origin may be on the front page (two lines with the word "Data"): cut at a word,
 * shorter in turn while the page would be over its size (the area's page always has it whole). The same
 * cut for every benchmark, so that what the page shows of one does not depend on which ran last.
 */
const ORIGIN_CUTS = [160, 120, 80, 60];
/**
 * How long a benchmark's name and its run's load may be on the front page, cut at a word like an origin
 * (both whole on the area's page): the figures and the origin are what the page is for.
 */
const NAME_CUT = 90;
const LOAD_CUT = 32;

function cutOrigin(origin: string, cut: number): string {
  const text = oneLine(origin);
  if (text.length <= cut) return text;
  const end = text.lastIndexOf(' ', cut);
  return `${text.slice(0, end > cut / 2 ? end : cut).trimEnd()}…`;
}

/**
 * A benchmark's name or origin on the front page, after the entry above it in its area: the start they
 * share (20 characters or more, up to a ", ", "; ", ": " or " (") written once, as "…", and the rest cut at
 * `cut`; "as above" when all of it is the same.
 */
export function shownAfter(text: string, { above, cut }: { above: string | undefined; cut: number }): string {
  const whole = oneLine(text);
  if (above !== undefined && whole === oneLine(above)) return 'as above';
  let shared = 0;
  if (above !== undefined) {
    const previous = oneLine(above);
    let same = 0;
    while (same < whole.length && whole[same] === previous[same]) same++;
    for (const separator of [', ', '; ', ': ', ' (']) {
      const at = whole.lastIndexOf(separator, same - separator.length);
      if (at >= 20) shared = Math.max(shared, at + separator.length);
    }
  }
  // cut as if whole, so that what is shown of it does not depend on the entry above
  const shown = cutOrigin(whole, cut);
  return shared > 0 && shared < shown.length ? `…${shown.slice(shared)}` : shown;
}

/**
 * The front page, bench/RESULTS.md: for every area a section linking to its page, and for every benchmark
 * one entry of two lines: its name, date, load and current headline figures; then its data's origin, cut
 * short (whole on the area's page), shorter still when the page would be over `limit`.
 */
export function frontPage(
  records: ResultRecord[],
  limit = PAGE_LIMIT,
  supersessions: Supersession[] = [],
): string {
  const benchmarks = benchmarkRuns(records);
  const superseded = supersededBenchmarks(benchmarks, supersessions);
  let page = '';
  for (const cut of ORIGIN_CUTS) {
    page = renderFront(benchmarks, { cut, superseded });
    if (Buffer.byteLength(page) <= limit) break;
  }
  return page;
}

function renderFront(
  benchmarks: ResultRecord[][],
  { cut, superseded }: { cut: number; superseded: Map<string, Supersession> },
): string {
  const usual = usualMachine(benchmarks);
  const out = [
    '# Benchmark results',
    '',
    "_Generated by `npm run results` from `bench/results/*.jsonl` (do not edit): every benchmark's latest",
    `headline figures (its record's \`headline\`, else its first ${FIGURES_SHOWN}), dated, with the load during the run`,
    "and the data's origin. Each area's page, `bench/results/<area>.md`, has its benchmarks whole: the commit,",
    'the machine, the earlier values, the tables, and the benchmarks a later one superseded; how each figure',
    'was reached is in `bench/notes/`._',
    '',
    ...(usual ? [`Machine, unless an area's page names another: ${usual}.`, ''] : []),
    `_Cut short here (…), whole on each area's page: an origin past ${cut} characters, a name past ${NAME_CUT},`,
    `a load past ${LOAD_CUT}; the start of a name or an origin that the entry above has too (…, or "as above")._`,
    '',
  ];
  const areas = new Map<string, ResultRecord[][]>();
  for (const runs of benchmarks) areas.set(runs[0]!.area, [...(areas.get(runs[0]!.area) ?? []), runs]);
  for (const [area, runsOfArea] of areas) {
    const pageName = areaPageName(area);
    out.push(`## ${area} · [page](${pageName}) · [records](results/${area}.jsonl)`, '');
    let above: ResultRecord | undefined;
    for (const runs of runsOfArea) {
      const record = runs.at(-1)!;
      const name = benchmarkOf(record);
      if (superseded.has(`${area}\n${name}`)) continue;
      const shown = headlineFigures(record);
      const more = Object.keys(record.figures).length - shown.length;
      const figures = [
        ...shown.map((figure) => `${oneLine(figure)}: **${record.figures[figure]}**`),
        ...(more > 0 ? [`${more} more`] : []),
      ];
      const shownName = shownAfter(name, { above: above && benchmarkOf(above), cut: NAME_CUT });
      out.push(
        `- **${shownName}** · ${day(record.date)} · load ${cutOrigin(record.load, LOAD_CUT)}${figures.length > 0 ? ` · ${figures.join('; ')}` : ''}\\`,
        `  Data: ${shownAfter(record.origin, { above: above?.origin, cut })}`,
      );
      above = record;
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Every page the records make, by its path from bench/: RESULTS.md and one page an area. */
export function resultsPages(
  records: ResultRecord[],
  supersessions: Supersession[] = [],
): Map<string, string> {
  const pages = new Map<string, string>([['RESULTS.md', frontPage(records, PAGE_LIMIT, supersessions)]]);
  const areas = new Map<string, ResultRecord[][]>();
  for (const runs of benchmarkRuns(records))
    areas.set(runs[0]!.area, [...(areas.get(runs[0]!.area) ?? []), runs]);
  for (const [area, benchmarks] of areas)
    pages.set(areaPageName(area), areaPage(area, benchmarks, supersessions));
  return pages;
}

/** The area pages in `dir` now (generated or not): a page without records is stale. */
function areaPagesOnDisk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => `results/${file}`);
}

/**
 * Writes every page from the records and the supersessions beside them (`<area>.supersedes.json` in
 * `bench/results/`); removes the pages of areas that have no records any more.
 */
export function writeResultsPages(
  records: ResultRecord[] = readRecords(),
  bench = BENCH,
  supersessions = readSupersessions(join(bench, 'results')),
): string[] {
  const pages = resultsPages(records, supersessions);
  mkdirSync(join(bench, 'results'), { recursive: true });
  for (const stale of areaPagesOnDisk(join(bench, 'results'))) {
    if (pages.has(stale)) continue;
    // only a page this generator wrote
    if (readFileSync(join(bench, stale), 'utf8').startsWith('# Benchmark results: '))
      rmSync(join(bench, stale));
  }
  for (const [name, text] of pages) writeFileSync(join(bench, name), text);
  return [...pages.keys()];
}

/**
 * What is wrong with the pages against the records: stale, missing, without records, or over their size;
 * and a supersession that does not hold (naming no benchmark of its area, or one that measures something else).
 */
export function resultsPageProblems(
  records: ResultRecord[] = readRecords(),
  bench = BENCH,
  supersessions = readSupersessions(join(bench, 'results')),
): string[] {
  const problems: string[] = supersessionProblems(benchmarkRuns(records), supersessions);
  const pages = resultsPages(records, supersessions);
  for (const [name, expected] of pages) {
    const path = join(bench, name);
    const actual = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (actual === undefined) problems.push(`bench/${name} is missing: run \`npm run results\``);
    else if (actual !== expected) problems.push(`bench/${name} is stale: run \`npm run results\``);
  }
  for (const name of areaPagesOnDisk(join(bench, 'results')))
    if (!pages.has(name))
      problems.push(`bench/${name} has no records: run \`npm run results\`, which removes it`);
  const front = Buffer.byteLength(pages.get('RESULTS.md')!);
  if (front > PAGE_LIMIT)
    problems.push(
      `bench/RESULTS.md would be ${front} bytes, over ${PAGE_LIMIT} even with every origin cut to ${ORIGIN_CUTS.at(-1)} characters: shorten the longest benchmark names (a record's \`benchmark\`) or their headline figures' names, or name fewer headline figures`,
    );
  for (const [name, text] of pages) {
    const size = Buffer.byteLength(text);
    if (name !== 'RESULTS.md' && size > AREA_PAGE_LIMIT)
      problems.push(
        `bench/${name} would be ${size} bytes, over ${AREA_PAGE_LIMIT}: move some of its benchmarks to an area of their own (their records to a new bench/results/<area>.jsonl, with that \`area\`), or drop \`tableOnPage\` from records whose table is not needed there`,
      );
  }
  return problems;
}

if (process.argv[1] === import.meta.filename) {
  const written = writeResultsPages();
  process.stderr.write(
    `results: bench/RESULTS.md and ${written.length - 1} area pages in bench/results/ written\n`,
  );
}
