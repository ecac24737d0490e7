import { dirname, join } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { runInSandbox } from '../../verify/sandbox/index.js';
import type { CodeTarget } from '../test/target.js';
import { PYTHON_DIFFERENTIAL } from './python-differential.js';

export interface Counterexample {
  /** the smallest call found that shows the difference, e.g. `discount(-1)` */
  call: string;
  /** what the old version does with it: `returns 0`, `raises ValueError`, `… and prints '…'` */
  old: string;
  new: string;
  /** where the input came from: docstring, tests, generated */
  found: string;
  /** the input as first found, before shrinking */
  original?: string;
}

export interface FunctionComparison {
  name: string;
  fromDocstring: number;
  fromTests: number;
  generated: number;
  differences: number;
  counterexample?: Counterexample;
  /** why it was not compared */
  skipped?: string;
  signatureChanged?: string;
  nondeterministic?: boolean;
}

export interface DifferentialReport {
  ran: boolean;
  functions: FunctionComparison[];
  /** why it did not run */
  problem?: string;
  durationMs: number;
}

const MARK = '__VOUCH_DIFFERENTIAL__';

/**
 * Old against new, in the sandbox, function by function. Only Python has a differential tester;
 * JavaScript and TypeScript refactors rest on the existing tests, and the report says so.
 */
export async function runDifferential(
  target: CodeTarget,
  newSource: string,
  functions: string[],
  tests: string[],
  context: CheckContext,
  options: { maxInputs: number; seed: number },
): Promise<DifferentialReport> {
  const started = performance.now();
  if (target.language !== 'python')
    return {
      ran: false,
      functions: [],
      problem: `differential testing runs for Python only; this ${target.language} refactor rests on the existing tests`,
      durationMs: 0,
    };
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const dir = dirname(target.path);
  const dotted = target.path.replace(/\.py$/, '').split('/').join('.');
  const base = (target.path.split('/').pop() ?? target.path).replace(/\.py$/, '');
  const result = await runInSandbox({
    command: [python.path, 'vouch_differential.py'],
    files: {
      'vouch_differential.py': PYTHON_DIFFERENTIAL,
      'vouch_old.py': target.source,
      'vouch_new.py': newSource,
      'vouch_differential.json': JSON.stringify({
        names: [...new Set([dotted, base])],
        functions,
        tests,
        maxInputs: options.maxInputs,
        seed: options.seed,
        callTimeoutSec: 1,
      }),
    },
    projectDir: root,
    readOnlyPaths: python.readOnlyPaths,
    env: { PYTHONPATH: [join(root, dir === '.' ? '' : dir), root].join(':'), PYTHONHASHSEED: '0' },
    limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 1024, outputBytes: 4 << 20 },
    unsafeNoSandbox: context.unsafeNoSandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  const line = result.stdout.split('\n').find((entry) => entry.startsWith(MARK));
  if (!line) {
    const why = result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400);
    return {
      ran: false,
      functions: [],
      problem: `the differential tester did not finish (${result.status}): ${why}`,
      durationMs,
    };
  }
  return { ran: true, functions: JSON.parse(line.slice(MARK.length)) as FunctionComparison[], durationMs };
}
