import { isAbsolute } from 'node:path';
import type { CheckContext, CheckResult, Finding } from '../../core/check.js';
import { EnvironmentError } from '../../core/errors.js';
import { applyAnswerToFiles } from '../answer-edits/apply-to-files.js';
import { type AnswerEdit, readAnswerEdits } from '../answer-edits/read-answer-edits.js';
import { repairFeedback } from '../repair.js';
import type { TaskEvent } from '../task.js';
import { verdictOf } from '../verdict.js';
import { type ReadFile, readWorkspaceFile } from './context.js';
import { parseFailure } from './frames.js';
import { type gateChecks, runGate } from './gate.js';
import { locateFrames, locatePath } from './locate.js';
import { failureFeedback } from './prompt.js';
import { type CommandRun, outputTail, runCommand } from './rerun.js';
import { type TestWeakening, testWeakenings } from './test-weakening.js';

/**
 * One round of `debug`: the model's answer read, its diff applied to the files it names, the failing
 * command run again on a copy of the project with the fix (the sandbox's overlay), the gate on the changed
 * files, and what goes back to the model when the fix does not work.
 */

const FEEDBACK_TAIL_CHARS = 3000;

/** A workspace file the fix changes: as read, and after the fix. */
export type ChangedFile = ReadFile & { after: string };

/** What every round's fix is tried against. */
export interface FixTrial {
  root: string;
  /** the failing command (argv), or undefined for a log: then the fix is checked by the gate only */
  command: string[] | undefined;
  /** how the prompt names what failed */
  what: string;
  /** the workspace files read so far, by path (a diff's new file is added) */
  files: Map<string, ReadFile>;
  language: ReadFile['language'];
  /** where a finding goes when the failure names no frame in the workspace: the innermost frame's file */
  fallbackPath: string;
  runOptions: Parameters<typeof runCommand>[2];
  emit: (event: TaskEvent) => void;
  gate: Awaited<ReturnType<typeof gateChecks>>;
  checkContext: CheckContext;
}

export interface Attempt {
  answer: string;
  explanation: string;
  /** changed files, before and after */
  files: ChangedFile[];
  checks: CheckResult[];
  run?: CommandRun;
  status: 'pass' | 'fail' | 'unverified';
  reasons: string[];
  feedback: string[];
  /** how far it got: 0 no diff, 1 did not apply, 2 applied but failed, 3 unverified, 4 pass */
  rank: number;
  /** the tests the fix weakens (test-weakening.ts), when it does */
  weakened?: TestWeakening[];
}

/**
 * The attempt stops at its first step: the answer's changes do not apply to the files they name (each of
 * `problems` a finding, reported against `file`). The findings are the repair round's feedback.
 */
export function failToApply(
  attempt: Pick<Attempt, 'checks' | 'status' | 'reasons' | 'feedback' | 'rank'>,
  { problems, file }: { problems: string[]; file: string },
): void {
  attempt.checks = [
    check({
      name: 'apply',
      status: 'fail',
      reason: "the answer's changes applied to the files they name",
      findings: problems.map((message) => ({
        ruleId: 'diff-does-not-apply',
        file,
        line: 0,
        column: 0,
        severity: 'high' as const,
        message,
        hint: 'copy the lines exactly from the file as shown, and name the file each change is for',
      })),
    }),
  ];
  attempt.status = 'fail';
  attempt.reasons = problems;
  attempt.feedback = repairFeedback(attempt.checks);
  attempt.rank = 1;
}

export function check({
  name,
  status,
  reason,
  findings = [],
  details,
}: {
  name: string;
  status: CheckResult['status'];
  reason: string;
  findings?: Finding[];
  details?: Record<string, unknown>;
}): CheckResult {
  return {
    name,
    status,
    reason,
    findings,
    durationMs: 0,
    ...(status === 'fail' && findings.length ? { blocking: true } : {}),
    ...(details ? { details } : {}),
  };
}

export function exitLabel(run: CommandRun): string {
  if (run.status === 'timeout') return 'timed out';
  if (run.status === 'memory') return 'ran out of memory';
  return run.exitCode === null ? `ended by ${run.reason ?? 'a signal'}` : `exit ${run.exitCode}`;
}

export function commandLabel(argv: readonly string[]): string {
  return `\`${argv.map((part) => (/[\s"'$`\\]/.test(part) ? JSON.stringify(part) : part)).join(' ')}\``;
}

/**
 * The answer's edits applied to the files they name (answer-edits/apply-to-files.ts): a path that is not
 * a workspace file as given is looked for by its name (a stack trace's absolute or site-packages path).
 */
