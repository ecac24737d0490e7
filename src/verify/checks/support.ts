import type { CheckContext, CheckResult, Finding, Severity } from '../../core/check.js';
import { sandboxAvailability } from '../sandbox/availability.js';

/** Findings at or above this severity fail a check; below it they are reported and the check passes. */
const FAILING: ReadonlySet<Severity> = new Set(['medium', 'high', 'critical']);

export function checkResult({
  name,
  started,
  findings,
  extra = {},
}: {
  name: string;
  started: number;
  findings: Finding[];
  extra?: Partial<Pick<CheckResult, 'reason' | 'details' | 'blocking'>>;
}): CheckResult {
  const failed = findings.some((finding) => FAILING.has(finding.severity) && !finding.suppressed);
  return {
    name,
    status: failed ? 'fail' : 'pass',
    findings,
    durationMs: Math.round(performance.now() - started),
    ...extra,
  };
}

/** The check does not apply to this code (another language, no tests given, an optional tool absent). */
export function skipResult(name: string, started: number, reason: string): CheckResult {
  return { name, status: 'skip', reason, findings: [], durationMs: Math.round(performance.now() - started) };
}

/**
 * The check applies but could not run (no sandbox, a missing test runner, tests that collected nothing):
 * never a pass, the code is not verified on this count.
 */
export function errorResult(name: string, started: number, reason: string): CheckResult {
  return { name, status: 'error', reason, findings: [], durationMs: Math.round(performance.now() - started) };
}

/**
 * Whether a check may run code of the project (imports, probes, tests): in the sandbox when there is one,
 * unsandboxed only when the user said so; otherwise the check skips with the reason and how to fix it.
 */
export async function sandboxDecision(context: CheckContext): Promise<{ allowed: boolean; reason?: string }> {
  if (context.unsafeNoSandbox)
    return { allowed: true, reason: 'ran WITHOUT a sandbox (--unsafe-no-sandbox)' };
  const availability = await sandboxAvailability();
  if (availability.available) return { allowed: true };
  return {
    allowed: false,
    reason: `needs the sandbox to run project code: ${availability.reason}; ${availability.hint ?? 'apt-get install bubblewrap'}`,
  };
}

/** The path findings name: the code's place in the workspace, or `<generated>`. */
export function subjectFile(path: string): string {
  return path || '<generated>';
}

/** Whether the subject has a real place in the project (not `<generated>` / `<stdin>`). */
export function hasTargetPath(path: string): boolean {
  return Boolean(path) && !path.startsWith('<');
}
