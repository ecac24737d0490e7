import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { configSection } from '../config/load.js';
import {
  type Check,
  type CheckContext,
  type CheckResult,
  type CheckSubject,
  failingAt,
} from '../core/check.js';
import { UsageError } from '../core/errors.js';
import { projectSettings } from './engine/project-settings.js';
import { scanSources } from './scan.js';
import { type SettingsNotRead, type WorkspaceSettings, workspaceSettings } from './workspace-settings.js';

/** `[security]` in vouch.toml */
export const securitySection = z.object({
  /** run installed external scanners (Bandit) on generated code too */
  external: z.boolean().default(true),
  /** the project's Semgrep rule files or folders (relative to the workspace); default: .semgrep.yml or .semgrep/ */
  semgrep: z.array(z.string().min(1)).optional(),
  /**
   * how long vouch's engine may analyse one file, in seconds (issue 59): `vouch scan`'s default for
   * `--file-budget` (else 60), and the gate's (else 60, or 5 while the engineer types: the language
   * server's quick checks, an inline completion's gate); a file past it is not verified, never a pass
   */
  file_budget: z.number().positive().max(86_400).optional(),
});
const configSchema = securitySection.default({ external: true });

/** The `[security]` section of the config, or a usage error that says what is wrong in it. */
export function securityConfig(config: Record<string, unknown>): z.output<typeof configSchema> {
  const parsed = configSchema.safeParse(configSection(config, 'security'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `[security] in the config is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'bad value'}`.replace(
        '  ',
        ' ',
      ),
      {
        hint: 'the keys are `external = true|false` (run Bandit and other installed scanners), `semgrep = ["rules.yml", "rules/"]` (the project\'s Semgrep rules) and `file_budget = 60` (seconds the engine may spend on one file)',
      },
    );
  }
  return parsed.data;
}

/**
 * The gate's budget per file, in seconds, when `[security] file_budget` does not set one (issue 59): as
 * `vouch scan`'s. The engine stops itself at it (engine/deadline.ts), so a budget costs nothing to keep.
 */
export const GATE_FILE_BUDGET_S = 60;

/**
 * The budget per file while the engineer types (the `typing` profile: the language server's quick checks,
 * an inline completion's gate): someone waits for this answer, and the whole gate on save still runs with
 * GATE_FILE_BUDGET_S. The slowest real file known takes 2.6 s whole on a quiet core (jinja's bundled
 * parser, bench/notes/2026-11-27-gate-slow-file.md); a completion's gate reads only the function around it.
 */
export const TYPING_FILE_BUDGET_S = 5;

/**
 * The engine's budget per file for the gate: the config's `file_budget`, else GATE_FILE_BUDGET_S; while
 * typing, never more than TYPING_FILE_BUDGET_S (a `file_budget` raised for a long file's whole gate does
 * not keep the engineer waiting as they type: saving checks it with the longer budget).
 */
