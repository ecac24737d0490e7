import { z } from 'zod';
import { parseExternalJson } from '../core/external-data.js';
import { trustedReport } from '../core/report-channel.js';
import { typescript } from '../core/typescript-compiler.js';
import { type AgreementMatrix, type CandidateStatus, DEFAULT_ENGINE, type MatrixOptions } from './matrix.js';
import { nodeMatrixDriver } from './matrix-drivers.js';
import { mergeIdentical } from './python-matrix.js';

/** TypeScript to a plain script; `undefined` when it does not even parse. */
function transpile(source: string): string | undefined {
  const ts = typescript();
  const output = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
    reportDiagnostics: true,
  });
  return output.diagnostics?.length ? undefined : output.outputText;
}

const STATUSES: ReadonlySet<string> = new Set(['ok', 'broken', 'hanging', 'budget']);

/**
 * The agreement matrix of TypeScript candidates: identical programs are merged, candidates and assertions
 * transpiled (not type-checked; one that does not parse passes nothing), and every distinct candidate runs
 * in one sandboxed Node process per problem, each in a fresh vm context (matrix-drivers.ts), most common
 * first. A candidate that kills the process is `crashing`, and a new process carries on after it.
 */
export async function runNodeMatrix(options: MatrixOptions): Promise<AgreementMatrix> {
  const engine = { ...DEFAULT_ENGINE, ...options.engine };
  const assertions = options.tests.assertions.map(
    (assertion) => transpile(assertion) ?? 'throw new Error("unparsable test")',
  );
  const { texts, weights, textOf } = mergeIdentical(options.candidates, options.weights);
  const scripts = texts.map(transpile);
  const order = texts
    .map((_, index) => index)
    .filter((index) => scripts[index] !== undefined)
    .sort((a, b) => weights[b]! - weights[a]! || a - b);
  const passes = texts.map(() => new Array<boolean>(assertions.length).fill(false));
  const status: CandidateStatus[] = scripts.map((script) => (script === undefined ? 'syntax' : 'error'));
  const hanging = new Set<number>();
  let error: string | undefined;
  let start = 0;
  while (start < order.length && assertions.length > 0) {
    const job = {
      candidates: order.map((index) => scripts[index]!),
      start,
      tests: assertions,
      skip: [...hanging],
      entryPoint: options.entryPoint,
      setupMs: engine.setupMs,
      testMs: engine.testMs,
      budgetMs: engine.candidateMs,
      strikes: engine.strikes,
      hangVotes: engine.hangVotes,
    };
    const perCandidate = engine.setupMs + engine.candidateMs + engine.testMs * (engine.strikes + 1) + 500;
    const result = await options.runner.run('node', {
      source: nodeMatrixDriver(),
      stdin: JSON.stringify(job),
      timeoutMs: 5000 + (order.length - start) * perCandidate,
      // results come on the job's report channel; what candidates print is never read
      report: true,
    });
    const channel = trustedReport(result.report);
    if (result.report && result.report.unsigned > 0) {
      error = channel.problem;
      break;
    }
    let next = start;
    for (const line of channel.lines ?? []) {
      const [kind, first, second, third] = parseExternalJson({
        text: line,
        schema: z.string(),
        source: 'the matrix driver',
      })
        .trim()
        .split(' ');
      const position = Number(first);
      if (kind === 'H' && Number.isInteger(position)) hanging.add(position);
      if (!Number.isInteger(position) || position < start || position >= order.length) continue;
      const text = order[position]!;
      if (kind === 'T' && third !== undefined) passes[text]![Number(second)] = third === '1';
      if (kind === 'C' && second && STATUSES.has(second)) {
        status[text] = second as CandidateStatus;
        next = Math.max(next, position + 1);
      }
    }
    if (next === start) {
      // The process died (or the sandbox failed) on this candidate: it is crashing; carry on after it.
      if (result.status === 'error') {
        error = `the sandbox job failed: ${result.reason ?? ''}`.trim();
        break;
      }
      status[order[start]!] = 'crashing';
      next = start + 1;
    }
    start = next;
  }
  if (assertions.length === 0) for (const index of order) status[index] = 'ok';
  for (const row of passes) for (const test of hanging) row[test] = false;
  const firstOfText = new Map<number, number>();
  textOf.forEach((text, candidate) => {
    if (!firstOfText.has(text)) firstOfText.set(text, candidate);
  });
  return {
    passes: textOf.map((text) => passes[text]!),
    kindOf: textOf.map((text) => firstOfText.get(text)!),
    status: textOf.map((text) => status[text]!),
    signatures: textOf.map(() => []),
    assertionStatus: assertions.map((_, index) => (hanging.has(index) ? 'hanging' : 'ok')),
    assertionUnit: assertions.map(() => -1),
    runs: order.length,
    units: assertions.length,
    ...(error ? { error } : {}),
  };
}
