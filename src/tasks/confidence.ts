import type { CheckResult } from '../core/check.js';

export type Confidence = 'low' | 'medium' | 'high';

export interface ConfidenceInput {
  hasCode: boolean;
  checks: CheckResult[];
  /** checks were turned off by the caller */
  checksDisabled: boolean;
  /** the model stopped on its token limit: the code may be cut short */
  truncated: boolean;
  /** how many of the distinct candidates agree with the chosen one (1 when n = 1) */
  agreement: number;
  candidates: number;
}

/**
 * An honest confidence, derived from what was verified — never from the model's own claim:
 * - low: no code, a failed or errored check, a blocking finding, a truncated answer, or nothing verified;
 * - high: every check ran and passed, including tests that actually executed, and no other candidate disagrees;
 * - medium: everything that ran passed, but something was skipped or no test executed.
 */
export function judgeConfidence(input: ConfidenceInput): { confidence: Confidence; reasons: string[] } {
  const reasons: string[] = [];
  if (!input.hasCode) return { confidence: 'low', reasons: ['the model returned no code'] };
  if (input.truncated) reasons.push('the answer hit the token limit and may be cut short');
  if (input.checksDisabled) reasons.push('checks were turned off');
  for (const check of input.checks) {
    if (check.status === 'fail') reasons.push(`${check.name} failed`);
    if (check.status === 'error') reasons.push(`${check.name} could not run: ${check.reason ?? 'error'}`);
    if (check.blocking && check.status !== 'fail') reasons.push(`${check.name} blocks delivery`);
  }
  if (!input.checksDisabled && !input.checks.some((check) => check.status === 'pass'))
    reasons.push('no check could run, so nothing was verified');
  if (reasons.length > 0) return { confidence: 'low', reasons };
  const skipped = input.checks.filter((check) => check.status === 'skip');
  const testsRan = input.checks.some((check) => check.name === 'tests' && check.status === 'pass');
  const medium: string[] = [];
  for (const check of skipped) medium.push(`${check.name} skipped${check.reason ? `: ${check.reason}` : ''}`);
  if (!testsRan) medium.push('no tests were run against the code');
  if (input.candidates > 1 && input.agreement < 2) medium.push('the other candidates disagree with this one');
  if (medium.length > 0) return { confidence: 'medium', reasons: medium };
  return { confidence: 'high', reasons: ['every check ran and passed, tests included'] };
}