export function gateFileBudgetMs(
  fileBudgetS: number | undefined,
  context: Pick<CheckContext, 'urgent'>,
): number {
  const whole = fileBudgetS ?? GATE_FILE_BUDGET_S;
  const seconds = context.urgent ? Math.min(whole, TYPING_FILE_BUDGET_S) : whole;
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * The security gate every generated suggestion passes: vouch's rules and taint tracking, secrets, and
 * Bandit when installed. A high or critical finding that no `vouch-ignore` with a reason covers makes
 * the result blocking: such code is never delivered without the finding shown.
 */
export const securityCheck: Check = {
  name: 'security',
  languages: ['python', 'javascript', 'typescript', 'tsx'],
  async run(subject: CheckSubject, context: CheckContext): Promise<CheckResult> {
    const started = performance.now();
    const { external, semgrep, file_budget: fileBudget } = securityConfig(context.config);
    const { lines: outsideSettings, notRead: settingsNotRead } = await settingsAround(subject, context);
    const report = await scanSources(
      [{ path: subject.path, source: subject.code, language: subject.language }],
      {
        external,
        workspaceRoot: context.workspaceRoot,
        ...(semgrep ? { semgrep } : {}),
        signal: context.signal,
        // the server: vouch's engine on a worker, stopped at the budget (a check that could not run)
        ...(context.detectorBudgetMs ? { engineBudgetMs: context.detectorBudgetMs } : {}),
        // a budget per file (issue 59): the engine stops itself past it, the file not verified, never a pass
        fileBudgetMs: gateFileBudgetMs(fileBudget, context),
        ...(outsideSettings ? { outsideSettings } : {}),
      },
    );
    const blocking = failingAt(report.findings, 'high').length > 0;
    const ran = report.tools.filter((tool) => tool.ran).map((tool) => tool.tool);
    // rules stopped at their time budget checked nothing: the check could not run, never a pass
    const stopped = report.tools.filter((tool) => tool.overBudget || tool.stopped?.length);
    // a scanner that could not parse the code checked nothing there: not verified, never a pass
    const unparsed = report.tools.filter((tool) => tool.unparsed?.length);
    const failed = report.findings.some((finding) => !finding.suppressed);
    const notRun = [
      // the project's settings could not all be read: an exemption they might take away is not verified
      ...(settingsNotRead.length > 0 ? [settingsUnread(settingsNotRead)] : []),
      ...stopped.map((tool) => `${tool.tool} could not run: ${tool.reason ?? 'over its time budget'}`),
      ...unparsed.map((tool) => `${tool.tool} could not run: ${tool.reason ?? 'could not parse the code'}`),
    ];
    return {
      name: 'security',
      status: failed ? 'fail' : notRun.length > 0 ? 'error' : 'pass',
      reason: [`scanners: ${ran.join(', ')}`, ...notRun].join('; '),
      // a finding elsewhere does not make the part not read verified (r18)
      ...(failed && notRun.length > 0 ? { unverified: notRun.join('; ') } : {}),
      findings: report.findings,
      durationMs: Math.round(performance.now() - started),
      blocking,
      details: { tools: report.tools, duplicates: report.duplicates, unconfirmed: report.unconfirmed },
    };
  },
};

/**
 * How old the workspace's settings may be for the gate while the engineer types (ms): listing Django's
 * 860 Python files again took 40–75 ms of CPU at load 19 (bench/notes/2026-11-27-project-settings-entry.md),
 * as much as a typical buffer's own check.
 */
const TYPING_SETTINGS_AGE_MS = 5000;

/**
 * What the project's other Python files set of Flask's defaults, for Python code checked alone (review
 * r25: the gate on a buffer, a review's changed file): the workspace's files as on disk, the change's other
 * files (`overlay`) as the change leaves them, the subject's own text in place of its file's.
 */
async function settingsAround(subject: CheckSubject, context: CheckContext): Promise<WorkspaceSettings> {
  if (subject.language !== 'python') return { lines: '', notRead: [] };
  const given = new Set<string>();
  if (!subject.path.startsWith('<')) given.add(resolve(context.workspaceRoot, subject.path));
  const overlaid = Object.entries(subject.overlay ?? {}).filter(([path]) => path.endsWith('.py'));
  for (const [path] of overlaid) given.add(resolve(context.workspaceRoot, path));
  // the project of the subject's own folder (a workspace's second folder, a package without .git: r27)
  const onDisk = await workspaceSettings(
    subject.path.startsWith('<')
      ? context.workspaceRoot
      : dirname(resolve(context.workspaceRoot, subject.path)),
    {
      given,
      // while the engineer types, a listing of the last few seconds: saving runs the gate on a fresh one
      ...(context.urgent ? { maxAgeMs: TYPING_SETTINGS_AGE_MS } : {}),
      ...(context.signal ? { signal: context.signal } : {}),
    },
  );
  const changed = projectSettings(overlaid.map(([, source]) => ({ source, language: 'python' })));
  return { lines: [onDisk.lines, changed].filter(Boolean).join('\n'), notRead: onDisk.notRead };
}

/** The reason a check is not verified when the project's settings could not all be read. */
export function settingsUnread(notRead: readonly SettingsNotRead[]): string {
  const shown = notRead
    .slice(0, 3)
    .map((file) => `${file.path} (${file.reason})`)
    .join(', ');
  return `project settings: ${shown}${notRead.length > 3 ? ', …' : ''}`;
}
