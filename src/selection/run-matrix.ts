import { randomBytes } from 'node:crypto';
import ts from 'typescript';
import { NODE_MATRIX_DRIVER, PYTHON_MATRIX_DRIVER } from './matrix-drivers.js';
import type { SplitTests, TestLanguage } from './split-tests.js';

/** What runs a program in the sandbox: the sandbox's warm pools, or anything with the same shape. */
export interface MatrixRunner {
  run(
    runtime: 'python' | 'node',
    job: { source: string; stdin?: string; timeoutMs?: number },
  ): Promise<{ status: string; stdout: string }>;
  /** how many runs may be in flight */
  readonly concurrency: number;
}

export interface MatrixOptions {
  language: TestLanguage;
  /** complete candidate programs (for TypeScript, TypeScript source) */
  candidates: readonly string[];
  tests: SplitTests;
  /** bound to `candidate` before the assertions run (tests written against `check(candidate)`) */
  entryPoint?: string;
  runner: MatrixRunner;
  /** time limit of one assertion; default 1 s */
  testMs?: number;
  /** time limit for defining the candidate; default 3 s */
  setupMs?: number;
}

/** TypeScript to a plain script; `undefined` when it does not even parse. */
function transpile(source: string): string | undefined {
  const output = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    reportDiagnostics: true,
  });
  return output.diagnostics?.length ? undefined : output.outputText;
}

async function runCandidate(
  options: MatrixOptions,
  candidate: string,
  tests: readonly string[],
  prelude: readonly string[],
): Promise<boolean[]> {
  const passes = new Array<boolean>(tests.length).fill(false);
  const testMs = options.testMs ?? 1000;
  const setupMs = options.setupMs ?? 3000;
  const python = options.language === 'python';
  let start = 0;
  // Each round runs the assertions from `start`; an assertion that hangs past its own limit (or kills the
  // process) is failed and the next round resumes after it.
  while (start < tests.length) {
    const nonce = `@@vouch-matrix-${randomBytes(6).toString('hex')}@@`;
    const job = python
      ? {
          nonce,
          candidate,
          prelude,
          tests,
          start,
          entryPoint: options.entryPoint,
          setupSeconds: setupMs / 1000,
          testSeconds: testMs / 1000,
        }
      : { nonce, candidate, prelude, tests, start, entryPoint: options.entryPoint, setupMs, testMs };
    const result = await options.runner.run(python ? 'python' : 'node', {
      source: python ? PYTHON_MATRIX_DRIVER : NODE_MATRIX_DRIVER,
      stdin: JSON.stringify(job),
      timeoutMs: setupMs + testMs * (tests.length - start) + 1000,
    });
    let next = start;
    for (const line of result.stdout.split('\n')) {
      // A candidate may write to stdout without a newline; the report then follows its text.
      const at = line.indexOf(nonce);
      if (at < 0) continue;
      const rest = line.slice(at + nonce.length).trim();
      if (rest === 'broken') return passes;
      const [index, ok] = rest.split(' ').map(Number);
      if (index === undefined || Number.isNaN(index) || index < start || index >= tests.length) continue;
      passes[index] = ok === 1;
      next = Math.max(next, index + 1);
    }
    // The assertion in progress when the run ended is failed; carry on after it.
    start = next === start ? start + 1 : next;
  }
  return passes;
}

/**
 * Runs every candidate against every assertion in the sandbox: `passes[candidate][test]`. A candidate
 * that cannot be defined (syntax error, exception at import) passes nothing.
 */
export async function runAgreementMatrix(options: MatrixOptions): Promise<boolean[][]> {
  const typescript = options.language === 'typescript';
  const tests = typescript
    ? options.tests.assertions.map(
        (assertion) => transpile(assertion) ?? 'throw new Error("unparsable test")',
      )
    : options.tests.assertions;
  const prelude = typescript ? [] : options.tests.prelude;
  const results: boolean[][] = new Array(options.candidates.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.candidates.length) {
      const index = next++;
      const source = options.candidates[index]!;
      const candidate = typescript ? transpile(source) : source;
      results[index] =
        candidate === undefined || tests.length === 0
          ? new Array<boolean>(tests.length).fill(false)
          : await runCandidate(options, candidate, tests, prelude);
    }
  };
  const workers = Math.max(1, Math.min(options.runner.concurrency * 2, options.candidates.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