function applyAnswer({
  root,
  edits,
  files,
  language,
}: {
  root: string;
  edits: readonly AnswerEdit[];
  files: Map<string, ReadFile>;
  language: ReadFile['language'];
}): Promise<{ changed: ChangedFile[]; problems: string[] }> {
  return applyAnswerToFiles(edits, {
    files,
    locate: (path, given) =>
      isAbsolute(path) || path.split(/[\\/]/).includes('..') || !readWorkspaceFile(root, path)
        ? (locatePath(root, given) ?? path)
        : path,
    read: (path) => readWorkspaceFile(root, path),
    created: (path) => ({ path, language, text: '', baseHash: '' }),
  });
}

/**
 * The failing command again, on a copy of the project with the fix (the sandbox's overlay): the `rerun`
 * check, passing only when the command now exits 0. A failure is located at its innermost frame in the
 * workspace (else at `fallbackPath`).
 */
async function rerunWithFix(
  trial: FixTrial,
  command: string[],
  changed: readonly ChangedFile[],
): Promise<{ run?: CommandRun; checks: CheckResult[] }> {
  const { root, runOptions, emit, fallbackPath } = trial;
  const checks: CheckResult[] = [];
  emit({
    type: 'stage',
    stage: 'run',
    status: 'start',
    detail: `${commandLabel(command)} with the fix`,
  });
  let run: CommandRun | undefined;
  try {
    run = await runCommand(root, command, {
      ...runOptions,
      overlay: Object.fromEntries(changed.map((file) => [file.path, file.after])),
    });
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    checks.push(
      check({
        name: 'rerun',
        status: 'error',
        reason: `the command could not run on a copy with the fix: ${error.message}`,
      }),
    );
  }
  if (run) {
    emit({ type: 'stage', stage: 'run', status: 'done', detail: exitLabel(run) });
    const tail = outputTail(run.output, 1200);
    const runDetails = {
      exitCode: run.exitCode,
      status: run.status,
      outputTail: tail,
      sandboxed: run.sandboxed,
    };
    const unproven = run.status === 'ok' ? pytestUnproven(run) : undefined;
    if (unproven)
      checks.push(
        check({
          name: 'rerun',
          status: 'fail',
          reason: `${commandLabel(command)} exits 0 with the fix, but ${unproven}`,
          findings: [
            {
              ruleId: 'run-not-proven',
              file: fallbackPath,
              line: 0,
              column: 0,
              severity: 'high',
              message: `the exit 0 proves nothing: ${unproven}`,
            },
          ],
          details: runDetails,
        }),
      );
    else if (run.status === 'ok')
      checks.push(
        check({
          name: 'rerun',
          status: 'pass',
          reason: `${commandLabel(command)} exits 0 on a copy of the project with the fix (${run.sandboxed ? 'sandboxed' : 'NOT sandboxed'})`,
          findings: [],
          details: runDetails,
        }),
      );
    else if (run.status === 'error')
      checks.push(
        check({
          name: 'rerun',
          status: 'error',
          reason: `the sandbox could not run the command: ${run.reason ?? ''}`,
          findings: [],
          details: runDetails,
        }),
      );
    else {
      const now = parseFailure(run.output);
      const where = locateFrames(root, now.frames, runOptions.cwd).at(-1);
      checks.push(
        check({
          name: 'rerun',
          status: 'fail',
          reason: `${commandLabel(command)} still fails with the fix (${exitLabel(run)})`,
          findings: [
            {
              ruleId: 'command-fails',
              file: where?.path ?? fallbackPath,
              line: where?.line ?? 0,
              column: 0,
              severity: 'high',
              message: `the command still fails (${exitLabel(run)})${now.error ? `: ${now.error}` : ''}`,
            },
          ],
          details: runDetails,
        }),
      );
    }
    for (const result of checks) result.durationMs = run.durationMs;
  }
  return { ...(run ? { run } : {}), checks };
}

