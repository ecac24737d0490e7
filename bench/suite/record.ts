/**
 * The suite's own timing (issue 56: the unit tier ≤ 90 s, the whole suite ≤ 6 min on a quiet 2-core
 * machine). Reads the JSON report of a Vitest run and appends one record to `bench/results/suite.jsonl`:
 * which tier ran (`unit`, `e2e`, or `both` for `npm test`), its files, tests and wall time, Vitest's time
 * per file summed by tier, and the slowest files. Each file's tier is the one `test/support/test-tiers.ts`
 * gives it, so a report of the whole suite is split the way `vitest.config.ts` splits it.
 *
 *   npx vitest run --reporter=default --reporter=json --outputFile.json=/tmp/suite.json
 *   npm run bench:suite -- /tmp/suite.json [--load "<uptime's load averages during the run>"] [--commit <sha>]
 *
 * The wall time is the report's: from Vitest's start to the end of its last file (so a compile by the
 * globalSetup is in it). Without `--load` the record takes the load averages at the time it is recorded,
 * and says so: give the load seen during the run when there is one. The commit is HEAD's (with `+changes`
 * when the tree has uncommitted changes) unless `--commit` names the one the run measured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { isEndToEnd } from '../../test/support/test-tiers.js';
import { loadLine, recordResults, table } from '../results.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** How many of the slowest files a record keeps. */
const SLOWEST = 10;

// the parts of Vitest's JSON report (its `JsonTestResults`) a record reads
const reportSchema = z.object({
  numTotalTests: z.number(),
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number().optional(),
  startTime: z.number(),
  success: z.boolean(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      startTime: z.number(),
      endTime: z.number(),
      assertionResults: z.array(z.object({ status: z.string() })),
    }),
  ),
});
export type SuiteReport = z.infer<typeof reportSchema>;

export type Tier = 'unit' | 'e2e';

export interface SlowFile {
  file: string;
  tier: Tier;
  seconds: number;
}

export interface SuiteSummary {
  /** which tiers the run held: one of them, or `both` (npm test) */
  tier: Tier | 'both';
  files: number;
  tests: number;
  /** seconds from Vitest's start to the end of its last file */
  wall: number;
  slowest: SlowFile[];
  figures: Record<string, number>;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Reads and checks a Vitest JSON report; an error says what to run when the file is not one. */
export function readReport(path: string): SuiteReport {
  if (!existsSync(path)) {
    throw new Error(
      `no report at ${path}: run \`npx vitest run --reporter=default --reporter=json --outputFile.json=${path}\` first`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not JSON (${(error as Error).message}): give Vitest's JSON report`);
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${path} is not a Vitest JSON report (${problems.join('; ')})`);
  }
  return parsed.data;
}

/** A test file's tier, as vitest.config.ts gives it (test/support/test-tiers.ts). */
export function tierOfFile(file: string): Tier {
  const path = isAbsolute(file) ? file : join(ROOT, file);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return isEndToEnd(relative(ROOT, path), text) ? 'e2e' : 'unit';
}

/** What a record says of a run: counts and Vitest's file time by tier, the wall time, the slowest files. */
export function summarise(report: SuiteReport, tierOf: (file: string) => Tier = tierOfFile): SuiteSummary {
  const files = report.testResults.map((result) => ({
    file: isAbsolute(result.name) ? relative(ROOT, result.name) : result.name,
    tier: tierOf(result.name),
    ms: Math.max(0, result.endTime - result.startTime),
    tests: result.assertionResults.length,
    failed: result.status === 'failed',
  }));
  const end = Math.max(report.startTime, ...files.map((_, index) => report.testResults[index]!.endTime));
  const tiers = (['unit', 'e2e'] as const).filter((tier) => files.some((file) => file.tier === tier));
  const tier = tiers.length === 1 ? tiers[0]! : 'both';
  const wall = seconds(end - report.startTime);
  const figures: Record<string, number> = {
    wall_s: wall,
    files: files.length,
    tests: report.numTotalTests,
    failed_tests: report.numFailedTests,
    skipped_tests: report.numPendingTests + (report.numTodoTests ?? 0),
    failed_files: files.filter((file) => file.failed).length,
  };
  if (tier === 'both') {
    for (const each of tiers) {
      const ofTier = files.filter((file) => file.tier === each);
      figures[`${each}_files`] = ofTier.length;
      figures[`${each}_tests`] = ofTier.reduce((sum, file) => sum + file.tests, 0);
      figures[`${each}_file_time_s`] = seconds(ofTier.reduce((sum, file) => sum + file.ms, 0));
    }
  } else {
    figures.file_time_s = seconds(files.reduce((sum, file) => sum + file.ms, 0));
  }
  const slowest = [...files]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SLOWEST)
    .map((file) => ({ file: file.file, tier: file.tier, seconds: seconds(file.ms) }));
  if (slowest[0]) figures.slowest_file_s = slowest[0].seconds;
  return { tier, files: files.length, tests: report.numTotalTests, wall, slowest, figures };
}

const TITLES: Record<SuiteSummary['tier'], string> = {
  both: 'the whole suite (npm test: both tiers)',
  unit: 'the unit tier (npm run test:unit)',
  e2e: 'the end-to-end tier (npm run test:e2e)',
};

/** The table a record keeps: the slowest files with their tier and Vitest's time. */
export function slowestTable(summary: SuiteSummary): string {
  return table(
    ['file', 'tier', 'Vitest time (s)'],
    summary.slowest.map((slow) => [`\`${slow.file}\``, slow.tier, slow.seconds]),
  );
}

/** A path as a record names it: inside the repository relative to it, elsewhere whole. */
function shownPath(path: string): string {
  const inside = relative(ROOT, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

function main(argv: string[]): void {
  const args = [...argv];
  const load = option(args, '--load');
  const commit = option(args, '--commit');
  const path = args[0];
  if (!path || args.length > 1) {
    throw new Error(
      'usage: npm run bench:suite -- <vitest-report.json> [--load "<load averages during the run>"]',
    );
  }
  const report = readReport(resolve(path));
  const summary = summarise(report);
  const markdown = slowestTable(summary);
  const record = recordResults('suite', TITLES[summary.tier], markdown, {
    origin:
      "this repository's own test files (src/**/*.test.ts, test/**/*.test.ts), each file's tier as " +
      `test/support/test-tiers.ts gives it; Vitest's JSON report ${shownPath(resolve(path))}` +
      (report.success ? '' : `; the run failed (${report.numFailedTests} tests)`),
    figures: summary.figures,
    date: new Date(report.startTime).toISOString(),
    ...(commit ? { commit } : {}),
    load: load ?? `${loadLine()} (when recorded, not during the run)`,
    fields: {
      tier: summary.tier,
      files: summary.files,
      tests: summary.tests,
      wall: summary.wall,
      slowest: summary.slowest,
    },
  });
  process.stdout.write(
    `${markdown}\n\nrecorded in bench/results/suite.jsonl: ${record.title}, ${summary.wall} s\n`,
  );
}

if (process.argv[1] === import.meta.filename) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench:suite: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
