import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import {
  type BehaviourAgreement,
  behaviourOf,
  type EngineSettings,
  expectedTopCorrect,
  RANK_METHODS,
  type RankMethod,
  type Selection,
  selectByAgreement,
} from '../selection/index.js';
import type { Executor } from './executor.js';
import { readJsonl } from './jsonl.js';
import type { Benchmark } from './problem.js';
import type { ScoredSample } from './score.js';

const TestRecord = z.looseObject({
  task_id: z.union([z.string().min(1), z.number().int()]),
  test: z.string(),
});

/** `{task_id, test}` lines of raw model-written tests, grouped by task. */
export function readTests(file: string): Map<string, string[]> {
  const byTask = new Map<string, string[]>();
  const hint = 'each line must be a JSON object like {"task_id": "HumanEval/0", "test": "assert f(1) == 2"}';
  for (const { value } of readJsonl(file, TestRecord, hint)) {
    const key = String(value.task_id);
    const list = byTask.get(key);
    if (list) list.push(value.test);
    else byTask.set(key, [value.test]);
  }
  return byTask;
}

/** One problem's selection, kept in `<samples>_selection.jsonl`. */
export interface SelectionRecord {
  task_id: string;
  method: RankMethod;
  /** distinct assertions after splitting and merging the test answers */
  assertions: number;
  dropped_assertions: number;
  /** assertions not counted: do not parse, read undefined names, or hang for everyone */
  invalid_assertions: number;
  hanging_assertions: number;
  /** candidate programs actually run after merging identical and same-tree ones */
  runs: number;
  /** candidates by how they ended (ok, syntax, broken, hanging, budget, crashing, error) */
  candidates: Record<string, number>;
  /** consensus groups, best first: sample indices, assertions passed, score */
  groups: { samples: number[]; passed_assertions: number; score: number }[];
  /** the tied best samples (uniform pick among them) */
  top: number[];
  /** probability that the pick passes the hidden tests */
  expected_pass: number;
  /**
   * the one sample vouch delivers (the first of the tied best, by sample index) and how its behaviour
   * agrees with the other samples': what its confidence is judged by (calibration.ts)
   */
  delivered?: { sample: number; behaviour: BehaviourAgreement };
  /**
   * the first distinct programs in the order generate would weigh them before their checks (by agreement
   * rank, then samples that wrote the same program, then index), `delivered`'s first: the candidates the
   * delivery walks through, checking each, until one passes its checks (calibration.ts)
   */
  order?: DeliveryCandidate[];
  /** set when the sandbox could not run this problem's matrix (the pick is then uniform) */
  error?: string;
  /**
   * set when the matrix gave the ranking nothing to go on (the job failed, no usable candidate, no usable
   * assertion): the pick is uniform, a guess and not a ranking. A rerun ranks the problem again.
   */
  unranked?: string;
  ms: number;
  /** content hash of what decided this record (candidates, tests, method, engine): a rerun reuses it */
  key: string;
}

export interface SelectionOutcome {
  records: SelectionRecord[];
  /** selected pass@1: mean over problems of expected_pass (an unranked problem's uniform pick included) */
  passAt1: number;
  /** problems the selection could not rank (`unranked` set): their pick is uniform, not verified */
  unranked: { taskId: string; reason: string }[];
  /** problems whose record was reused from the selection file */
  resumed: number;
  /** stopped by the signal before every problem was ranked */
  interrupted: boolean;
}

/**
 * A sample's mean token log-probability, when its record carries one: `mean_logprob` (a number) or
 * `logprobs` (the tokens' log-probabilities). Anything else is no information.
 */
export function meanLogprobOf(record: Record<string, unknown>): number | undefined {
  const mean = record.mean_logprob;
  if (typeof mean === 'number' && Number.isFinite(mean)) return mean;
  const tokens = record.logprobs;
  if (
    Array.isArray(tokens) &&
    tokens.length > 0 &&
    tokens.every((value) => typeof value === 'number' && Number.isFinite(value))
  )
    return (tokens as number[]).reduce((sum, value) => sum + value, 0) / tokens.length;
  return undefined;
}

/** A candidate the delivery may pick: its sample, its agreement rank (0 best), its votes, its behaviour. */
export interface DeliveryCandidate {
  sample: number;
  rank: number;
  /** samples that wrote this same program */
  votes: number;
  behaviour: BehaviourAgreement;
}

/** How many distinct programs the delivery checks at most, in agreement order (each goes through every check). */
export const DELIVERY_CANDIDATES = 3;

