import type { BehaviourAgreement } from '../selection/index.js';
import { splitTests, type TestLanguage } from '../selection/index.js';
import type { Benchmark } from './problem.js';
import type { ScoredSample } from './score.js';
import type { SelectionRecord } from './select-samples.js';

export type ConfidenceLevel = 'low' | 'medium' | 'high';

/** What a judge says of one delivered sample: generate's confidence, its reasons and its evidence. */
export interface DeliveredJudgement {
  confidence: ConfidenceLevel;
  reasons: string[];
  evidence: { kind: string; independent: boolean; detail: string }[];
  /** the checks it went through, by name and status (the reasons say why) */
  checks: { name: string; status: string; reason?: string; blocking?: boolean }[];
}

/**
 * Judges a delivered sample's confidence as `generate` would deliver it. The CLI injects the tasks' one
 * path (tasks/candidate-confidence.ts `judgeGeneratedCandidate`): eval sits below tasks and runs no check
 * itself.
 */
export type DeliveredJudge = (
  candidate: {
    taskId: string;
    /** the candidate program without the hidden tests */
    code: string;
    /** the model's own tests for it, as a test file that imports it from `solution` */
    tests: string;
    language: Benchmark['language'];
    /** samples it was chosen among */
    candidates: number;
    behaviour: BehaviourAgreement;
  },
  signal?: AbortSignal,
) => Promise<DeliveredJudgement>;

export interface DeliveredRecord extends DeliveredJudgement {
  taskId: string;
  /** the delivered sample's index in the samples file */
  sample: number;
  /** it passes the benchmark's hidden tests */
  passed: boolean;
  behaviour: BehaviourAgreement;
}

/** Per level: problems delivered at that level, and how many of them pass the hidden tests. */
export type Calibration = Record<ConfidenceLevel, { problems: number; passing: number }>;

export function calibrationOf(
  delivered: readonly Pick<DeliveredRecord, 'confidence' | 'passed'>[],
): Calibration {
  const table: Calibration = {
    high: { problems: 0, passing: 0 },
    medium: { problems: 0, passing: 0 },
    low: { problems: 0, passing: 0 },
  };
  for (const record of delivered) {
    table[record.confidence].problems++;
    if (record.passed) table[record.confidence].passing++;
  }
  return table;
}

const TEST_LANGUAGES: Record<Benchmark['language'], TestLanguage> = {
  python: 'python',
  typescript: 'typescript',
};

/**
 * A model's raw test answer as the test file generate's tests check runs beside a candidate: the answer's
 * complete assertions (fragments cut off by the token limit dropped, as selection drops them), each its
 * own test, importing the candidate from `solution` as generate's prompt asks the model to. Python only:
 * a TypeScript benchmark's solution exports nothing a test file could import (empty: no own tests).
 */
export async function modelTestFile(language: Benchmark['language'], raw: string): Promise<string> {
  const split = await splitTests(TEST_LANGUAGES[language], raw);
  if (split.assertions.length === 0) return '';
  // TypeScript: a HumanEval-TS solution exports nothing a test file could import, so no own tests
  if (language !== 'python') return '';
  const body = split.assertions.map(
    (assertion, index) =>
      `def test_model_assertion_${index + 1}():\n${assertion
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n')}\n`,
  );
  return ['from solution import *', ...split.prelude, '', ...body].join('\n');
}

/**
 * Each problem's delivered sample judged as generate would deliver it, with the model's own tests one of its
 * problem's test answers that hold an assertion (by the sample's position among its problem's, as if one
 * answer had held both), and the table of
 * how often each level's deliveries pass the hidden tests. A few problems at a time: each runs the
 * checks and its tests in the sandbox.
 */
export async function judgeDeliveredSamples(options: {
  benchmark: Benchmark;
  scored: readonly ScoredSample[];
  records: readonly SelectionRecord[];
  tests: ReadonlyMap<string, readonly string[]>;
  judge: DeliveredJudge;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ delivered: DeliveredRecord[]; calibration: Calibration }> {
  const bySample = new Map(options.scored.map((entry) => [entry.sample.index, entry]));
  const positionInTask = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const entry of [...options.scored].sort((a, b) => a.sample.index - b.sample.index)) {
    const position = seen.get(entry.problem.taskId) ?? 0;
    positionInTask.set(entry.sample.index, position);
    seen.set(entry.problem.taskId, position + 1);
  }
  // A problem's test answers that hold a complete assertion (half of CodeT's recording is an empty
  // `assert`): generate asks the model for tests beside its code, and its repair round asks again when
  // there are none, so a delivered sample gets one that says something.
  const usable = new Map<string, Promise<string[]>>();
  const ownTests = async (taskId: string, position: number): Promise<string> => {
    let files = usable.get(taskId);
    if (!files) {
      files = Promise.all(
        (options.tests.get(taskId) ?? []).map((raw) => modelTestFile(options.benchmark.language, raw)),
      ).then((all) => all.filter(Boolean));
      usable.set(taskId, files);
    }
    const list = await files;
    return list.length ? list[position % list.length]! : '';
  };
  const jobs = options.records.filter((record) => record.delivered && bySample.has(record.delivered.sample));
  const delivered: DeliveredRecord[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  options.onProgress?.(0, jobs.length);
  const worker = async (): Promise<void> => {
    while (next < jobs.length && !options.signal?.aborted) {
      const position = next++;
      const record = jobs[position]!;
      const { sample, behaviour } = record.delivered!;
      const entry = bySample.get(sample)!;
      const own = await ownTests(record.task_id, positionInTask.get(sample)!);
      const judged = await options.judge(
        {
          taskId: record.task_id,
          code: options.benchmark.solution(entry.problem, entry.sample.completion),
          tests: own,
          language: options.benchmark.language,
          candidates: seen.get(record.task_id) ?? 1,
          behaviour,
        },
        options.signal,
      );
      delivered[position] = {
        taskId: record.task_id,
        sample,
        passed: entry.verdict.passed,
        behaviour,
        ...judged,
      };
      options.onProgress?.(++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  const finished = delivered.filter((record) => record !== undefined);
  return { delivered: finished, calibration: calibrationOf(finished) };
}
