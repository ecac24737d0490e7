import type { CheckResult } from '../core/check.js';
import type { BehaviourAgreement } from '../selection/index.js';
import { EXAMPLES } from './request-examples.js';
import { TEST_EVIDENCE } from './test-evidence/measure.js';

export type { BehaviourAgreement };

export type Confidence = 'low' | 'medium' | 'high';

/**
 * What vouched for the code. `independent` evidence comes from somewhere other than the model that wrote
 * the code: tests the user wrote, agreement across sampled candidates, a differential against existing
 * code, properties on generated inputs. The model's own tests are one witness from the code's source.
 */
export type EvidenceKind = 'user-tests' | 'model-tests' | 'agreement' | 'differential' | 'properties';

export interface ConfidenceEvidence {
  kind: EvidenceKind;
  independent: boolean;
  /** what was shown, in words: "5 of the user's tests passed", "31 of 97 samples behave alike" */
  detail: string;
}

/**
 * What agreement across sampled candidates says. High: the delivered candidate's behaviour is shared by at
 * least `minGroup` samples and `minShare` of the usable ones, on at least `minPassed` of the model's
 * assertions (the behaviour is pinned down by something). Low: with at least `lowMinSamples` sampled candidates,
 * fewer than `lowBelowShare` of the usable ones behave as the delivered one — the model is guessing. Chosen on the
 * tuning part of real model output (bench/notes/2026-11-26-confidence.md): a sampled model that writes the
 * same behaviour again and again is right far more often than one that scatters.
 */
export interface AgreementThresholds {
  minGroup: number;
  minShare: number;
  minPassed: number;
  lowBelowShare: number;
  lowMinSamples: number;
  /**
   * The request's own examples (the `examples` check, the user's words): at least `minExamples` passing
   * are independent evidence. `examplesAlone`: they earn high even when the sampled candidates do not
   * agree enough; `highNeedsExamples`: high needs them (a request without examples is at most medium); `examplesLiftGuess`: a behaviour few samples share that passes them is medium, not low.
   * (A candidate that fails them is low whatever these say.)
   */
  minExamples: number;
  examplesAlone: boolean;
  highNeedsExamples: boolean;
  examplesLiftGuess: boolean;
}

/**
 * Chosen by cross-validation over the 82 problems of real model output (bench/notes/2026-11-26-confidence-2.md,
 * bench/eval/confidence-cv.ts): the rules the criterion picks on all 82, which three of the five folds
 * picked on the others alone (the rest differ in one or two settings).
 */
export const AGREEMENT_THRESHOLDS: AgreementThresholds = {
  minGroup: 2,
  minShare: 0.3,
  minPassed: 3,
  lowBelowShare: 0.1,
  lowMinSamples: 5,
  minExamples: 1,
  examplesAlone: true,
  highNeedsExamples: false,
  examplesLiftGuess: true,
};

export interface ConfidenceInput {
  hasCode: boolean;
  checks: CheckResult[];
  /** checks were turned off by the caller */
  checksDisabled: boolean;
  /** the model stopped on its token limit: the code may be cut short */
  truncated: boolean;
  /** how many samples wrote the chosen code's very text (1 when n = 1): copies of one answer, never agreement (r40) */
  agreement: number;
  candidates: number;
  /**
   * whose tests the `tests` check ran: the model's own (generate, chat), the user's (tests handed to
   * `check`, the project's), or both. Default `model`. A `test-evidence` check's `details.source` wins.
   */
  testsSource?: 'model' | 'user' | 'mixed';
  /** the behavioural agreement selection measured, when it ran (generate --n, vouch eval --select) */
  behaviour?: BehaviourAgreement;
  /** evidence the caller established itself: a refactor's differential, properties on generated inputs */
  evidence?: ConfidenceEvidence[];
  /**
   * what the caller knows holds the code below high, in words (a fix that compares with the failing input
   * itself, a suite that tests the code's form): the level is at most medium, with these as its reasons
   */
  atMostMedium?: string[];
  /** the calibration bench's other thresholds to try; every caller else uses `AGREEMENT_THRESHOLDS` */
  agreementThresholds?: AgreementThresholds;
}

export interface ConfidenceJudgement {
  confidence: Confidence;
  reasons: string[];
  /** what vouched for the code, independent or not: the evidence that earned the level */
  evidence: ConfidenceEvidence[];
}

interface TestEvidenceDetails {
  source?: 'model' | 'user' | 'mixed';
  verdict?: 'evidence' | 'not-evidence' | 'unmeasured';
  mutants?: { total: number; killed: number };
}

function testEvidenceDetails(check: CheckResult | undefined): TestEvidenceDetails {
  const details = check?.details as TestEvidenceDetails | undefined;
  return details && typeof details === 'object' ? details : {};
}