function deliveryOrder(
  selection: Selection,
  entries: readonly ScoredSample[],
  candidates: readonly string[],
): DeliveryCandidate[] {
  const votes = new Map<string, number>();
  for (const code of candidates) votes.set(code, (votes.get(code) ?? 0) + 1);
  const rankOf = (index: number) => selection.ranking.rankOf[index] ?? Number.MAX_SAFE_INTEGER;
  const order = candidates
    .map((code, index) => ({ code, index }))
    .sort(
      (a, b) =>
        rankOf(a.index) - rankOf(b.index) ||
        (votes.get(b.code) ?? 0) - (votes.get(a.code) ?? 0) ||
        a.index - b.index,
    );
  // the first of the tied best leads, as delivered before
  const first = selection.ranking.top[0] ?? 0;
  const seen = new Set<string>([candidates[first]!]);
  const picked = [first];
  for (const { code, index } of order) {
    if (picked.length >= DELIVERY_CANDIDATES) break;
    if (seen.has(code)) continue;
    seen.add(code);
    picked.push(index);
  }
  return picked.map((index) => ({
    sample: entries[index]!.sample.index,
    rank: rankOf(index),
    votes: votes.get(candidates[index]!) ?? 1,
    behaviour: behaviourOf(selection, index),
  }));
}

/** The sample delivered: the first of the tied best candidates (they are in index order), never a coin flip. */
function deliveredOf(
  selection: Selection,
  entries: readonly ScoredSample[],
): { sample: number; behaviour: BehaviourAgreement } {
  const pick = selection.ranking.top[0] ?? 0;
  return { sample: entries[pick]!.sample.index, behaviour: behaviourOf(selection, pick) };
}

function selectionKey(parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(JSON.stringify(part)).update('\0');
  return hash.digest('hex').slice(0, 24);
}

/** A line of the selection file, as a rerun reuses it: every field a record is written with. */
const SelectionLine = z.looseObject({
  task_id: z.string(),
  method: z.enum(RANK_METHODS),
  assertions: z.number(),
  dropped_assertions: z.number(),
  invalid_assertions: z.number(),
  hanging_assertions: z.number(),
  runs: z.number(),
  candidates: z.record(z.string(), z.number()),
  groups: z.array(
    z.looseObject({
      samples: z.array(z.number()),
      passed_assertions: z.number(),
      // JSON writes a group's score of −∞ (no chance at all) as null
      score: z
        .number()
        .nullable()
        .transform((score) => score ?? Number.NEGATIVE_INFINITY),
    }),
  ),
  top: z.array(z.number().int().nonnegative()),
  expected_pass: z.number(),
  error: z.string().optional(),
  unranked: z.string().optional(),
  ms: z.number(),
  key: z.string(),
});

/**
 * Records already in the selection file, by task. A line cut off by an interrupted run, or one that is not
 * a whole record (another tool's, an older format), is left out: that problem is ranked again.
 */
export function readSelection(file: string | undefined): Map<string, SelectionRecord> {
  const records = new Map<string, SelectionRecord>();
  if (!file || !existsSync(file)) return records;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const record = SelectionLine.safeParse(json);
    if (record.success) records.set(record.data.task_id, record.data);
  }
  return records;
}

/**
 * Ranks each problem's samples by execution agreement with the model-written tests (never the benchmark's
 * hidden tests), then reads the chosen candidates' correctness from the scored verdicts. Problems run side
 * by side, one sandbox job each.
 */
