import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SEVERITY_ORDER, type Severity } from '../../core/check.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { packageVersion } from '../../core/package-manifest.js';
import type { TaskResultOf } from '../../tasks/index.js';
import { githubReview, reviewSarif } from '../../tasks/review/formats.js';
import { quoteGitPath } from '../../tasks/review/git-paths.js';
import { runTask } from '../../tasks/run-task.js';
import { action, printJson } from '../output.js';
import { paint, useColour } from '../render/colour.js';
import { stageListener } from '../render/stages.js';
import { renderVerdict } from '../render/verification.js';
import { interruptSignal } from '../signals.js';
import { cliTaskHost } from '../task-host.js';
import { openWorkspace } from '../workspace-setup.js';

interface ReviewOptions {
  staged?: boolean;
  patch?: string;
  format: string;
  failOn: string;
  model?: string;
  modelReview: boolean;
  json?: boolean;
  config?: string;
}

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
const STYLE: Record<Severity, 'red' | 'yellow' | 'dim'> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'dim',
  info: 'dim',
};

/**
 * What the review did not verify: its verdict's reasons when it is `unverified`; beside a `fail`, the
 * checks that could not run or could not read every file (w154).
 */
function notVerifiedReasons(output: TaskResultOf<'review'>): string[] {
  const { verification } = output;
  if (verification.status === 'unverified') return verification.reasons;
  return verification.checks.flatMap((check) =>
    check.status === 'error'
      ? [`${check.name} could not run: ${check.reason ?? 'error'}`]
      : check.unverified
        ? [`${check.name} could not verify everything: ${check.unverified}`]
        : [],
  );
}

/**
 * The verdict line under the text: what the exit code says. `--fail-on` decides a review's pass or fail
 * (a medium finding under the default `high` is a comment, exit 0), so the gate's own `fail` is shown as
 * failed only when it fails the review (review r39: FAILED above an exit code of 0).
 */
function reviewVerdictLine(
  output: TaskResultOf<'review'>,
  decision: {
    failOn: string;
    exitCode: number;
    failing: boolean;
    notVerified: readonly string[];
    colour: boolean;
  },
): string {
  const { verification } = output;
  const { failOn, exitCode, notVerified, colour } = decision;
  if (exitCode !== EXIT.ok && verification.status !== 'pass') {
    // failed by --fail-on below the gate's blocking level, or not verified beside comments under --fail-on
    if (exitCode === EXIT.findings && !decision.failing && notVerified.length > 0)
      return paint(colour, 'yellow', `  NOT VERIFIED: ${notVerified.join('; ')}\n`);
    return renderVerdict(verification, colour);
  }
  if (exitCode !== EXIT.ok)
    return paint(colour, 'red', `  FAILED at --fail-on ${failOn}: a comment is ${failOn} or worse\n`);
  if (verification.status === 'pass') return '';
  return failOn === 'none'
    ? `  passed (--fail-on none): no comment fails the review\n`
    : `  passed at --fail-on ${failOn}: no comment is ${failOn} or worse\n`;
}

function renderReview(output: TaskResultOf<'review'>, colour: boolean): string {
  const { comments } = output.details;
  const parts: string[] = [];
  for (const comment of comments) {
    parts.push(
      // a name with a tab or a newline is shown as git shows it, quoted, so each comment stays on its line
      `${quoteGitPath(comment.file)}:${comment.line}  ${paint(colour, STYLE[comment.severity], comment.severity.toUpperCase())}  ${comment.title}${comment.cwe ? ` (CWE-${comment.cwe})` : ''}  [${comment.source}${comment.alsoFrom?.length ? ` + ${comment.alsoFrom.join(', ')}` : ''}]`,
      `  ${comment.body}`,
    );
    if (comment.pattern) parts.push(`  the codebase does it differently at ${comment.pattern}`);
    if (comment.suggestion)
      parts.push(
        paint(
          colour,
          'green',
          `  suggested: ${comment.suggestion.trim().split('\n').join('\n             ')}`,
        ),
      );
    parts.push('');
  }
  parts.push(paint(colour, 'bold', output.explanation));
  for (const check of output.verification.checks)
    parts.push(`  ${check.name}: ${check.status}${check.reason ? ` — ${check.reason}` : ''}`);
  for (const note of output.notes) parts.push(paint(colour, 'yellow', `  note: ${note}`));
  return parts.join('\n');
}

