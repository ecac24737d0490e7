import type { CheckResult } from '../core/check.js';

/**
 * The one verdict every face shows for code, and the exit code scripts read from it:
 * - `fail`: a check failed or a finding blocks delivery;
 * - `unverified`: nothing failed, but the code was not verified — a check that applies could not run
 *   (no sandbox, a missing test runner, tests that ran nothing, a crash), no check ran at all, or there
 *   is no code to verify;
 * - `unverified` too: code meant to run (generate) that no test ran, however its static checks went (the
 *   model's tests and the request's own examples run it: either passing is a test run);
 * - `unverified` too: a check that would have judged the code could not read it (a `skip` or `pass` that
 *   carries `unverified`: the security rules do not read Ruby, tests given in a language with no runner) —
 *   a skip is never a pass, whichever task or face made the verdict;
 * - `pass`: every check that applies ran and passed (checks that do not apply, or whose optional tool is
 *   not installed, are `skip` and lower the confidence, not the verdict).
 */
export type VerdictStatus = 'pass' | 'fail' | 'unverified';

export interface Verdict {
  status: VerdictStatus;
  /** why, one line each; empty for a plain pass */
  reasons: string[];
}

export interface VerdictOptions {
  /** false when there is no code: nothing to verify */
  hasCode?: boolean;
  /**
   * The code is meant to run (generate): static checks that pass are no pass unless a test ran it too. A
   * check that ran nothing is never a pass; a `tests` check that was skipped (no tests given) ran nothing.
   */
  needsTestRun?: boolean;
}

/**
 * The checks that run the code: the `tests` check (the model's tests, the user's) and `examples` (the
 * request's own examples, run in the sandbox by the tests check: candidate-confidence.ts). Either one
 * passing is a test that ran the code; how much it vouches for is the confidence's business (confidence.ts:
 * one example alone is not high). Spelled here: this file is read by the web client's type check.
 */
const RUNS_THE_CODE = new Set(['tests', 'examples']);

/** Whether a test ran the code and passed. */
function aTestRan(checks: readonly CheckResult[]): boolean {
  return checks.some((check) => RUNS_THE_CODE.has(check.name) && check.status === 'pass');
}

/**
 * Whether the request's examples are all that ran the code: the `examples` check passed and no test of
 * the model's or the user's ran (passed or failed). An answer without tests skips the `tests` check.
 */
export function onlyExamplesRan(checks: readonly CheckResult[]): boolean {
  return (
    checks.some((check) => check.name === 'examples' && check.status === 'pass') &&
    !checks.some((check) => check.name === 'tests' && (check.status === 'pass' || check.status === 'fail'))
  );
}

/** The reason given when code meant to run was only checked statically. */
export function noTestRanReason(checks: readonly CheckResult[]): string {
  const passed = checks.filter((check) => check.status === 'pass').map((check) => check.name);
  return `no test ran: only static checks${passed.length ? ` (${passed.join(', ')})` : ''}`;
}

/**
 * `test-evidence` (tasks/test-evidence/) fails, without blocking, when the tests that passed are no
 * evidence (they mock the code, swallow their asserts, kill no mutant): that leaves the code not
 * verified, not shown wrong. (The name is spelled here: this file is read by the web client's type check.)
 */
function notEvidence(check: CheckResult): boolean {
  return check.name === 'test-evidence' && check.status === 'fail' && !check.blocking;
}

/** Why a check that did not fail leaves the code not verified. */
function unverifiedReason(check: CheckResult): string {
  if (notEvidence(check)) return `${check.name}: ${check.reason ?? 'the tests are not evidence'}`;
  if (check.status === 'error') return `${check.name} could not run: ${check.reason ?? 'error'}`;
  if (check.status === 'skip') return `${check.name}: nothing checked, ${check.unverified}`;
  return `${check.name} could not verify everything: ${check.unverified}`;
}

export function verdictOf(checks: readonly CheckResult[], options: VerdictOptions = {}): Verdict {
  if (options.hasCode === false) return { status: 'unverified', reasons: ['there is no code to verify'] };
  const failed = checks.filter((check) => (check.status === 'fail' && !notEvidence(check)) || check.blocking);
  if (failed.length > 0) {
    return {
      status: 'fail',
      reasons: failed.map(
        (check) => `${check.name} ${check.status === 'fail' ? 'failed' : 'blocks delivery'}`,
      ),
    };
  }
  const errored = checks.filter(
    (check) => check.status === 'error' || notEvidence(check) || check.unverified !== undefined,
  );
  if (errored.length > 0) {
    return { status: 'unverified', reasons: errored.map(unverifiedReason) };
  }
  if (!checks.some((check) => check.status === 'pass')) {
    return {
      status: 'unverified',
      reasons: [checks.length === 0 ? 'no check ran' : 'every check was skipped, so nothing was verified'],
    };
  }
  if (options.needsTestRun && !aTestRan(checks))
    return { status: 'unverified', reasons: [noTestRanReason(checks)] };
  return { status: 'pass', reasons: [] };
}