export async function selectSamples(options: {
  benchmark: Benchmark;
  scored: readonly ScoredSample[];
  tests: ReadonlyMap<string, readonly string[]>;
  executor: Executor;
  method?: RankMethod;
  engine?: Partial<EngineSettings>;
  /** keep only the first N assertions of each test answer (CodeT keeps 5); default all */
  assertionsPerAnswer?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** `<samples>_selection.jsonl`: records are appended as problems finish and reused by a rerun */
  selectionFile?: string;
  /** every problem's full selection (matrix and ranking) as it is made, for callers that study them */
  onSelection?: (taskId: string, selection: Selection, correct: readonly boolean[]) => void;
}): Promise<SelectionOutcome> {
  const byTask = new Map<string, ScoredSample[]>();
  for (const entry of options.scored) {
    const list = byTask.get(entry.problem.taskId);
    if (list) list.push(entry);
    else byTask.set(entry.problem.taskId, [entry]);
  }
  const tasks = [...byTask.entries()];
  const records: SelectionRecord[] = new Array(tasks.length);
  const method = options.method ?? 'vouch';
  const earlier = readSelection(options.selectionFile);
  // Start from the records worth keeping (a cut-off line goes), so a run interrupted before it reaches a
  // problem ranked earlier still leaves that ranking on disk; a newer record of a task is appended after.
  if (options.selectionFile)
    writeFileSync(
      options.selectionFile,
      [...earlier.values()].map((record) => `${JSON.stringify(record)}\n`).join(''),
    );
  let resumed = 0;
  let next = 0;
  let done = 0;
  options.onProgress?.(0, tasks.length);
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !options.signal?.aborted) {
      const position = next++;
      const [taskId, entries] = tasks[position]!;
      const problem = entries[0]!.problem;
      const candidates = entries.map(({ sample }) => options.benchmark.solution(problem, sample.completion));
      const rawTests = options.tests.get(taskId) ?? [];
      const correct = entries.map(({ verdict }) => verdict.passed);
      const logprobs = entries.map(({ sample }) => meanLogprobOf(sample.record));
      const withLogprobs = logprobs.some((value) => value !== undefined);
      const key = selectionKey([
        method,
        options.engine ?? {},
        options.assertionsPerAnswer ?? null,
        problem.entryPoint,
        candidates,
        rawTests,
        ...(withLogprobs ? [logprobs] : []),
      ]);
      const reused = earlier.get(taskId);
      if (
        reused &&
        reused.key === key &&
        !reused.error &&
        !reused.unranked &&
        reused.delivered &&
        reused.order
      ) {
        const indexOf = new Map(entries.map(({ sample }, member) => [sample.index, member]));
        const top = reused.top.map((index) => indexOf.get(index));
        if (top.every((member) => member !== undefined)) {
          records[position] = {
            ...reused,
            expected_pass: top.filter((member) => correct[member!]).length / Math.max(1, top.length),
          };
          resumed++;
          options.onProgress?.(++done, tasks.length);
          continue;
        }
      }
      const started = performance.now();
      const selection = await selectByAgreement({
        language: options.benchmark.language,
        candidates,
        rawTests,
        entryPoint: problem.entryPoint,
        runner: options.executor,
        method,
        ...(options.engine ? { engine: options.engine } : {}),
        ...(options.assertionsPerAnswer ? { assertionsPerAnswer: options.assertionsPerAnswer } : {}),
        ...(withLogprobs ? { logprobs } : {}),
      });
      options.onSelection?.(taskId, selection, correct);
      const statuses: Record<string, number> = {};
      for (const status of selection.matrix.status) statuses[status] = (statuses[status] ?? 0) + 1;
      const invalid = selection.matrix.assertionStatus.filter((status) => status !== 'ok').length;
      records[position] = {
        task_id: taskId,
        method,
        assertions: selection.tests.assertions.length,
        dropped_assertions: selection.tests.dropped,
        invalid_assertions: invalid,
        hanging_assertions: selection.matrix.assertionStatus.filter((status) => status === 'hanging').length,
        runs: selection.matrix.runs,
        candidates: statuses,
        groups: selection.ranking.groups.map((group) => ({
          samples: group.members.map((member) => entries[member]!.sample.index),
          passed_assertions: group.passedTests.length,
          score: group.score,
        })),
        top: selection.ranking.top.map((member) => entries[member]!.sample.index),
        expected_pass: expectedTopCorrect(selection.ranking, correct),
        delivered: deliveredOf(selection, entries),
        order: deliveryOrder(selection, entries, candidates),
        ...(selection.matrix.error ? { error: selection.matrix.error } : {}),
        ...(selection.unranked ? { unranked: selection.unranked } : {}),
        ms: Math.round(performance.now() - started),
        key,
      };
      if (options.selectionFile)
        appendFileSync(options.selectionFile, `${JSON.stringify(records[position])}\n`);
      options.onProgress?.(++done, tasks.length);
    }
  };
  const workers = Math.max(1, Math.min(options.executor.concurrency + 1, tasks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const finished = records.filter((record) => record !== undefined);
  const interrupted = finished.length < tasks.length;
  if (options.selectionFile && !interrupted) {
    // In task order at the end, as the results file is.
    writeFileSync(
      `${options.selectionFile}.tmp`,
      finished.map((record) => JSON.stringify(record)).join('\n') + '\n',
    );
    renameSync(`${options.selectionFile}.tmp`, options.selectionFile);
  }
  const passAt1 = finished.length
    ? finished.reduce((sum, record) => sum + record.expected_pass, 0) / finished.length
    : 0;
  const unranked = finished.flatMap((record) =>
    record.unranked ? [{ taskId: record.task_id, reason: record.unranked }] : [],
  );
  return { records: finished, passAt1, unranked, resumed, interrupted };
}
