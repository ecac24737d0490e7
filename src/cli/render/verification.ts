import type { CheckResult, Finding } from '../../core/check.js';
import { paint } from './colour.js';

const STATUS_MARK: Record<CheckResult['status'], string> = { pass: '✓', fail: '✗', skip: '–', error: '!' };

function findingLine(finding: Finding, colour: boolean): string {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  const severity =
    finding.severity === 'high' || finding.severity === 'critical'
      ? paint(colour, 'red', finding.severity)
      : finding.severity;
  const suppressed = finding.suppressed
    ? paint(colour, 'dim', ` (suppressed: ${finding.suppressed.reason})`)
    : '';
  const hint = finding.hint ? `\n        ${paint(colour, 'dim', `hint: ${finding.hint}`)}` : '';
  return `      ${where} ${severity} ${finding.message} [${finding.ruleId}]${suppressed}${hint}`;
}

/** The verification report as text: one line per check, its findings beneath it. */
export function renderChecks(checks: CheckResult[], colour: boolean, maxFindings = 8): string {
  const lines: string[] = [];
  for (const check of checks) {
    const style =
      check.status === 'pass'
        ? 'green'
        : check.status === 'skip'
          ? 'dim'
          : check.status === 'fail'
            ? 'red'
            : 'yellow';
    const reason = check.reason ? paint(colour, 'dim', ` — ${check.reason}`) : '';
    const blocking = check.blocking ? paint(colour, 'red', ' (blocks delivery)') : '';
    lines.push(
      `  ${paint(colour, style, `${STATUS_MARK[check.status]} ${check.name}`)} ${paint(colour, 'dim', `${check.durationMs} ms`)}${reason}${blocking}`,
    );
    for (const finding of check.findings.slice(0, maxFindings)) lines.push(findingLine(finding, colour));
    if (check.findings.length > maxFindings)
      lines.push(`      … and ${check.findings.length - maxFindings} more (use --json for all)`);
  }
  return lines.join('\n');
}

/** The verdict line under a report: what it means for using the code. */
export function renderVerdict(
  verification: { status: string; blocked: boolean; reasons: string[] },
  colour: boolean,
): string {
  if (verification.status === 'pass' || verification.status === 'none') return '';
  const why = verification.reasons.length ? `: ${verification.reasons.join('; ')}` : '';
  if (verification.blocked)
    return paint(colour, 'red', `  BLOCKED: a check forbids using this code as is${why}\n`);
  if (verification.status === 'fail') return paint(colour, 'red', `  FAILED${why}\n`);
  return paint(colour, 'yellow', `  NOT VERIFIED${why}\n`);
}
