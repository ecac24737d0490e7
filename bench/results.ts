import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { benchmarkRuns, supersessionProblems } from './results-benchmarks.js';
import { commitLine, figuresFromMarkdown, loadLine, machineLine } from './results-figures.js';
import { AREA_PAGE_LIMIT, ORIGIN_CUTS, PAGE_LIMIT, resultsPages } from './results-pages.js';
import {
  BENCH,
  RESULTS_DIR,
  type ResultRecord,
  readRecords,
  readSupersessions,
  resultRecordSchema,
} from './results-records.js';

/**
 * Results as data. A benchmark prints its table and appends one record to `bench/results/<area>.jsonl`
 * (what was measured, when, on which commit and machine, under what load, on which data, the figures and
 * the table). The pages are generated from those records (`npm run results`): `bench/RESULTS.md`, the front
 * page, gives every benchmark's current headline figures and its data's origin in two lines, by area; each
 * area's page, `bench/results/<area>.md`, gives its benchmarks whole, with their earlier values.
 * Investigations (why a figure moved, what was tried) go to dated notes in `bench/notes/`.
 * test/docs/results-page.test.ts fails when a page is stale or over its size.
 *
 * This module records a run and writes or checks the pages on disk; beside it, what it is made of:
 * `results-figures.ts` (the machine, the load, the commit, tables and their figures), `results-records.ts`
 * (reading the records and supersessions, their schemas), `results-benchmarks.ts` (the benchmarks the
 * records are runs of, and the supersessions checked against them) and `results-pages.ts` (the pages'
 * text). Benchmarks import all of it from here.
 */
export {
  benchmarkOf,
  benchmarkRuns,
  currentRecords,
  supersededBenchmarks,
  supersessionProblems,
} from './results-benchmarks.js';
export {
  commitLine,
  figuresFromMarkdown,
  loadLine,
  machineLine,
  ms,
  percentile,
  table,
} from './results-figures.js';
export {
  AREA_PAGE_LIMIT,
  areaPage,
  areaPageName,
  frontPage,
  headlineFigures,
  PAGE_LIMIT,
  resultsPages,
  shownAfter,
} from './results-pages.js';
export {
  RESULTS_DIR,
  type ResultRecord,
  readRecords,
  readSupersessions,
  resultRecordSchema,
  type Supersession,
  supersessionSchema,
} from './results-records.js';
export const RESULTS_PAGE = join(BENCH, 'RESULTS.md');

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
