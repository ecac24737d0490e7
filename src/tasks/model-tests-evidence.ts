import type { CheckResult } from '../core/check.js';
import type { TestCaseResult } from '../verify/checks/test-results.js';

/**
 * The tests check under the model's own tests: a test it skipped, left as a todo or declared to fail
 * (xfail, expectedFailure, it.fails) hides what it would have shown, and the model chose to hide it. Such a
 * run is not verified, whatever the other tests did.
 */
export function withModelTestsEvidence(result: CheckResult): CheckResult {
  if (result.name !== 'tests' || result.status !== 'pass') return result;
  const tests = ((result.details as { tests?: TestCaseResult[] } | undefined)?.tests ?? []).filter(
    (test) => test.status === 'skipped',
  );
  if (tests.length === 0) return result;
  const expected = tests.filter((test) => test.expectedFailure).length;
  const what = [
    expected ? `${expected} declared to fail (xfail, expectedFailure, it.fails)` : '',
    tests.length - expected ? `${tests.length - expected} skipped or todo` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    ...result,
    status: 'error',
    reason: `${result.reason ?? 'tests'}; the model's own tests hide ${tests.length} (${what}: ${tests
      .map((test) => `\`${test.name}\``)
      .slice(0, 3)
      .join(', ')}): an expected failure, a skip or a todo is no evidence, so the code is not verified`,
  };
}
