import { z } from 'zod';
import { expectedTopCorrect, selectByAgreement } from '../selection/index.js';
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
    byTask.set(key, [...(byTask.get(key) ?? []), value.test]);
  }
  return byTask;
}

/** One problem's selection, kept in `<samples>_selection.jsonl`. */
export interface SelectionRecord {
  task_id: string;
  assertions: number;
  dropped_assertions: number;
  /** consensus groups, best first: sample indices, assertions passed, score */
  groups: { samples: number[]; passed_assertions: number; score: number }[];
  /** the tied best samples (uniform pick among them) */
  top: number[];
  /** probability that the pick passes the hidden tests */
  expected_pass: number;
}

export interface SelectionOutcome {
  records: SelectionRecord[];
  /** selected pass@1: mean over problems of expected_pass */
  passAt1: number;
}

/**
 * Ranks each problem's samples by execution agreement with the model-written tests (never the benchmark's
 * hidden tests), then reads the chosen candidates' correctness from the scored verdicts.
 */
export async function selectSamples(options: {
  benchmark: Benchmark;
  scored: readonly ScoredSample[];
  tests: ReadonlyMap<string, readonly string[]>;
  executor: Executor;
  onProgress?: (done: number, total: number) => void;
}): Promise<SelectionOutcome> {
  const byTask = new Map<string, ScoredSample[]>();
  for (const entry of options.scored) {
    byTask.set(entry.problem.taskId, [...(byTask.get(entry.problem.taskId) ?? []), entry]);
  }
  const records: SelectionRecord[] = [];
  let done = 0;
  for (const [taskId, entries] of byTask) {
    const problem = entries[0]!.problem;
    const selection = await selectByAgreement({
      language: options.benchmark.language,
      candidates: entries.map(({ sample }) => options.benchmark.solution(problem, sample.completion)),
      rawTests: options.tests.get(taskId) ?? [],
      entryPoint: problem.entryPoint,
      runner: options.executor,
    });
    const correct = entries.map(({ verdict }) => verdict.passed);
    records.push({
      task_id: taskId,
      assertions: selection.tests.assertions.length,
      dropped_assertions: selection.tests.dropped,
      groups: selection.ranking.groups.map((group) => ({
        samples: group.members.map((member) => entries[member]!.sample.index),
        passed_assertions: group.passedTests.length,
        score: group.score,
      })),
      top: selection.ranking.top.map((member) => entries[member]!.sample.index),
      expected_pass: expectedTopCorrect(selection.ranking, correct),
    });
    options.onProgress?.(++done, byTask.size);
  }
  const passAt1 = records.length
    ? records.reduce((sum, record) => sum + record.expected_pass, 0) / records.length
    : 0;
  return { records, passAt1 };
}
