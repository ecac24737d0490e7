/**
 * Selection on real model output (issue 43): CodeT's CodeGen-16B HumanEval recording, the even-numbered
 * problems (`../shared/datasets/selection-real`), split into a tuning and a kept-back part
 * (real-data-split.ts).
 *
 * The expensive part — every sample against every model-written assertion, in the sandbox, through
 * `vouch eval --select`'s own code (selectSamples → selectByAgreement → runAgreementMatrix) — runs once and
 * is cached under bench/.work/selection-real/ with the ground truth (the official harness's verdicts), so
 * rankings can be compared on the same matrices in milliseconds. A ranking is a function of what
 * `selectByAgreement` hands it (matrix, merged tests, weights, log-probabilities), so a ranking measured on
 * the cache is what `vouch eval --select` and `generate --n K` run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createExecutor,
  datasetFile,
  datasetsDir,
  loadBenchmark,
  readSamples,
  readTests,
  scoreSamples,
  selectSamples,
} from '../../src/eval/index.js';
import { type AgreementMatrix, type MergedTests, mergeTests } from '../../src/selection/index.js';
import { cpuSeconds, loadAverage } from './cpu.js';
import { REAL_DATA_SHA256, type RealDataSplit, splitRealData } from './real-data-split.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REAL_WORK = join(here, '..', '.work', 'selection-real');
const CACHE = join(REAL_WORK, 'matrices.json');

/** One problem as `vouch eval --select` saw it, and the truth about its samples. */
export interface RealProblem {
  taskId: string;
  /** per sample (in file order): passes the benchmark's hidden tests */
  correct: boolean[];
  /** per sample: its failure kind under the official harness ('' when it passed) */
  failure: string[];
  tests: MergedTests;
  matrix: AgreementMatrix;
  /** CodeT keeps the first 5 assertions of each answer: those assertions (indices into tests) and counts */
  firstFive: { assertions: number[]; counts: number[] };
  /** the problem's selection time in the run that built the cache */
  ms: number;
}

export interface RealCache {
  /** how the cache was built: when, how long, on what load */
  built: { at: string; seconds: number; cpuSeconds: number; load: string; scoringSeconds: number };
  problems: RealProblem[];
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function realDataFiles(datasets = datasetsDir(undefined)): { samples: string; tests: string } {
  const files = {
    samples: datasetFile(datasets, 'selection-real/samples.jsonl'),
    tests: datasetFile(datasets, 'selection-real/tests.jsonl'),
  };
  for (const key of ['samples', 'tests'] as const)
    if (sha256(files[key]) !== REAL_DATA_SHA256[key])
      throw new Error(`${files[key]} is not the file the split was made for (sha256 differs)`);
  return files;
}

export function realSplit(cache: RealCache): RealDataSplit {
  return splitRealData(cache.problems.map((problem) => problem.taskId));
}

/** The cached matrices, built first when there are none (one sandboxed run of the whole even half). */
export async function realCache(options: { rebuild?: boolean } = {}): Promise<RealCache> {
  if (!options.rebuild && existsSync(CACHE)) return JSON.parse(readFileSync(CACHE, 'utf8')) as RealCache;
  mkdirSync(REAL_WORK, { recursive: true });
  const datasets = datasetsDir(undefined);
  const files = realDataFiles(datasets);
  const benchmark = loadBenchmark('humaneval', { datasets });
  const samples = readSamples(files.samples);
  const tests = readTests(files.tests);
  const executor = createExecutor({});
  const load = loadAverage();
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const problems: RealProblem[] = [];
  let scoringSeconds = 0;
  let cpu = 0;
  try {
    process.stderr.write(`real selection data: scoring ${samples.length} samples (official harness)…\n`);
    const truth = await scoreSamples({
      benchmark,
      samples,
      executor,
      timeoutMs: 3000,
      resultsFile: join(REAL_WORK, 'samples_results.jsonl'),
    });
    scoringSeconds = (performance.now() - started) / 1000;
    process.stderr.write(`real selection data: the matrices (${tests.size} problems)…\n`);
    const outcome = await selectSamples({
      benchmark,
      scored: truth.scored,
      tests,
      executor,
      onProgress: (done, total) => process.stderr.write(`\r  ${done}/${total}`),
      onSelection: (taskId, selection, correct) => {
        const failure = truth.scored
          .filter(({ problem }) => problem.taskId === taskId)
          .map(({ verdict }) => (verdict.passed ? '' : (verdict.kind ?? 'unknown')));
        problems.push({
          taskId,
          correct: [...correct],
          failure,
          tests: selection.tests,
          matrix: selection.matrix,
          firstFive: { assertions: [], counts: [] },
          ms: 0,
        });
      },
    });
    process.stderr.write('\n');
    const msOf = new Map(outcome.records.map((record) => [record.task_id, record.ms]));
    for (const problem of problems) {
      problem.ms = msOf.get(problem.taskId) ?? 0;
      const five = await mergeTests('python', tests.get(problem.taskId) ?? [], 5);
      const indexOf = new Map(problem.tests.assertions.map((text, index) => [text, index]));
      problem.firstFive = {
        assertions: five.assertions.map((text) => indexOf.get(text)!),
        counts: five.counts,
      };
    }
    // Before the pools close: their sandboxed workers' time is counted only while they live (cpu.ts).
    cpu = cpuSeconds() - cpuBefore;
  } finally {
    await executor.close();
  }
  const number = (taskId: string) => Number(taskId.split('/').at(-1));
  problems.sort((a, b) => number(a.taskId) - number(b.taskId));
  const cache: RealCache = {
    built: {
      at: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: cpu,
      load,
      scoringSeconds,
    },
    problems,
  };
  writeFileSync(CACHE, JSON.stringify(cache));
  return cache;
}
