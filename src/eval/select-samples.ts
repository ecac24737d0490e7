import { z } from 'zod';
import {
  type EngineSettings,
  expectedTopCorrect,
  type RankMethod,
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
  /** set when the sandbox could not run this problem's matrix (the pick is then uniform) */
  error?: string;
  ms: number;
}

export interface SelectionOutcome {
  records: SelectionRecord[];
  /** selected pass@1: mean over problems of expected_pass */
  passAt1: number;
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
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
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
  let next = 0;
  let done = 0;
  options.onProgress?.(0, tasks.length);
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !options.signal?.aborted) {
      const position = next++;
      const [taskId, entries] = tasks[position]!;
      const problem = entries[0]!.problem;
      const started = performance.now();
      const selection = await selectByAgreement({
        language: options.benchmark.language,
        candidates: entries.map(({ sample }) => options.benchmark.solution(problem, sample.completion)),
        rawTests: options.tests.get(taskId) ?? [],
        entryPoint: problem.entryPoint,
        runner: options.executor,
        method,
        ...(options.engine ? { engine: options.engine } : {}),
      });
      const correct = entries.map(({ verdict }) => verdict.passed);
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
        ...(selection.matrix.error ? { error: selection.matrix.error } : {}),
        ms: Math.round(performance.now() - started),
      };
      options.onProgress?.(++done, tasks.length);
    }
  };
  const workers = Math.max(1, Math.min(options.executor.concurrency + 1, tasks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const finished = records.filter((record) => record !== undefined);
  const passAt1 = finished.length
    ? finished.reduce((sum, record) => sum + record.expected_pass, 0) / finished.length
    : 0;
  return { records: finished, passAt1 };
}