/** Whether agreement across candidates is evidence, and its words. */
function agreementEvidence(input: ConfidenceInput): ConfidenceEvidence | undefined {
  const behaviour = input.behaviour;
  const limits = input.agreementThresholds ?? AGREEMENT_THRESHOLDS;
  if (behaviour) {
    const share = behaviour.samples > 0 ? behaviour.group / behaviour.samples : 0;
    if (
      behaviour.group >= limits.minGroup &&
      share >= limits.minShare &&
      behaviour.passed >= limits.minPassed
    )
      return {
        kind: 'agreement',
        independent: true,
        detail: `${behaviour.group} of ${behaviour.samples} sampled candidates behave as this one on the ${behaviour.assertions} assertions the model wrote (it passes ${behaviour.passed})`,
      };
    return undefined;
  }
  // Without a behavioural comparison nothing agrees: samples of the same text are one answer written again
  // (a model at temperature 0, a caching server), not candidates that reached it apart (r40)
  return undefined;
}

/** How many of the request's own examples the code passed (the `examples` check), when it ran and passed. */
function examplesPassed(input: ConfidenceInput): number {
  const examples = input.checks.find((check) => check.name === EXAMPLES && check.status === 'pass');
  if (!examples) return 0;
  const details = examples.details as { passed?: unknown } | undefined;
  return typeof details?.passed === 'number' ? details.passed : 1;
}

/** With many samples, a behaviour few of them share is the model guessing: the reason, or undefined. */
function guessed(input: ConfidenceInput): string | undefined {
  const behaviour = input.behaviour;
  const limits = input.agreementThresholds ?? AGREEMENT_THRESHOLDS;
  if (!behaviour || behaviour.assertions === 0 || input.candidates < limits.lowMinSamples) return undefined;
  if (limits.examplesLiftGuess && examplesPassed(input) >= Math.max(1, limits.minExamples)) return undefined;
  const share = behaviour.samples > 0 ? behaviour.group / behaviour.samples : 0;
  if (share >= limits.lowBelowShare) return undefined;
  return `only ${behaviour.group} of ${behaviour.samples} usable sampled candidates behave as this one: the model is guessing`;
}

/**
 * The licence check skipped because the code adds no third-party import and no copyleft corpus is
 * registered: nothing the code brings in carries a licence to judge. It said `pass` before w167 and the
 * confidence did not drop for it; saying `skip` now is for the verdict's honesty, not a new doubt about the
 * code. A language whose imports it does not read carries `unverified` and lowers the confidence above.
 */
function nothingToCompare(check: CheckResult): boolean {
  return check.name === 'licence' && check.unverified === undefined;
}

/**
 * An honest confidence, derived from what was verified — never from the model's own claim — and naming the
 * evidence that earned it:
 * - low: no code, a failed or errored check, a check that could not read the code (`unverified`: the
 *   security rules do not read its language), a blocking finding, a truncated answer, nothing verified, or
 *   (with many sampled candidates) a behaviour too few of them share;
 * - high: every check ran and passed, something ran the code, and independent evidence vouches for it:
 *   the user's tests, agreement across sampled candidates, a differential, properties. The model's own
 *   tests, however strong, are one witness from the code's source: alone they earn medium; and tests the
 *   `test-evidence` check finds are no evidence (swallowed asserts, a mock of the subject, no mutant
 *   killed) count as no tests at all;
 * - medium: everything that ran passed, but something was skipped or no independent evidence vouches.
 */