/** The model's answer as a fix: applied, re-run (with a command), gated, and ranked by how far it got. */
export async function tryFix(trial: FixTrial, answer: string, round: number): Promise<Attempt> {
  const read = readAnswerEdits(answer);
  const attempt: Attempt = {
    answer,
    explanation: read.explanation,
    files: [],
    checks: [],
    status: 'unverified',
    reasons: [],
    feedback: [],
    rank: 0,
  };
  if (read.edits.length === 0) {
    attempt.reasons = [
      'the answer had no change to apply (no diff, code block or search/replace block): there is no fix to verify',
    ];
    attempt.feedback = [
      'the answer had no change to apply: give the fix as one unified diff in a ```diff block',
    ];
    return attempt;
  }
  trial.emit({ type: 'stage', stage: 'verify', status: 'start', detail: `round ${round}` });
  const { changed, problems } = await applyAnswer({
    root: trial.root,
    edits: read.edits,
    files: trial.files,
    language: trial.language,
  });
  attempt.files = changed;
  if (problems.length === 0 && attempt.files.length === 0) problems.push('the answer changes nothing');
  if (problems.length > 0) {
    failToApply(attempt, { problems, file: trial.fallbackPath });
    for (const result of attempt.checks) trial.emit({ type: 'check', candidate: 0, round, result });
    trial.emit({ type: 'stage', stage: 'verify', status: 'done', detail: 'the fix does not apply' });
    return attempt;
  }
  attempt.checks.push(
    check({
      name: 'apply',
      status: 'pass',
      reason: `the fix applies to ${attempt.files.map((file) => file.path).join(', ')}`,
    }),
  );
  if (trial.command) {
    const rerun = await rerunWithFix(trial, trial.command, attempt.files);
    if (rerun.run) attempt.run = rerun.run;
    attempt.checks.push(...rerun.checks);
  } else
    attempt.checks.push(
      check({
        name: 'rerun',
        status: 'skip',
        reason: 'no command to re-run: the fix was checked by the gate only, not proven by a re-run',
      }),
    );
  // The re-run first: when the command still fails, the slower checks (types, security: seconds) would
  // not change the verdict, and the round's feedback is the new failure; syntax still runs (cheap).
  const stillFails = attempt.checks.some((result) => result.name === 'rerun' && result.status === 'fail');
  const gateResults = await runGate({
    checks: stillFails ? trial.gate.filter((entry) => entry.name === 'syntax') : trial.gate,
    files: attempt.files.map((file) => ({ path: file.path, before: file.text, after: file.after })),
    context: trial.checkContext,
  });
  attempt.checks.push(...gateResults);
  for (const result of attempt.checks) trial.emit({ type: 'check', candidate: 0, round, result });
  const verdict = verdictOf(attempt.checks);
  attempt.status = verdict.status;
  attempt.reasons = verdict.reasons;
  if (!trial.command && verdict.status === 'pass') {
    attempt.status = 'unverified';
    attempt.reasons = [
      'not verified: the fix was not proven by a re-run (no command was given; add `-- CMD` to prove it)',
    ];
  }
  // A fix that weakens the test passes the re-run by asking less: never "fixed" on the re-run alone.
  const weakened = testWeakenings(attempt.files);
  if (weakened.length > 0) {
    const said = weakened.map((entry) => `${entry.path} ${entry.changes.join('; ')}`).join('; ');
    attempt.weakened = weakened;
    const result = check({
      name: 'test-edits',
      status: 'error',
      reason: `the fix edits the test: ${said}`,
      findings: weakened.map((entry) => ({
        ruleId: 'test-weakened',
        file: entry.path,
        line: 1,
        column: 1,
        severity: 'high' as const,
        message: `the fix ${entry.changes.join('; ')}`,
        hint: 'fix the code under test, not the test; if the test itself is wrong, change it yourself after reading the diff',
      })),
    });
    attempt.checks.push(result);
    trial.emit({ type: 'check', candidate: 0, round, result });
    if (attempt.status === 'pass') {
      attempt.status = 'unverified';
      attempt.reasons = [
        `not fixed on the re-run alone: the fix edits the test (${said}); review the change to the test and decide`,
      ];
    } else attempt.reasons.push(`the fix edits the test (${said})`);
  }
  const rerunFailed = attempt.run && attempt.run.status !== 'ok' && attempt.run.status !== 'error';
  attempt.feedback = [
    ...repairFeedback(
      attempt.checks.filter((result) => result.name !== 'rerun' && result.name !== 'test-edits'),
    ),
    ...(weakened.length
      ? [
          `Your diff weakens the test instead of fixing the code (${weakened
            .map((entry) => `${entry.path}: ${entry.changes.join('; ')}`)
            .join('; ')}). Fix the code under test, not the test.`,
        ]
      : []),
    ...(rerunFailed && attempt.run
      ? [
          failureFeedback({
            what: trial.what,
            exit: exitLabel(attempt.run),
            error: parseFailure(attempt.run.output).error,
            output: outputTail(attempt.run.output, FEEDBACK_TAIL_CHARS),
          }),
        ]
      : []),
  ];
  attempt.rank = attempt.status === 'pass' ? 4 : attempt.status === 'unverified' ? 3 : 2;
  trial.emit({ type: 'stage', stage: 'verify', status: 'done', detail: attempt.status });
  return attempt;
}

/**
 * Why a pytest run's exit 0 does not show the fix works, from what vouch's plugin reported on the run's
 * report channel: pytest never reached its end (the code left with os._exit(0) before the tests ran, or
 * something else wrote on the channel), or no test passed. Undefined when it does, or for other commands.
 */
export function pytestUnproven(run: CommandRun): string | undefined {
  const reported = run.pytest;
  if (!reported) return undefined;
  if (!reported.finished)
    return `pytest did not reach the end of its run${reported.problem ? ` (${reported.problem})` : ''}`;
  if (reported.exitStatus !== 0) return `pytest reported exit status ${reported.exitStatus}`;
  if (!reported.tests.some((test) => test.status === 'passed')) return 'no test passed';
  return undefined;
}
