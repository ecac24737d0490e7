import type { Check, CheckContext, CheckResult, CheckSubject, Finding } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import type { BehaviourAgreement } from '../selection/index.js';
import { harnessTampering } from '../verify/checks/harness-tampering.js';
import type { TestCaseResult } from '../verify/checks/test-results.js';
import { candidateRank, compareCandidateRanks } from './candidate-rank.js';
import { type ConfidenceJudgement, judgeConfidence } from './confidence.js';
import { exampleVerdicts } from './example-verdicts.js';
import { profileChecks } from './gate/profiles.js';
import { withModelTestsEvidence } from './model-tests-evidence.js';
import { EXAMPLES, pythonExampleTests, pythonFunctionNames, requestExamples } from './request-examples.js';
import { checkContextFor, runChecks } from './run-checks.js';
import type { TaskHost } from './task.js';
import { TEST_EVIDENCE, withTestEvidence } from './test-evidence/measure.js';
import { candidateModule } from './tests-module.js';

/** A candidate as generate delivers it: the code, the tests the model wrote beside it, where it goes. */
export interface CandidateCode {
  code: string;
  /** the model's own tests for it (empty: none) */
  tests: string;
  language: LanguageId;
  /** workspace-relative path the code is meant for; `<generated>` when nowhere */
  path?: string;
  /**
   * what the user asked for, in their words (generate's spec, a benchmark's prompt): its examples are run
   * as the user's tests (`examples`, request-examples.ts)
   */
  request?: string;
}

/**
 * The request's examples (`>>> f(1)` / `2`, `f(1) == 2`) run against the candidate in the sandbox, by the
 * tests check, as the user's tests: a result named `examples`, with how many there were and passed. No
 * result when the request has no example vouch can read for a function the code defines (Python only).
 */
export async function checkRequestExamples(
  checks: readonly Check[],
  candidate: CandidateCode,
  context: CheckContext,
): Promise<CheckResult | undefined> {
  if (!candidate.request || candidate.language !== 'python') return undefined;
  const examples = requestExamples(candidate.request, pythonFunctionNames(candidate.code));
  const tests = checks.find((check) => check.name === 'tests');
  if (examples.length === 0 || !tests) return undefined;
  // `<generated>`, `<chat>`: nowhere in particular, saved as solution.py
  const path = candidate.path && !candidate.path.startsWith('<') ? candidate.path : undefined;
  const [result] = await runChecks({
    checks: [tests],
    subject: {
      code: `${candidate.code}\n`,
      language: candidate.language,
      path: path ?? '<generated>',
      tests: [pythonExampleTests(examples, candidateModule(path))],
    },
    context,
  });
  const outcomes = (result?.details as { tests?: TestCaseResult[] } | undefined)?.tests ?? [];
  // r48: judged here, from the results the tests handed out: nothing in the run compares
  const verdicts = exampleVerdicts(examples, outcomes);
  const passed = verdicts.filter((verdict) => verdict.status === 'passed').length;
  const failures = verdicts.filter((verdict) => verdict.status === 'failed');
  // w191: code that reaches the test run's frames, globals or builtins (the harness check's rules) can
  // rewrite what the examples hand out: its passing examples are no evidence (a failure still counts)
  const tampering = await harnessTampering({
    code: candidate.code,
    language: candidate.language,
    file: path ?? '<generated>',
    role: 'code',
  });
  // pass only when every example ran and passed: a suite that passed with some examples skipped or not
  // collected ran fewer than the request gave, and is no evidence (never a pass on what did not run)
  const status =
    result?.status === 'pass'
      ? failures.length > 0
        ? 'fail'
        : passed === examples.length && tampering.length === 0
          ? 'pass'
          : 'error'
      : (result?.status ?? 'error');
  const unread = verdicts.find((verdict) => verdict.status === 'error');
  const failed = failures.length || examples.length - passed;
  return {
    name: EXAMPLES,
    status: status === 'skip' ? 'error' : status,
    reason:
      status === 'pass'
        ? examples.length === 1
          ? "the request's example passes"
          : `the request's ${examples.length} examples pass`
        : status === 'fail'
          ? `${failed} of the request's ${examples.length} examples fail: ${failures[0]?.message ?? result?.reason ?? ''}`.trim()
          : result?.status === 'pass' && tampering.length > 0
            ? `the request's examples passed, but the code reaches for the test run (${tampering[0]?.message ?? ''}): not evidence`
            : result?.status === 'pass' && unread
              ? `the request's examples could not be judged: ${unread.message}`
              : result?.status === 'pass'
                ? `only ${passed} of the request's ${examples.length} examples ran and passed (the others were skipped or not collected): not evidence`
                : `the request's examples could not run: ${result?.reason ?? 'error'}`,
    findings: [
      ...(result?.findings ?? []).filter(
        (finding) => finding.ruleId !== 'test-failed' && finding.ruleId !== 'test-error',
      ),
      ...failures.map(
        (failure): Finding => ({
          ruleId: 'example-failed',
          file: failure.file ?? outcomes.find((outcome) => outcome.file)?.file ?? '<examples>',
          line: failure.line ?? 1,
          column: 1,
          severity: 'high',
          message: `the request's example fails: ${failure.message}`,
          hint: "the code does not do what the request's own example says; fix the code",
          tool: 'vouch',
        }),
      ),
    ],
    durationMs: result?.durationMs ?? 0,
    details: { source: 'user', examples: examples.length, passed },
  };
}

