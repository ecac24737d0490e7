import { builtinModules } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CheckContext } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import { escapeRegExp } from '../../core/regexp.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
import { runTests } from '../../verify/checks/tests.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { isEsmSource, transpileTypeScript } from '../../verify/runners/transpile-typescript.js';
import {
  createWarmPool,
  PYTHON_REPORT_MODULE,
  pythonReportModule,
  type SandboxResult,
  trustedReport,
} from '../../verify/sandbox/index.js';
import type { Mutant } from './mutants.js';
import { pythonBatchDriver } from './python-batch-driver.js';
import { type CodeTarget, moduleName } from './target.js';

export type MutantOutcome = 'killed' | 'survived' | 'timeout' | 'error';

export interface MutantResult {
  mutant: Mutant;
  outcome: MutantOutcome;
  /** the first line of what the tests said, for a killed mutant */
  evidence?: string;
  durationMs: number;
}

const SUITE_PY = 'test_vouch_suite.py';

/** The batch driver's settings: the module's names (dotted from the root, and bare), where it lives. */
function pythonBatch({
  target,
  framework,
  mutants,
  timeoutSec,
}: {
  target: CodeTarget;
  framework: TestFrameworkName;
  mutants: { id: number; source: string }[];
  timeoutSec: number;
}): { source: string; files: Record<string, string> } {
  const dir = dirname(target.path);
  const dotted = target.path.replace(/\.py$/, '').split('/').join('.');
  const files: Record<string, string> = {};
  const jobs = mutants.map((mutant) => {
    const file = `vouch_mutant_${mutant.id}.py`;
    files[file] = mutant.source;
    return { id: mutant.id, file };
  });
  files[PYTHON_REPORT_MODULE] = pythonReportModule();
  files['vouch_batch.json'] = JSON.stringify({
    names: [...new Set([dotted, moduleName(target.path)])],
    dir: dir === '.' ? '' : dir,
    framework,
    timeoutSec,
    mutants: jobs,
  });
  return { source: pythonBatchDriver(), files };
}

