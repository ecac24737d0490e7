import type { BehaviourAgreement } from '../selection/index.js';
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

/**
 * Each problem's delivered sample judged as generate would deliver it, and the table of
 * how often each level's deliveries pass the hidden tests. A few problems at a time: each runs the
 * checks in the sandbox.
 *
 * A recorded sample has no tests written beside it (CodeT's recording asked for tests apart): the model's
 * tests are every test answer of the problem, which selection ran on every sample, and what they said of
 * the delivered one is its `behaviour` — so the judge gets no test file of its own, and the rules read the
 * pooled tests from the behaviour (tasks/confidence.ts).
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
  const seen = new Map<string, number>();
  for (const entry of options.scored)
    seen.set(entry.problem.taskId, (seen.get(entry.problem.taskId) ?? 0) + 1);
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
      const judged = await options.judge(
        {
          taskId: record.task_id,
          code: options.benchmark.solution(entry.problem, entry.sample.completion),
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
