import type { Check, CheckContext, CheckResult, CheckSubject } from '../core/check.js';
import { humanReason } from '../core/human-reason.js';
import { withoutSyntaxRepeats } from './syntax-repeats.js';
import type { TaskHost } from './task.js';

/** What the checks need from a task's host: the workspace, its configuration, the sandbox choice, the signal. */
export function checkContextFor(
  host: Pick<
    TaskHost,
    'workspaceRoot' | 'config' | 'unsafeNoSandbox' | 'session' | 'runTimeoutMs' | 'detectorBudgetMs'
  >,
  signal: AbortSignal | undefined,
): CheckContext {
  const importProbe = host.session?.importProbe();
  return {
    workspaceRoot: host.workspaceRoot,
    config: host.config,
    ...(signal ? { signal } : {}),
    ...(host.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(host.runTimeoutMs ? { runTimeoutMs: host.runTimeoutMs } : {}),
    ...(host.detectorBudgetMs ? { detectorBudgetMs: host.detectorBudgetMs } : {}),
    ...(importProbe ? { importProbe } : {}),
  };
}

/**
 * Every check (`checks.ts`), loaded when a task first needs them: they bring the TypeScript compiler and
 * the security and licence engines (about a second of start-up), which a face that only completes code
 * or answers in prose never pays for.
 */
export async function loadDefaultChecks(): Promise<Check[]> {
  return (await import('./checks.js')).defaultChecks();
}

/**
 * What is left unverified when a check does not read the subject's language, or undefined when nothing
 * is: a check that would have judged this code (security, imports, types; tests that were given) could
 * not, so the code is not verified on that count (verdict.ts), whichever task or face ran it. Lint is a
 * style check whose absence lowers the confidence only (as when no linter is installed); `harness` guards
 * a test run, and a language with no test runner has none to forge; no tests given is nothing to run.
 */
function unreadLanguage(name: string, subject: CheckSubject): string | undefined {
  if (name === 'lint' || name === 'harness') return undefined;
  if (name === 'tests')
    return subject.tests?.length
      ? `no test runner for ${subject.language}: the tests given were not run`
      : undefined;
  if (name === 'security') return `the security rules do not read ${subject.language}`;
  return `the ${name} check does not read ${subject.language}`;
}

/**
 * Runs each check in turn (they share the sandbox and the CPU; running them one by one keeps timings
 * honest). A check that throws is reported as `error` with its message, never dropped; a check that does
 * not know the language is reported as `skip` with the reason, and with what that leaves unverified when
 * the check would have judged the code (`unreadLanguage`). A syntax error is reported once, by the
 * syntax check: the type checkers' and linters' copies of it are taken out (`withoutSyntaxRepeats`).
 */
export async function runChecks({
  checks,
  subject,
  context,
  onResult,
}: {
  checks: readonly Check[];
  subject: CheckSubject;
  context: CheckContext;
  onResult?: (result: CheckResult) => void;
}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    let result: CheckResult;
    if (check.languages && !check.languages.includes(subject.language)) {
      const unread = unreadLanguage(check.name, subject);
      result = {
        name: check.name,
        status: 'skip',
        reason: `not available for ${subject.language}`,
        ...(unread ? { unverified: unread } : {}),
        findings: [],
        durationMs: 0,
      };
    } else {
      try {
        result = await check.run(subject, context);
      } catch (error) {
        if (context.signal?.aborted) throw error;
        result = {
          name: check.name,
          status: 'error',
          reason: error instanceof Error ? error.message : String(error),
          findings: [],
          durationMs: Math.round(performance.now() - started),
        };
      }
    }
    result = withoutSyntaxRepeats(result, results);
    // a tool's JSON or a stack trace in the reason becomes words (core/human-reason.ts)
    if (result.reason) result = { ...result, reason: humanReason(result.reason) };
    results.push(result);
    onResult?.(result);
  }
  return results;
}