/** A JavaScript target that imports nothing but Node's built-ins runs alone in a warm sandbox's scratch dir. */
export function selfContained(source: string): boolean {
  const specifiers = [
    ...source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)(['"])([^'"]+)\1/g),
  ].map((match) => match[2] as string);
  return specifiers.every((specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier));
}

/** The suite's imports of the target (`./calc`, `./calc.js`, `./calc.ts`) → the emitted file next to it. */
export function pointAt(code: string, base: string, emitted: string): string {
  const escaped = escapeRegExp(base);
  return code.replace(new RegExp(`(['"])\\./${escaped}(?:\\.[cm]?[jt]sx?)?\\1`, 'g'), `$1./${emitted}$1`);
}

function evidenceOf(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const pick =
    lines.find((line) => /^(E\s|AssertionError|assert |not ok|\w*Error\b|\w+Exception\b)/.test(line)) ??
    lines.findLast((line) => /Error|assert/i.test(line));
  return pick?.slice(0, 200);
}

function nodeOutcome(result: SandboxResult): { outcome: MutantOutcome; evidence?: string } {
  if (result.status === 'ok') return { outcome: 'survived' };
  if (result.status === 'failed' || result.status === 'memory') {
    const evidence = evidenceOf(`${result.stdout}\n${result.stderr}`);
    return { outcome: 'killed', ...(evidence ? { evidence } : {}) };
  }
  if (result.status === 'timeout') return { outcome: 'timeout', evidence: 'the tests timed out' };
  return { outcome: 'error', evidence: result.reason ?? result.status };
}

const batchResult = z.object({
  id: z.number(),
  code: z.number(),
  timedOut: z.boolean(),
  ms: z.number(),
  output: z.string(),
});
/** The batch driver's answer (python/mutation_batch_driver.py): a result per mutant, and the mode it ran in. */
const BATCH_ANSWER = z.object({
  mode: z.string().optional(),
  results: z.array(batchResult).optional(),
  unsupported: z.string().optional(),
});

type Outcomes = Map<number, { outcome: MutantOutcome; evidence?: string; durationMs: number }>;

export interface MutationHarness {
  /** `warm-pool`: warm sandboxed workers, one per core; `sandbox-per-mutant`: the project's own runner each time */
  kind: 'warm-pool' | 'sandbox-per-mutant';
  /** how the suite ran in the warm pool: the built-in runner, or pytest itself (fixtures) */
  mode?: string;
  /** the unmutated code under the harness: the tests must pass there or no mutant result means anything */
  baselineMs: number;
  run(mutants: { id: number; source: string }[], signal?: AbortSignal): Promise<Outcomes>;
  close(): Promise<void>;
}

async function pythonHarness({
  target,
  suite,
  framework,
  context,
  size,
}: {
  target: CodeTarget;
  suite: string;
  framework: TestFrameworkName;
  context: CheckContext;
  size: number;
}): Promise<MutationHarness | undefined> {
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const pool = await createWarmPool({
    runtime: 'python',
    pythonPath: python.path,
    projectDir: root,
    readOnlyPaths: python.readOnlyPaths,
    size,
    limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 1024, processes: 256 },
    unsafeNoSandbox: context.unsafeNoSandbox === true,
  });
  let mode: string | undefined;
  const batch = async (mutants: { id: number; source: string }[], timeoutSec: number) => {
    const job = pythonBatch({ target, framework, mutants, timeoutSec });
    job.files[SUITE_PY] = suite;
    const result = await pool.run({
      ...job,
      timeoutMs: Math.round(timeoutSec * 1000 * mutants.length + 30_000),
      // results on the job's report channel: what the suite or a mutant prints is never a result
      report: true,
    });
    const line = trustedReport(result.report).lines?.at(-1) ?? '';
    try {
      const parsed = parseExternalJson({
        text: line,
        schema: BATCH_ANSWER,
        source: 'the mutation batch driver',
      });
      if (parsed.mode) mode = parsed.mode;
      return parsed.results;
    } catch {
      return undefined;
    }
  };
  const started = performance.now();
  const baseline = await batch([{ id: 0, source: target.source }], 60);
  const baselineMs = performance.now() - started;
  const passed = baseline?.[0];
  if (!passed || passed.code !== 0) {
    await pool.close();
    return undefined;
  }
  const timeoutSec = Math.max(2, (passed.ms / 1000) * 5);
  return {
    kind: 'warm-pool',
    ...(mode ? { mode } : {}),
    baselineMs,
    async run(mutants) {
      // one batch per worker, mutants dealt round-robin so each batch has a share of every region
      const batches: { id: number; source: string }[][] = Array.from({ length: size }, () => []);
      for (const [index, mutant] of mutants.entries()) batches[index % size]?.push(mutant);
      const outcomes: Outcomes = new Map();
      await Promise.all(
        batches
          .filter((part) => part.length > 0)
          .map(async (part) => {
            const results = await batch(part, timeoutSec);
            for (const mutant of part) {
              const result = results?.find((entry) => entry.id === mutant.id);
              if (!result) {
                outcomes.set(mutant.id, {
                  outcome: 'error',
                  evidence: 'the batch did not report it',
                  durationMs: 0,
                });
                continue;
              }
              const evidence = evidenceOf(result.output);
              outcomes.set(mutant.id, {
                outcome: result.timedOut ? 'timeout' : result.code === 0 ? 'survived' : 'killed',
                ...(result.timedOut ? { evidence: 'the tests timed out' } : evidence ? { evidence } : {}),
                durationMs: result.ms,
              });
            }
          }),
      );
      return outcomes;
    },
    close: () => pool.close(),
  };
}

async function nodeHarness({
  target,
  suite,
  context,
  size,
}: {
  target: CodeTarget;
  suite: string;
  context: CheckContext;
  size: number;
}): Promise<MutationHarness | undefined> {
  const base = moduleName(target.path);
  const pool = await createWarmPool({
    runtime: 'node',
    size,
    limits: { wallMs: 20_000, cpuMs: 20_000, memoryMb: 1024 },
    unsafeNoSandbox: context.unsafeNoSandbox === true,
  });
  const typescript = target.language === 'typescript';
  const suiteJs = typescript ? transpileTypeScript(suite, 'suite.ts') : suite;
  const job = (source: string) => {
    const js = typescript ? transpileTypeScript(source, target.path) : source;
    const emitted = `${base}.${isEsmSource(js) ? 'mjs' : 'cjs'}`;
    return { source: pointAt(suiteJs, base, emitted), files: { [emitted]: js } };
  };
  const started = performance.now();
  const baseline = await pool.run(job(target.source));
  const baselineMs = performance.now() - started;
  if (baseline.status !== 'ok') {
    await pool.close();
    return undefined;
  }
  const timeoutMs = Math.max(3000, Math.round(baselineMs * 5));
  return {
    kind: 'warm-pool',
    baselineMs,
    run: (mutants, signal) =>
      eachMutant({
        mutants,
        concurrency: size * 2,
        signal,
        run: async (source) => nodeOutcome(await pool.run({ ...job(source), timeoutMs })),
      }),
    close: () => pool.close(),
  };
}

