import { randomBytes } from 'node:crypto';
import ts from 'typescript';
import { type AgreementMatrix, type CandidateStatus, DEFAULT_ENGINE, type MatrixOptions } from './matrix.js';
import { NODE_MATRIX_DRIVER } from './matrix-drivers.js';
import { mergeIdentical } from './python-matrix.js';

/** TypeScript to a plain script; `undefined` when it does not even parse. */
function transpile(source: string): string | undefined {
  const output = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    reportDiagnostics: true,
  });
  return output.diagnostics?.length ? undefined : output.outputText;
}

interface CandidateOutcome {
  passes: boolean[];
  status: CandidateStatus;
}

async function runCandidate(
  options: MatrixOptions,
  candidate: string,
  tests: readonly string[],
): Promise<CandidateOutcome> {
  const engine = { ...DEFAULT_ENGINE, ...options.engine };
  const passes = new Array<boolean>(tests.length).fill(false);
  let start = 0;
  let strikes = 0;
  let spent = 0;
  // Each round runs the assertions from `start`; an assertion that hangs past its own limit (or kills the
  // process) is failed and the next round resumes after it, until the candidate has hung `strikes` times
  // or used its budget.
  while (start < tests.length) {
    const nonce = `@@vouch-matrix-${randomBytes(6).toString('hex')}@@`;
    const job = {
      nonce,
      candidate,
      tests,
      start,
      entryPoint: options.entryPoint,
      setupMs: engine.setupMs,
      testMs: engine.testMs,
      budgetMs: engine.candidateMs - spent,
    };
    const result = await options.runner.run('node', {
      source: NODE_MATRIX_DRIVER,
      stdin: JSON.stringify(job),
      timeoutMs: engine.setupMs + engine.candidateMs + engine.testMs * 2 + 2000,
    });
    let next = start;
    for (const line of result.stdout.split('\n')) {
      // A candidate may write to stdout without a newline; the report then follows its text.
      const at = line.indexOf(nonce);
      if (at < 0) continue;
      const rest = line.slice(at + nonce.length).trim();
      if (rest === 'broken') return { passes, status: 'broken' };
      if (rest === 'budget') return { passes, status: 'budget' };
      const [index, ok, ms] = rest.split(' ').map(Number);
      if (index === undefined || Number.isNaN(index) || index < start || index >= tests.length) continue;
      passes[index] = ok === 1;
      if (ok === 2) strikes++;
      spent += ms ?? 0;
      next = Math.max(next, index + 1);
    }
    if (strikes >= engine.strikes) return { passes, status: 'hanging' };
    if (next === start) {
      // The assertion in progress when the run ended failed; carry on after it.
      strikes++;
      if (strikes >= engine.strikes) return { passes, status: 'hanging' };
      next = start + 1;
    }
    start = next;
  }
  return { passes, status: 'ok' };
}

/**
 * The agreement matrix of TypeScript candidates: identical programs are merged, each distinct one runs in
 * its own sandboxed Node process (Node cannot fork) with vm's per-assertion time limit. Candidates and
 * assertions are transpiled, not type-checked; a candidate that does not parse passes nothing.
 */
export async function runNodeMatrix(options: MatrixOptions): Promise<AgreementMatrix> {
  const assertions = options.tests.assertions.map(
    (assertion) => transpile(assertion) ?? 'throw new Error("unparsable test")',
  );
  const { texts, weights, textOf } = mergeIdentical(options.candidates, options.weights);
  const order = texts.map((_, index) => index).sort((a, b) => weights[b]! - weights[a]! || a - b);
  const outcomes: CandidateOutcome[] = new Array(texts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const index = order[next++]!;
      const candidate = transpile(texts[index]!);
      outcomes[index] =
        candidate === undefined
          ? { passes: new Array<boolean>(assertions.length).fill(false), status: 'syntax' }
          : assertions.length === 0
            ? { passes: [], status: 'ok' }
            : await runCandidate(options, candidate, assertions);
    }
  };
  const workers = Math.max(1, Math.min(options.runner.concurrency * 2, order.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const firstOfText = new Map<number, number>();
  textOf.forEach((text, candidate) => {
    if (!firstOfText.has(text)) firstOfText.set(text, candidate);
  });
  return {
    passes: textOf.map((text) => outcomes[text]!.passes),
    kindOf: textOf.map((text) => firstOfText.get(text)!),
    status: textOf.map((text) => outcomes[text]!.status),
    signatures: textOf.map(() => []),
    assertionStatus: assertions.map(() => 'ok'),
    assertionUnit: assertions.map((_, index) => index),
    runs: texts.length,
    units: assertions.length,
  };
}
