import type { Check, CheckContext, CheckResult, CheckSubject } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import type { BehaviourAgreement } from '../selection/index.js';
import { type ConfidenceJudgement, judgeConfidence } from './confidence.js';
import { profileChecks } from './gate/profiles.js';
import { withModelTestsEvidence } from './model-tests-evidence.js';
import { checkContextFor, runChecks } from './run-checks.js';
import type { TaskHost } from './task.js';
import { TEST_EVIDENCE, withTestEvidence } from './test-evidence/measure.js';

/** A candidate as generate delivers it: the code, the tests the model wrote beside it, where it goes. */
export interface CandidateCode {
  code: string;
  /** the model's own tests for it (empty: none) */
  tests: string;
  language: LanguageId;
  /** workspace-relative path the code is meant for; `<generated>` when nowhere */
  path?: string;
}

/**
 * The checks of a generated candidate, as `generate` runs them on every candidate and repair round: the
 * `suggestion` profile's checks on the code as it would be saved, its own tests in the sandbox, and the
 * model's tests read as evidence (`withModelTestsEvidence`: a test it skipped or declared to fail hides
 * what it would have shown; `withTestEvidence`: do they call the real code, compare its results, kill
 * mutants). `onResult` sees each result as it comes.
 */
export async function checkGeneratedCandidate(
  checks: readonly Check[],
  candidate: CandidateCode,
  context: CheckContext,
  onResult?: (result: CheckResult) => void,
): Promise<CheckResult[]> {
  const subject: CheckSubject = {
    // As it would be saved: a file ends with a newline (linters flag one that does not).
    code: `${candidate.code}\n`,
    language: candidate.language,
    path: candidate.path ?? '<generated>',
    ...(candidate.tests ? { tests: [candidate.tests] } : {}),
  };
  const results = await runChecks(checks, subject, context, (check) =>
    onResult?.(withModelTestsEvidence(check)),
  );
  // the model's own tests passed: are they evidence? (mocks of the code, swallowed asserts, mutants)
  const measured = await withTestEvidence(results.map(withModelTestsEvidence), subject, context, {
    source: 'model',
  });
  const evidence = measured.find((check) => check.name === TEST_EVIDENCE);
  if (evidence) onResult?.(evidence);
  return measured;
}

/** The checks generate runs on code it produces: the `suggestion` profile, from the host's list when it has one. */
export function generatedCodeChecks(host: Pick<TaskHost, 'checks'>): Promise<Check[]> {
  return profileChecks('suggestion', host.checks);
}

/**
 * The confidence `generate` would deliver this candidate with, on the same path: the same checks
 * (`generatedCodeChecks`), run the same way (`checkGeneratedCandidate`), judged by the same rules
 * (`judgeConfidence`) with the agreement selection measured. `vouch eval --select` calls it on each
 * problem's delivered sample, so a check added to generate is a check the calibration measures.
 */
export async function judgeGeneratedCandidate(
  host: TaskHost,
  candidate: CandidateCode & {
    /** samples the delivered one was chosen among, and how its behaviour agrees with theirs */
    candidates: number;
    behaviour?: BehaviourAgreement;
  },
  signal?: AbortSignal,
): Promise<ConfidenceJudgement & { checks: CheckResult[] }> {
  const checks = await checkGeneratedCandidate(
    await generatedCodeChecks(host),
    candidate,
    checkContextFor(host, signal),
  );
  const judgement = judgeConfidence({
    hasCode: candidate.code.trim().length > 0,
    checks,
    checksDisabled: false,
    truncated: false,
    agreement: candidate.behaviour?.group ?? 1,
    candidates: candidate.candidates,
    ...(candidate.behaviour ? { behaviour: candidate.behaviour } : {}),
  });
  return { ...judgement, checks };
}