async function eachMutant({
  mutants,
  concurrency,
  signal,
  run,
}: {
  mutants: { id: number; source: string }[];
  concurrency: number;
  signal: AbortSignal | undefined;
  run: (source: string) => Promise<{ outcome: MutantOutcome; evidence?: string }>;
}): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  let next = 0;
  const worker = async () => {
    while (next < mutants.length) {
      if (signal?.aborted) throw signal.reason;
      const mutant = mutants[next++] as { id: number; source: string };
      const started = performance.now();
      const result = await run(mutant.source);
      outcomes.set(mutant.id, { ...result, durationMs: Math.round(performance.now() - started) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return outcomes;
}

/**
 * Where the mutants run. Fast path: a warm pool (Python: a batch per warm worker, one forked child per
 * mutant; Node: node:test in a pre-booted sandbox, for a target that imports only built-ins). The fast
 * path is used only when the unmutated code passes the suite there; otherwise (vitest, jest, a target
 * with project imports, a package layout the loader cannot reproduce) every mutant runs through the
 * project's own runner in a sandbox of its own, as the tests check runs them: slower, never wrong.
 */
export async function openHarness({
  target,
  suite,
  framework,
  context,
  testPaths,
}: {
  target: CodeTarget;
  suite: string;
  framework: TestFrameworkName;
  context: CheckContext;
  testPaths?: string[];
}): Promise<MutationHarness> {
  const size = Math.max(1, Math.min(availableParallelism(), 4));
  if (framework === 'pytest' || framework === 'unittest') {
    const harness = await pythonHarness({ target, suite, framework, context, size });
    if (harness) return harness;
  } else if (framework === 'node:test' && selfContained(target.source)) {
    const harness = await nodeHarness({ target, suite, context, size });
    if (harness) return harness;
  }
  // where the suite goes (testPaths): the conftest files above it apply to every mutant's run too
  const subject = (code: string) => ({
    code,
    language: target.language,
    path: target.path,
    tests: [suite],
    ...(testPaths ? { testPaths } : {}),
  });
  const started = performance.now();
  const baseline = await runTests(subject(target.source), context);
  const baselineMs = performance.now() - started;
  if (baseline.findings.length > 0 || baseline.tests.length === 0) {
    throw new Error(
      `the suite does not pass on the unmutated code under ${framework} (${baseline.status}), so mutants cannot be scored`,
    );
  }
  return {
    kind: 'sandbox-per-mutant',
    baselineMs,
    run: (mutants, signal) =>
      eachMutant({
        mutants,
        concurrency: size,
        signal,
        run: async (source) => {
          const run = await runTests(subject(source), { ...context, ...(signal ? { signal } : {}) });
          if (run.status === 'timeout') return { outcome: 'timeout', evidence: 'the tests timed out' };
          if (run.findings.length > 0)
            return { outcome: 'killed', evidence: run.findings[0]?.message.slice(0, 200) ?? 'a test failed' };
          if (run.tests.length === 0) return { outcome: 'error', evidence: `no test ran (${run.status})` };
          return { outcome: 'survived' };
        },
      }),
    close: async () => {},
  };
}

/** Scores `mutants` with `harness`: one result per mutant, in the mutants' order. */
export async function runMutants(
  harness: MutationHarness,
  mutants: Mutant[],
  signal?: AbortSignal,
): Promise<MutantResult[]> {
  const outcomes = await harness.run(
    mutants.map((mutant) => ({ id: mutant.id, source: mutant.source })),
    signal,
  );
  return mutants.map((mutant) => {
    const outcome = outcomes.get(mutant.id) ?? { outcome: 'error' as const, durationMs: 0 };
    return { mutant, ...outcome };
  });
}
