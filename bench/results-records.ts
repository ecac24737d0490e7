import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Reading the results: the records of the benchmarks' runs (`bench/results/<area>.jsonl`, one JSON object a
 * line) and the supersessions beside them (`<area>.supersedes.json`), each checked against its schema; a
 * bad line or file is an error that names it and says what to write.
 */
export const BENCH = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
export const RESULTS_DIR = join(BENCH, 'results');

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
          throw new Error(
            `${where} is not a result record (${problems.join('; ')}); see bench/results-records.ts`,
          );
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
        `${where} is not a list of {benchmark, supersedes, date, reason} (${problems.join('; ')}); see bench/results-records.ts`,
      );
    }
    supersessions.push(...parsed.data.map((each) => ({ ...each, area })));
  }
  return supersessions;
}