export function judgeConfidence(input: ConfidenceInput): ConfidenceJudgement {
  const reasons: string[] = [];
  if (!input.hasCode) return { confidence: 'low', reasons: ['the model returned no code'], evidence: [] };
  if (input.truncated) reasons.push('the answer hit the token limit and may be cut short');
  if (input.checksDisabled) reasons.push('checks were turned off');
  const testEvidence = input.checks.find((check) => check.name === TEST_EVIDENCE);
  for (const check of input.checks) {
    // tests that are not evidence are no tests (below), not a failure of the code
    const notEvidence = check === testEvidence && check.status === 'fail' && !check.blocking;
    if (check.status === 'fail' && check.name === EXAMPLES)
      reasons.push(`the user's own examples fail: ${check.reason ?? 'examples failed'}`);
    else if (check.status === 'fail' && !notEvidence) reasons.push(`${check.name} failed`);
    if (check.status === 'error') reasons.push(`${check.name} could not run: ${check.reason ?? 'error'}`);
    // a check that would have judged the code could not read it: as one that could not run (verdict.ts)
    else if (check.unverified && check.status !== 'fail')
      reasons.push(`${check.name} could not verify the code: ${check.unverified}`);
    if (check.blocking && check.status !== 'fail') reasons.push(`${check.name} blocks delivery`);
  }
  if (!input.checksDisabled && !input.checks.some((check) => check.status === 'pass'))
    reasons.push('no check could run, so nothing was verified');
  const guessing = guessed(input);
  if (guessing) reasons.push(guessing);
  if (reasons.length > 0) return { confidence: 'low', reasons, evidence: [] };

  const evidence: ConfidenceEvidence[] = [];
  const medium: string[] = [];
  // Selection ran the model's tests — every answer's — on every candidate: they ran on this one too.
  const pooled = input.behaviour && input.behaviour.assertions > 0 ? input.behaviour : undefined;
  for (const check of input.checks)
    if (
      check.status === 'skip' &&
      check !== testEvidence &&
      !(pooled && check.name === 'tests') &&
      !nothingToCompare(check)
    )
      medium.push(`${check.name} skipped${check.reason ? `: ${check.reason}` : ''}`);

  const tests = input.checks.find((check) => check.name === 'tests' && check.status === 'pass');
  const measured = testEvidenceDetails(testEvidence);
  const source = measured.source ?? input.testsSource ?? 'model';
  if (tests && testEvidence?.status === 'fail') {
    const problems = [...new Set(testEvidence.findings.map((finding) => finding.ruleId))];
    medium.push(
      `the tests passed but are no evidence (${problems.join(', ') || testEvidence.reason || 'test-evidence failed'}): they count as no tests`,
    );
  } else if (tests) {
    const mutants =
      testEvidence?.status === 'pass' && measured.mutants
        ? `, killing ${measured.mutants.killed} of ${measured.mutants.total} mutants`
        : '';
    if (source !== 'model')
      evidence.push({
        kind: 'user-tests',
        independent: true,
        detail: `${source === 'user' ? "the user's tests" : "the user's tests and the model's own"} passed${mutants}`,
      });
    else
      evidence.push({
        kind: 'model-tests',
        independent: false,
        detail: `the model's own tests passed${mutants}`,
      });
  }
  if (pooled && !tests && pooled.passed > 0)
    evidence.push({
      kind: 'model-tests',
      independent: false,
      detail: `it passes ${pooled.passed} of the ${pooled.assertions} assertions the model wrote (selection ran them on every candidate)`,
    });
  const limits = input.agreementThresholds ?? AGREEMENT_THRESHOLDS;
  const examples = input.checks.find((check) => check.name === EXAMPLES && check.status === 'pass');
  const byExamples = examples !== undefined && examplesPassed(input) >= Math.max(1, limits.minExamples);
  if (byExamples)
    evidence.push({
      kind: 'user-tests',
      independent: true,
      detail: examples.reason ?? "the request's examples pass",
    });
  // The request's examples are the user's words and ran the code, but they are one witness, chosen by the
  // request: with nothing else run on the code (no tests of the model's, no pooled assertions) they are not
  // high by themselves (w235: a lone example used to leave the code "no test ran", low).
  if (byExamples && !tests && !pooled)
    medium.push(
      `only the request's ${examplesPassed(input) === 1 ? 'example' : 'examples'} ran the code: no test of the model's checked the rest of its behaviour`,
    );
  const agreed = agreementEvidence(input);
  if (agreed) evidence.push(agreed);
  if (limits.highNeedsExamples && !byExamples)
    medium.push(
      examples
        ? `too few of the request's examples (${examplesPassed(input)}) vouch for it`
        : 'the request gave no example to run: nothing the user wrote vouches for it',
    );
  evidence.push(...(input.evidence ?? []));

  if (evidence.length === 0) medium.push('no tests were run against the code');
  else if (!evidence.some((item) => item.independent))
    medium.push(
      "only the model's own tests vouch for it, one witness from the code's source: nothing independent (the user's tests, agreement across candidates, a differential) does",
    );
  if (input.candidates > 1 && !agreed && !(byExamples && limits.examplesAlone))
    medium.push(
      input.behaviour
        ? `the sampled candidates do not agree enough: ${input.behaviour.group} of ${input.behaviour.samples} behave as this one`
        : input.agreement > 1
          ? `${input.agreement} of the ${input.candidates} samples were this same text: copies of one answer are not agreement between candidates`
          : 'the other candidates disagree with this one',
    );
  medium.push(...(input.atMostMedium ?? []));
  if (medium.length > 0) return { confidence: 'medium', reasons: medium, evidence };
  return {
    confidence: 'high',
    reasons: [
      `every check ran and passed, and independent evidence vouches: ${evidence
        .filter((item) => item.independent)
        .map((item) => item.detail)
        .join('; ')}`,
    ],
    evidence,
  };
}
