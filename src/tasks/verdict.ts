import type { CheckResult } from '../core/check.js';

/**
 * The one verdict every face shows for code, and the exit code scripts read from it:
 * - `fail`: a check failed or a finding blocks delivery;
 * - `unverified`: nothing failed, but the code was not verified — a check that applies could not run
 *   (no sandbox, a missing test runner, tests that ran nothing, a crash), no check ran at all, or there
 *   is no code to verify;
 * - `pass`: every check that applies ran and passed (checks that do not apply, or whose optional tool is
 *   not installed, are `skip` and lower the confidence, not the verdict).
 */
export type VerdictStatus = 'pass' | 'fail' | 'unverified';

export interface Verdict {
  status: VerdictStatus;
  /** why, one line each; empty for a plain pass */
  reasons: string[];
}

export function verdictOf(checks: readonly CheckResult[], options: { hasCode?: boolean } = {}): Verdict {
  if (options.hasCode === false) return { status: 'unverified', reasons: ['there is no code to verify'] };
  const failed = checks.filter((check) => check.status === 'fail' || check.blocking);
  if (failed.length > 0) {
    return {
      status: 'fail',
      reasons: failed.map(
        (check) => `${check.name} ${check.status === 'fail' ? 'failed' : 'blocks delivery'}`,
      ),
    };
  }
  const errored = checks.filter((check) => check.status === 'error');
  if (errored.length > 0) {
    return {
      status: 'unverified',
      reasons: errored.map((check) => `${check.name} could not run: ${check.reason ?? 'error'}`),
    };
  }
  if (!checks.some((check) => check.status === 'pass')) {
    return {
      status: 'unverified',
      reasons: [checks.length === 0 ? 'no check ran' : 'every check was skipped, so nothing was verified'],
    };
  }
  return { status: 'pass', reasons: [] };
}
