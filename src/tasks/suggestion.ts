import type { CheckResult } from '../core/check.js';
import type { NewSuggestion } from '../store/record/server-store.js';
import type { TaskResult } from './task.js';

/** Gates whose failure keeps a suggestion out of the fine-tuning export. */
const EXPORT_GATES = new Set(['security', 'licence']);

/**
 * The gates that keep a result out of the fine-tuning export: a security or licence check that failed, and
 * a security check that passed with findings attached (a medium or low finding, suppressed ones included:
 * code with a known weakness is no example to learn from, whether or not it blocked delivery).
 */
export function exportGatesFailed(checks: readonly CheckResult[]): string[] {
  return checks
    .filter(
      (check) =>
        EXPORT_GATES.has(check.name) &&
        (check.status === 'fail' || (check.name === 'security' && check.findings.length > 0)),
    )
    .map((check) => check.name);
}

/**
 * What a face records of a task's result as a suggestion (the user is the face's to add): every result
 * with code — the code, or the diffs of its edits — becomes one; prose answers do not. `withCode: false`
 * keeps the code and the request out (an empty code, a null input): the statistics still count it, the
 * fine-tuning export never sees it.
 */
export function suggestionOf(
  result: TaskResult,
  input: unknown,
  options: { withCode?: boolean } = {},
): Omit<NewSuggestion, 'userId'> | undefined {
  const code = result.generated_code || result.edits.map((edit) => edit.diff).join('\n');
  if (!code) return undefined;
  const withCode = options.withCode !== false;
  // the security gate's outcome and its findings' CWE ids, for the dashboard (never the findings' text)
  const security = result.verification.checks.find((check) => check.name === 'security');
  const cwes: Record<number, number> = {};
  for (const finding of security?.findings ?? [])
    if (finding.cwe !== undefined) cwes[finding.cwe] = (cwes[finding.cwe] ?? 0) + 1;
  return {
    task: result.task,
    language: result.language,
    model: result.model,
    confidence: result.confidence,
    verification: result.verification.status,
    gatesFailed: exportGatesFailed(result.verification.checks),
    input: withCode ? input : null,
    code: withCode ? code : '',
    context: result.context,
    securityGate: security?.status ?? null,
    cwes,
  };
}