/**
 * The checks of a generated candidate, as `generate` runs them on every candidate and repair round: the
 * `suggestion` profile's checks on the code as it would be saved, its own tests in the sandbox, and the
 * model's tests read as evidence (`withModelTestsEvidence`: a test it skipped or declared to fail hides
 * what it would have shown; `withTestEvidence`: do they call the real code, compare its results, kill
 * mutants). `onResult` sees each result as it comes.
 */
export async function checkGeneratedCandidate({
  checks,
  candidate,
  context,
  onResult,
}: {
  checks: readonly Check[];
  candidate: CandidateCode;
  context: CheckContext;
  onResult?: (result: CheckResult) => void;
}): Promise<CheckResult[]> {
  const subject: CheckSubject = {
    // As it would be saved: a file ends with a newline (linters flag one that does not).
    code: `${candidate.code}\n`,
    language: candidate.language,
    path: candidate.path ?? '<generated>',
    ...(candidate.tests ? { tests: [candidate.tests] } : {}),
  };
  const results = await runChecks({
    checks,
    subject,
    context,
    onResult: (check) => onResult?.(withModelTestsEvidence(check)),
  });
  // the model's own tests passed: are they evidence? (mocks of the code, swallowed asserts, mutants)
  const measured = await withTestEvidence({
    checks: results.map(withModelTestsEvidence),
    subject,
    context,
    options: {
      source: 'model',
    },
  });
  const evidence = measured.find((check) => check.name === TEST_EVIDENCE);
  if (evidence) onResult?.(evidence);
  // the user's own examples, when the request gives some: independent of the model
  const examples = await checkRequestExamples(checks, candidate, context);
  if (examples) onResult?.(examples);
  return examples ? [...measured, examples] : measured;
}

/** The checks generate runs on code it produces: the `suggestion` profile, from the host's list when it has one. */
export function generatedCodeChecks(host: Pick<TaskHost, 'checks'>): Promise<Check[]> {
  return profileChecks('suggestion', host.checks);
}

/**
 * Which of a problem's candidates `generate` would deliver, and with what confidence: the candidates come
 * in agreement order (the selection's best first); each goes through generate's checks
 * (`checkGeneratedCandidate`) and they are ranked by generate's rule (`candidateRank`: blocking findings,
 * failed checks, errors, then agreement, then votes). The walk stops at the first candidate with nothing
 * failed, errored or blocking: no later one can rank above it. `vouch eval --select` delivers by this.
 */
export async function deliverGeneratedCandidate(
  host: TaskHost,
  problem: {
    language: LanguageId;
    request?: string;
    /** samples the delivered one is chosen among */
    candidates: number;
    order: readonly { code: string; rank: number; votes: number; behaviour?: BehaviourAgreement }[];
  },
  signal?: AbortSignal,
): Promise<ConfidenceJudgement & { checks: CheckResult[]; chosen: number; checked: number }> {
  const checks = await generatedCodeChecks(host);
  const context = checkContextFor(host, signal);
  let best: { index: number; checks: CheckResult[]; rank: number[] } | undefined;
  let checked = 0;
  for (const [index, candidate] of problem.order.entries()) {
    const results = await checkGeneratedCandidate({
      checks,
      candidate: {
        code: candidate.code,
        tests: '',
        language: problem.language,
        ...(problem.request ? { request: problem.request } : {}),
      },
      context,
    });
    checked++;
    const rank = candidateRank(
      { code: candidate.code, checks: results, truncated: false, votes: candidate.votes },
      candidate.rank,
    );
    if (!best || compareCandidateRanks(rank, best.rank) < 0) best = { index, checks: results, rank };
    if (rank.slice(0, 5).every((value) => value === 0)) break;
  }
  if (!best) throw new Error('no candidate to deliver');
  const chosen = problem.order[best.index]!;
  const judgement = judgeConfidence({
    hasCode: chosen.code.trim().length > 0,
    checks: best.checks,
    checksDisabled: false,
    truncated: false,
    agreement: chosen.behaviour?.group ?? chosen.votes,
    candidates: problem.candidates,
    ...(chosen.behaviour ? { behaviour: chosen.behaviour } : {}),
  });
  return { ...judgement, checks: best.checks, chosen: best.index, checked };
}
