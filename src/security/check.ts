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
import { scanSources } from './scan.js';

/** `[security]` in vouch.toml */
export const securitySection = z.object({
  /** run installed external scanners (Bandit) on generated code too */
  external: z.boolean().default(true),
  /** the project's Semgrep rule files or folders (relative to the workspace); default: .semgrep.yml or .semgrep/ */
  semgrep: z.array(z.string().min(1)).optional(),
  /**
   * how long vouch's engine may analyse one file, in seconds (issue 59): `vouch scan`'s default for
   * `--file-budget` (else 60), and the gate's (else none: a worker's cold start costs more than a small
   * file's scan); a file past it is not verified, never a pass
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
    const report = await scanSources(
      [{ path: subject.path, source: subject.code, language: subject.language }],
      {
        external,
        workspaceRoot: context.workspaceRoot,
        ...(semgrep ? { semgrep } : {}),
        signal: context.signal,
        // the server: vouch's engine on a worker, stopped at the budget (a check that could not run)
        ...(context.detectorBudgetMs ? { engineBudgetMs: context.detectorBudgetMs } : {}),
        // `[security] file_budget`: the engine on a worker, the file not verified past it (issue 59)
        ...(fileBudget !== undefined ? { fileBudgetMs: Math.max(1, Math.round(fileBudget * 1000)) } : {}),
      },
    );
    const blocking = failingAt(report.findings, 'high').length > 0;
    const ran = report.tools.filter((tool) => tool.ran).map((tool) => tool.tool);
    // rules stopped at their time budget checked nothing: the check could not run, never a pass
    const stopped = report.tools.filter((tool) => tool.overBudget);
    // a scanner that could not parse the code checked nothing there: not verified, never a pass
    const unparsed = report.tools.filter((tool) => tool.unparsed?.length);
    const failed = report.findings.some((finding) => !finding.suppressed);
    return {
      name: 'security',
      status: failed ? 'fail' : stopped.length + unparsed.length > 0 ? 'error' : 'pass',
      reason: [
        `scanners: ${ran.join(', ')}`,
        ...stopped.map((tool) => `${tool.tool} could not run: ${tool.reason ?? 'over its time budget'}`),
        ...unparsed.map((tool) => `${tool.tool} could not run: ${tool.reason ?? 'could not parse the code'}`),
      ].join('; '),
      findings: report.findings,
      durationMs: Math.round(performance.now() - started),
      blocking,
      details: { tools: report.tools, duplicates: report.duplicates, unconfirmed: report.unconfirmed },
    };
  },
};
