/**
 * The selection benchmark at scale on SYNTHETIC data: HumanEval with 100 candidates and 100 model-style test
 * files per problem, built by selection_data.py from the reference solutions (seeded; regenerated only when
 * the generator or its seed changes), scored with the official semantics for the ground truth, then ranked
 * by vouch and by CodeT's published method (codet_reference.py) on the same data. It stresses the machinery;
 * rankings are chosen and claims made on real model output (real-run.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Benchmark,
  createExecutor,
  readSamples,
  readTests,
  type ScoredSample,
  type SelectionRecord,
  scoreSamples,
  selectSamples,
} from '../../src/eval/index.js';
import type { EngineSettings, RankMethod, Selection } from '../../src/selection/index.js';
import { cpuSeconds } from './cpu.js';

const here = dirname(fileURLToPath(import.meta.url));
export const WORK = join(here, '..', '.work', 'eval');

export interface SelectionSet {
  /** `dev` and `held-out` (another seed and mix): both synthetic, for the machinery, never for a default */
  name: string;
  seed: number;
  mix: 'standard' | 'shifted';
}

export const SELECTION_SETS: SelectionSet[] = [
  { name: 'dev', seed: 1, mix: 'standard' },
  { name: 'held-out', seed: 2, mix: 'shifted' },
];

export interface SetFiles {
  dir: string;
  samples: string;
  tests: string;
  meta: string;
}

function hashOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The set's files, generated (about 2-4 minutes on two cores) unless an identical build is cached. */
export function ensureSelectionData(set: SelectionSet, humanEvalFile: string): SetFiles {
  const generator = join(here, 'selection_data.py');
  const stamp = hashOf(readFileSync(generator, 'utf8'), readFileSync(humanEvalFile).toString('base64'));
  const dir = join(WORK, `selection-${set.name}-${set.seed}-${set.mix}`);
  const files = {
    dir,
    samples: join(dir, 'samples.jsonl'),
    tests: join(dir, 'tests.jsonl'),
    meta: join(dir, 'meta.jsonl'),
  };
  const stampFile = join(dir, 'stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return files;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`selection benchmark: building ${set.name} (seed ${set.seed}, ${set.mix} mix)…\n`);
  const run = spawnSync(
    '/usr/bin/python3',
    [generator, humanEvalFile, dir, String(set.seed), set.mix],
    // A fixed hash seed: set orders in the values tests write must not change between builds.
    { encoding: 'utf8', env: { ...process.env, PYTHONHASHSEED: '0' }, maxBuffer: 1 << 26 },
  );
  if (run.status !== 0) throw new Error(`selection_data.py failed: ${run.stderr.slice(-2000)}`);
  writeFileSync(stampFile, stamp);
  return files;
}

export interface Phase {
  seconds: number;
  cpuSeconds: number;
}

/** Ground truth: every sample scored with the official harness's semantics (resumes from the results file). */
export async function scoreSet(
  benchmark: Benchmark,
  files: SetFiles,
  options: { fresh?: boolean } = {},
): Promise<{ scored: ScoredSample[] } & Phase> {
  const samples = readSamples(files.samples);
  const resultsFile = join(files.dir, options.fresh ? 'timed_results.jsonl' : 'samples_results.jsonl');
  if (options.fresh && existsSync(resultsFile)) writeFileSync(resultsFile, '');
  const executor = createExecutor({});
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  try {
    const outcome = await scoreSamples({ benchmark, samples, executor, timeoutMs: 3000, resultsFile });
    const seconds = (performance.now() - started) / 1000;
    return { scored: outcome.scored, seconds, cpuSeconds: cpuSeconds() - cpuBefore };
  } finally {
    await executor.close();
  }
}

export interface SelectionRun extends Phase {
  passAt1: number;
  records: SelectionRecord[];
}

export async function selectSet(
  benchmark: Benchmark,
  files: SetFiles,
  scored: readonly ScoredSample[],
  options: {
    method?: RankMethod;
    engine?: Partial<EngineSettings>;
    onProgress?: (done: number) => void;
    onSelection?: (taskId: string, selection: Selection, correct: readonly boolean[]) => void;
    assertionsPerAnswer?: number;
    selectionFile?: string;
  } = {},
): Promise<SelectionRun> {
  const tests = readTests(files.tests);
  const executor = createExecutor({});
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  try {
    const outcome = await selectSamples({
      benchmark,
      scored,
      tests,
      executor,
      ...(options.method ? { method: options.method } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
      ...(options.onProgress ? { onProgress: (done: number) => options.onProgress?.(done) } : {}),
      ...(options.onSelection ? { onSelection: options.onSelection } : {}),
      ...(options.assertionsPerAnswer ? { assertionsPerAnswer: options.assertionsPerAnswer } : {}),
      ...(options.selectionFile ? { selectionFile: options.selectionFile } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    return { ...outcome, seconds, cpuSeconds: cpuSeconds() - cpuBefore };
  } finally {
    await executor.close();
  }
}

export interface CodeTRun extends Phase {
  passAt1: number;
  perTask: Record<string, number>;
  executions: number;
  cached: boolean;
}

/**
 * CodeT's own method on the same samples, tests and ground truth (codet_reference.py, unsandboxed: the
 * samples are built by this benchmark from reference code). Its result depends only on the data, so it is
 * cached by the data's hash; `fresh` runs it again (and times it).
 */
export function codetReference(
  humanEvalFile: string,
  files: SetFiles,
  scored: readonly ScoredSample[],
  options: { fresh?: boolean; workers?: number } = {},
): CodeTRun {
  const verdicts = scored.map(({ verdict }) => verdict.passed);
  const script = join(here, 'codet_reference.py');
  const key = hashOf(
    readFileSync(script, 'utf8'),
    readFileSync(files.samples, 'utf8'),
    readFileSync(files.tests, 'utf8'),
    JSON.stringify(verdicts),
  );
  const out = join(files.dir, `codet-${key}.json`);
  if (!options.fresh && existsSync(out)) {
    const cached = JSON.parse(readFileSync(out, 'utf8')) as Omit<CodeTRun, 'cached'>;
    return { ...cached, cached: true };
  }
  const verdictsFile = join(files.dir, 'verdicts.json');
  writeFileSync(verdictsFile, JSON.stringify(verdicts));
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const run = spawnSync(
    '/usr/bin/python3',
    [
      script,
      humanEvalFile,
      files.samples,
      files.tests,
      verdictsFile,
      `${out}.tmp`,
      String(options.workers ?? 4),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (run.status !== 0) throw new Error(`codet_reference.py failed: ${run.stderr.slice(-2000)}`);
  const result = JSON.parse(readFileSync(`${out}.tmp`, 'utf8')) as {
    'pass@1': number;
    perTask: Record<string, number>;
    executions: number;
  };
  const measured = {
    passAt1: result['pass@1'],
    perTask: result.perTask,
    executions: result.executions,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds() - cpuBefore,
  };
  writeFileSync(out, JSON.stringify(measured));
  return { ...measured, cached: false };
}

/** Raw pass@1: the expected correctness of a sample drawn at random, averaged over problems. */
export function rawPassAt1(scored: readonly ScoredSample[]): number {
  const byTask = new Map<string, { n: number; c: number }>();
  for (const { problem, verdict } of scored) {
    const entry = byTask.get(problem.taskId) ?? { n: 0, c: 0 };
    entry.n++;
    if (verdict.passed) entry.c++;
    byTask.set(problem.taskId, entry);
  }
  const values = [...byTask.values()].map(({ n, c }) => c / n);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The best any ranking could do: 1 for every problem with at least one correct sample. */
export function oraclePassAt1(scored: readonly ScoredSample[]): number {
  const solved = new Map<string, boolean>();
  for (const { problem, verdict } of scored)
    solved.set(problem.taskId, (solved.get(problem.taskId) ?? false) || verdict.passed);
  return [...solved.values()].filter(Boolean).length / solved.size;
}
