import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseExternalJson } from '../core/external-data.js';
import { shippedText } from '../core/package-root.js';
import { trustedReport } from '../core/report-channel.js';
import {
  PYTHON_REPORT_MODULE,
  PYTHON_VERDICT_MODULE,
  pythonReportModule,
  pythonVerdictModule,
} from '../core/report-channel-sources.js';
import {
  type AgreementMatrix,
  type AssertionStatus,
  type CandidateStatus,
  DEFAULT_ENGINE,
  type MatrixOptions,
} from './matrix.js';

let driver: string | undefined;

/** The sandboxed program (python/matrix_driver.py, shipped beside the code). */
export function matrixDriverSource(): string {
  driver ??= shippedText('python/matrix_driver.py');
  return driver;
}

const Report = z.object({
  kinds: z.array(
    z.object({
      members: z.array(z.number().int().nonnegative()),
      status: z.string(),
      passes: z.string(),
      signature: z.array(z.string()),
    }),
  ),
  syntaxErrors: z.array(z.number().int().nonnegative()),
  assertions: z.array(z.enum(['ok', 'syntax', 'undefined-name', 'hanging'])),
  assertionUnits: z.array(z.number().int()),
  units: z.number().int().nonnegative(),
  runs: z.number().int().nonnegative(),
});

function statusOf(raw: string): CandidateStatus {
  if (raw.startsWith('broken')) return 'broken';
  return (['ok', 'hanging', 'budget', 'crashing'] as const).find((status) => status === raw) ?? 'error';
}

/** Identical programs are merged before anything runs: `texts` to run, and which one each candidate is. */
export function mergeIdentical(
  candidates: readonly string[],
  weights: readonly number[] | undefined,
): { texts: string[]; weights: number[]; textOf: number[] } {
  const index = new Map<string, number>();
  const texts: string[] = [];
  const merged: number[] = [];
  const textOf = candidates.map((candidate, position) => {
    let at = index.get(candidate);
    if (at === undefined) {
      at = texts.length;
      index.set(candidate, at);
      texts.push(candidate);
      merged.push(0);
    }
    merged[at]! += weights?.[position] ?? 1;
    return at;
  });
  return { texts, weights: merged, textOf };
}

/**
 * The agreement matrix of Python candidates: one sandbox job for all of them (python/matrix_driver.py),
 * which merges candidates by syntax tree, validates and merges assertions, and runs each kind of
 * candidate in its own forked process under per-assertion timers and a per-candidate budget.
 */
export async function runPythonMatrix(options: MatrixOptions): Promise<AgreementMatrix> {
  const engine = { ...DEFAULT_ENGINE, ...options.engine };
  const assertions = options.tests.assertions;
  const { texts, weights, textOf } = mergeIdentical(options.candidates, options.weights);
  const nonce = `@@vouch-matrix-${randomBytes(6).toString('hex')}@@`;
  const job = {
    nonce,
    candidates: texts,
    weights,
    prelude: options.tests.prelude,
    assertions,
    entryPoint: options.entryPoint ?? null,
    testSeconds: engine.testMs / 1000,
    candidateSeconds: engine.candidateMs / 1000,
    setupSeconds: engine.setupMs / 1000,
    strikes: engine.strikes,
    hangVotes: engine.hangVotes,
    normalise: engine.normalise,
    isolate: engine.isolate,
    probes: engine.probes,
    validate: engine.validate,
    timer: engine.timer,
  };
  // Bound on the whole job: every kind at its worst (set-up, budget, strikes, a few restarts), plus slack.
  const perKind =
    engine.setupMs * (1 + options.tests.prelude.length) + engine.candidateMs + engine.testMs * 4 + 2000;
  const result = await options.runner.run('python', {
    source: matrixDriverSource(),
    files: { [PYTHON_REPORT_MODULE]: pythonReportModule(), [PYTHON_VERDICT_MODULE]: pythonVerdictModule() },
    stdin: JSON.stringify(job),
    timeoutMs: 5000 + texts.length * perKind * 2,
    // the report travels on the job's report channel: candidates print what they like on stdout
    report: true,
  });
  const failed = (reason: string): AgreementMatrix => ({
    passes: options.candidates.map(() => new Array<boolean>(assertions.length).fill(false)),
    kindOf: textOf.map((text) => textOf.indexOf(text)),
    status: options.candidates.map(() => 'error'),
    signatures: options.candidates.map(() => []),
    assertionStatus: assertions.map(() => 'ok'),
    assertionUnit: assertions.map(() => -1),
    runs: 0,
    units: 0,
    error: reason,
  });
  const channel = trustedReport(result.report);
  const line = channel.lines
    ?.map((text) => parseExternalJson({ text, schema: z.unknown(), source: 'the matrix driver' }))
    .find((entry): entry is unknown[] => Array.isArray(entry) && entry[0] === 'R');
  if (!line) {
    const last = (result.stderr ?? '').trim().split('\n').at(-1) ?? '';
    return failed(
      `the sandbox job ended with ${result.status}: ${channel.problem ?? result.reason ?? last}`.trim(),
    );
  }
  const parsed = Report.safeParse(line[1]);
  if (!parsed.success) return failed('the matrix driver answered in an unexpected shape');
  const report = parsed.data;

  // Per distinct text: its kind (first text of the same syntax tree), status, passes and signature.
  const kindOfText = new Array<number>(texts.length);
  const statusOfText = new Array<CandidateStatus>(texts.length).fill('syntax');
  const passesOfText: boolean[][] = texts.map(() => new Array<boolean>(assertions.length).fill(false));
  const signatureOfText: string[][] = texts.map(() => new Array<string>(report.units).fill('-'));
  for (const kind of report.kinds) {
    const passes = [...kind.passes].map((bit) => bit === '1');
    for (const member of kind.members) {
      kindOfText[member] = kind.members[0]!;
      statusOfText[member] = statusOf(kind.status);
      passesOfText[member] = passes;
      signatureOfText[member] = kind.signature;
    }
  }
  for (const member of report.syntaxErrors) kindOfText[member] = member;
  const firstCandidateOfText = new Map<number, number>();
  textOf.forEach((text, candidate) => {
    if (!firstCandidateOfText.has(text)) firstCandidateOfText.set(text, candidate);
  });
  return {
    passes: textOf.map((text) => passesOfText[text]!),
    kindOf: textOf.map((text) => firstCandidateOfText.get(kindOfText[text] ?? text)!),
    status: textOf.map((text) => statusOfText[text]!),
    signatures: textOf.map((text) => signatureOfText[text]!),
    assertionStatus: report.assertions as AssertionStatus[],
    assertionUnit: report.assertionUnits,
    runs: report.runs,
    units: report.units,
  };
}