export function registerReview(program: Command): void {
  program
    .command('review')
    .description(
      'review a diff: the gate on changed lines, model comments with suggestions, consistency with the codebase',
    )
    .argument(
      '[range]',
      'a commit range BASE..HEAD (default: every uncommitted change, untracked files included)',
    )
    .option('--staged', 'review the staged changes')
    .option('--patch <file>', 'review a unified diff from a file (- for stdin)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option(
      '--fail-on <severity>',
      'exit 1 when a comment is at least this severe (critical, high, medium, low, info, none)',
      'high',
    )
    .option('--no-model-review', 'only the gate: no model comments')
    .option('--model <provider:name>', 'model to use, e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini')
    .option('--config <file>', 'an extra config file (TOML)')
    .option('--json', 'the same as --format json')
    .action(
      action(async (range: string | undefined, options: ReviewOptions) => {
        const format = options.json ? 'json' : options.format;
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`unknown --format '${options.format}'`, {
            hint: `use one of ${FORMATS.join(', ')}`,
          });
        const failOn = options.failOn.toLowerCase();
        if (failOn !== 'none' && !(failOn in SEVERITY_ORDER))
          throw new UsageError(`unknown --fail-on '${options.failOn}'`, {
            hint: 'use critical, high, medium, low, info or none',
          });
        const given = [options.staged, range, options.patch].filter(Boolean).length;
        if (given > 1)
          throw new UsageError('give one of --staged, BASE..HEAD or --patch FILE', {
            hint: 'they select different diffs',
          });
        let patch: string | undefined;
        if (options.patch) {
          if (options.patch !== '-' && !existsSync(options.patch))
            throw new UsageError(`no such patch file: ${options.patch}`, {
              hint: 'make one with git diff > change.patch',
            });
          patch = readFileSync(options.patch === '-' ? 0 : options.patch, 'utf8');
        }
        const workspace = openWorkspace(options.config ? { config: options.config } : {});
        const interrupt = interruptSignal();
        const host = await cliTaskHost(workspace, {
          quiet: format !== 'text',

          model: options.model,
        });
        const listener = stageListener(format !== 'text');
        const output = await runTask({
          name: 'review',
          input: {
            ...(options.staged ? { staged: true } : {}),
            ...(range ? { range } : {}),
            ...(patch !== undefined ? { patch } : {}),
            useModel: options.modelReview,
          },
          host,
          options: { signal: interrupt, ...(listener ? { onEvent: listener } : {}) },
        });
        const { comments } = output.details;
        const notVerified = notVerifiedReasons(output);
        const failing =
          failOn !== 'none' &&
          comments.some((comment) => SEVERITY_ORDER[comment.severity] >= SEVERITY_ORDER[failOn as Severity]);
        // a review that checked nothing, or whose check could not run, is never a pass, whatever --fail-on
        // says; one cut short by Ctrl-C (or SIGTERM) exits 130, and its JSON says so (w162)
        const exitCode = interrupt.aborted
          ? EXIT.interrupted
          : failing || notVerified.length > 0
            ? EXIT.findings
            : EXIT.ok;
        if (format === 'json') printJson({ ...output, exitCode });
        else if (format === 'sarif') printJson(reviewSarif(comments, packageVersion(), notVerified));
        else if (format === 'github')
          printJson(
            githubReview(comments, {
              failOn: failOn as Severity | 'none',
              summary: output.explanation,
              notVerified,
            }),
          );
        else {
          const colour = useColour();
          const verdict = reviewVerdictLine(output, { failOn, exitCode, failing, notVerified, colour });
          process.stdout.write(`${renderReview(output, colour)}\n${verdict}`);
        }
        return exitCode;
      }),
    );
}
