import type { BehaviourAgreement } from '../selection/index.js';
import type { Benchmark } from './problem.js';
import type { ScoredSample } from './score.js';
import { DELIVERY_CANDIDATES, type DeliveryCandidate, type SelectionRecord } from './select-samples.js';

export type ConfidenceLevel = 'low' | 'medium' | 'high';

/** What a judge says of one delivered sample: generate's confidence, its reasons and its evidence. */
export interface DeliveredJudgement {
  confidence: ConfidenceLevel;
  reasons: string[];
  evidence: { kind: string; independent: boolean; detail: string }[];
  /** the checks it went through, by name and status (the reasons say why) */
  checks: { name: string; status: string; reason?: string; blocking?: boolean }[];
  /** the request's own examples run against it (the `examples` check): how many, how many passed */
  examples?: { total: number; passed: number };
  /** candidates checked, in agreement order, before the one delivered was known (generate's ranking) */
  checked?: number;
}

/** A candidate the delivery may pick, as the judge gets it. */
export interface JudgedCandidate {
  /** its index in the samples file */
  sample: number;
  /** the candidate program without the hidden tests */
  code: string;
  /** its agreement rank among the samples (0 best) and the samples that wrote the same program */
  rank: number;
  votes: number;
  behaviour: BehaviourAgreement;
}

/**
 * Picks the sample `generate` would deliver among a problem's candidates (in agreement order: the
 * selection's best first) and judges its confidence as generate would. The CLI injects the tasks' one path
 * (tasks/candidate-confidence.ts `deliverGeneratedCandidate`: the same checks, generate's ranking by failed
 * checks then agreement, the same rules): eval sits below tasks and runs no check itself.
 */
export type DeliveredJudge = (
  problem: {
    taskId: string;
    /** the problem as the user wrote it (the benchmark's prompt): its examples are the user's tests */
    request: string;
    language: Benchmark['language'];
    /** samples it was chosen among */
    candidates: number;
    order: JudgedCandidate[];
  },
  signal?: AbortSignal,
) => Promise<DeliveredJudgement & { chosen: number }>;

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
  // a record without the order (written before it existed) has its delivered sample alone to offer
  const orderOf = (record: SelectionRecord): DeliveryCandidate[] =>
    (record.order ?? [{ ...record.delivered!, rank: 0, votes: 1 }])
      .slice(0, DELIVERY_CANDIDATES)
      .filter((candidate) => bySample.has(candidate.sample));
  const delivered: DeliveredRecord[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  options.onProgress?.(0, jobs.length);
  const worker = async (): Promise<void> => {
    while (next < jobs.length && !options.signal?.aborted) {
      const position = next++;
      const record = jobs[position]!;
      const order = orderOf(record);
      const problem = bySample.get(order[0]!.sample)!.problem;
      const judged = await options.judge(
        {
          taskId: record.task_id,
          request: problem.prompt,
          language: options.benchmark.language,
          candidates: seen.get(record.task_id) ?? 1,
          order: order.map((candidate) => {
            const entry = bySample.get(candidate.sample)!;
            return { ...candidate, code: options.benchmark.solution(entry.problem, entry.sample.completion) };
          }),
        },
        options.signal,
      );
      const { chosen, ...judgement } = judged;
      const pick = order[chosen] ?? order[0]!;
      delivered[position] = {
        taskId: record.task_id,
        sample: pick.sample,
        passed: bySample.get(pick.sample)!.verdict.passed,
        behaviour: pick.behaviour,
        ...judgement,
      };
      options.onProgress?.(++done, jobs.length);
    }
  };
  // a few problems at a time: each candidate's checks mostly wait on processes (mypy, flake8, the sandbox)
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const finished = delivered.filter((record) => record !== undefined);
  return { delivered: finished, calibration: calibrationOf(finished) };
}
