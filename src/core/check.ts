import { z } from 'zod';
import type { LanguageId } from './language-ids.js';

/**
 * One interface for every check a suggestion goes through: syntax, imports, types/lint, tests (verify/),
 * security (security/), licence (licence/). The task pipeline runs a list of them and reports each.
 * What a check reports (`Finding`, `CheckResult`) is a zod schema, and its type comes from it: the task
 * results that carry them are sent to the HTTP API's clients, whose types come from the same schemas
 * (tasks/result-schema.ts). Nothing of Node here: the web client's type check reads this file.
 */

export const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.output<typeof severity>;

export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * The findings that fail at `failOn`: at or above that severity and not covered by a `vouch-ignore` with
 * a reason. The one rule behind the security check's blocking (at `high`) and the scan task's `failOn`.
 */
export function failingAt<F extends Pick<Finding, 'severity' | 'suppressed'>>(
  findings: readonly F[],
  failOn: Severity,
): F[] {
  return findings.filter(
    (finding) => !finding.suppressed && SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER[failOn],
  );
}

export const finding = z.object({
  ruleId: z
    .string()
    .meta({ description: 'the rule or diagnostic id: `py.sql-injection`, `TS2304`, `import-missing`' }),
  file: z.string().meta({ description: 'relative to the workspace (or `<stdin>`, `<generated>`)' }),
  /** 1-based */
  line: z.number().int(),
  /** 1-based */
  column: z.number().int(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  severity,
  message: z.string(),
  hint: z.string().optional().meta({ description: 'what to do about it' }),
  tool: z
    .string()
    .optional()
    .meta({ description: "which engine found it when not vouch's own (`bandit`, `ruff`, `tsc`, …)" }),
  cwe: z.number().int().optional(),
  suppressed: z
    .object({ reason: z.string() })
    .optional()
    .meta({ description: 'an inline `vouch-ignore` with a reason covers it: reported, never dropped' }),
});
export type Finding = z.output<typeof finding>;

export const checkStatus = z.enum(['pass', 'fail', 'skip', 'error']);
export type CheckStatus = z.output<typeof checkStatus>;

export const checkResult = z.object({
  name: z.string(),
  status: checkStatus,
  reason: z
    .string()
    .optional()
    .meta({ description: 'why a check was skipped or errored, or which tools ran' }),
  findings: z.array(finding),
  durationMs: z.number(),
  /**
   * true when the findings forbid delivering the code as verified (a high/critical security finding, a
   * denied licence, failing tests). The pipeline shows blocked code only with the block stated.
   */
  blocking: z.boolean().optional(),
  /**
   * what the check could not verify although it ran and reports findings (a part of the file it could not
   * parse, a rule stopped at its budget): a `fail` with it is not verified too, and whatever turns the
   * `fail` into a `pass` (findings not the change's own) makes it an `error` instead (r18). On a `skip`
   * (or a `pass`): the check would have judged this code but could not read it (the security rules do not
   * read Ruby), so the verdict is not verified (tasks/verdict.ts), never a pass (w167)
   */
  unverified: z.string().optional().meta({
    description:
      'what the check could not verify (beside its findings, or at all on a skip): not verified, never a pass',
  }),
  details: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'check-specific data (per-test results, tools that ran, …)' }),
});
export type CheckResult = z.output<typeof checkResult>;

/** The code under check and where it would live. */
export interface CheckSubject {
  code: string;
  language: LanguageId;
  /** where the code would go, relative to the workspace; `<generated>` or `<stdin>` when unknown */
  path: string;
  /** test code to run against the candidate, when a task produced some */
  tests?: string[];
  /**
   * where each of `tests` goes, relative to the workspace (default: beside the code, as
   * `test_vouch_generated_N`): the project's conftest files and rootdir settings above it apply
   */
  testPaths?: string[];
  /** run the tests as the project runs them from its root (Python: nothing of vouch's on the path) */
  asProject?: boolean;
  /**
   * the other files of a change across files (workspace-relative path → new text), laid over the project
   * where a check looks at it (the import probe, mypy, the TypeScript compiler): a module the change
   * creates, or a name it adds to another file, is there for the code that uses it
   */
  overlay?: Record<string, string>;
}

/**
 * A long-lived worker the imports check asks instead of a cold sandbox (verify/checks/warm-import-probe.ts,
 * or a stand-in that forwards to one on another thread). Only a face that completes again and again keeps
 * one, and it passes it in the check context: no check finds one by itself.
 */
export interface ImportProbe {
  /**
   * the probe's answer to `stdin` (what the probe program printed); undefined when it cannot answer for
   * sure (run the cold probe). `background`: nobody is waiting for it (the language server's gate), so a
   * completion's check goes first.
   */
  run(stdin: string, signal?: AbortSignal, background?: boolean): Promise<{ stdout: string } | undefined>;
  /** the modules a check found importable, for the worker to keep */
  keepModules(specs: readonly string[]): void;
  /** whether these import statements of a buffer were warmed already (and remembers them) */
  firstWarm(key: string): boolean;
  /** why the last check did not get a warm answer, when it did not */
  readonly coldReason: string | undefined;
}

export interface CheckContext {
  /** absolute path of the project the code is meant for */
  workspaceRoot: string;
  /** the merged config file data (sections are validated by their owners) */
  config: Record<string, unknown>;
  /** the user passed --unsafe-no-sandbox: code may run unsandboxed, and every report says so */
  unsafeNoSandbox?: boolean;
  signal?: AbortSignal;
  /**
   * the user's limit on each run of the code under test (`--timeout`); without it each check uses the one
   * that fits its run (a candidate's tests: `DEFAULT_TEST_RUN_MS`)
   */
  runTimeoutMs?: number;
  /** detectors run on a worker thread, stopped after this (the server); unset: in-process (TaskHost) */
  detectorBudgetMs?: number;
  /** the workspace's warm import probe, when the face keeps one */
  importProbe?: ImportProbe;
  /**
   * someone waits for this run's answer now (the gate's `typing` profile: a buffer just opened or typed
   * in): the sandboxes its checks start go ahead of those of runs nobody is waiting for
   */
  urgent?: boolean;
}

export interface Check {
  readonly name: string;
  /** languages the check understands; others get a `skip` with the reason */
  readonly languages?: readonly LanguageId[];
  run(subject: CheckSubject, context: CheckContext): Promise<CheckResult>;
}
