import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { CheckContext, CheckResult, Finding } from '../../core/check.js';
import { EnvironmentError, UsageError } from '../../core/errors.js';
import { IndexStore } from '../../index/index-store.js';
import type { ChatMessage } from '../../model/types.js';
import { repairField, workspacePath } from '../input-schemas.js';
import { unifiedDiff } from '../refactor/unified-diff.js';
import { repairFeedback, repairMessages } from '../repair.js';
import type {
  FileEdit,
  RepairRound,
  TaskDefinition,
  TaskEvent,
  TaskHost,
  TaskOptions,
  TaskResult,
} from '../task.js';
import { askModel, baseResult, type ModelCall } from '../test/common.js';
import { verdictOf } from '../verdict.js';
import { gatherContext } from '../workspace-context.js';
import { applyModelDiff, DiffApplyError, type ModelFileDiff } from './apply-diff.js';
import { definitionsFor, excerptsOf, framesByFile, type ReadFile, readWorkspaceFile } from './context.js';
import { parseFailure } from './frames.js';
import { gateChecks, runGate } from './gate.js';
import { locateFrames, locatePath } from './locate.js';
import {
  type CodeExcerpt,
  DEBUG_REPAIR_SHAPE,
  debugMessages,
  failureFeedback,
  readDebugAnswer,
} from './prompt.js';
import { type CommandRun, outputTail, runCommand } from './rerun.js';

/**
 * `debug`: a failure → its cause and a fix proven to work. The failing command runs in the sandbox (or a
 * log of a failure is read), the frames are located in the workspace, the code they pass through and the
 * definitions it uses go to the model, and its diff is applied to a copy of the project (the sandbox's
 * overlay) where the command runs again: "fixed" only when it then passes. A fix that does not work goes
 * back to the model with the new failure (the repair loop). The task never writes the user's files.
 */
export const debugInput = z
  .object({
    /** the failing command, argv (run in the sandbox, in `cwd`) */
    command: z.array(z.string().min(1)).min(1).max(200).optional(),
    /** the failure's output (a traceback, test or compiler output), when there is no command to run */
    log: z.string().max(2_000_000).optional(),
    /** where the command runs, relative to the workspace (default: the workspace) */
    cwd: workspacePath.optional(),
    /** rounds of the repair loop when a fix does not work (default 2) */
    repair: repairField.optional(),
    /** each run's time limit (default 120 s) */
    timeoutSeconds: z.number().int().min(1).max(1800).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .refine((value) => value.command !== undefined || value.log !== undefined, {
    message: 'give the failing command (`command`) or its output (`log`)',
  });

export type DebugInput = z.output<typeof debugInput>;

const DEFAULT_REPAIR_ROUNDS = 2;
const FEEDBACK_TAIL_CHARS = 3000;

/** What `details` holds for `debug`. */
export interface DebugDetails {
  /** argv as given, or null for a log */
  command: string[] | null;
  /** the command passed before anything was changed: nothing to debug */
  alreadyPassing: boolean;
  failure: {
    error: string | null;
    /** the frames found in the workspace, innermost last */
    frames: { path: string; line: number; function?: string }[];
    exitCode: number | null;
    outputTail: string;
  };
  /** the command passes on the copy with the fix */
  fixed: boolean;
  /** the last run of the command on the copy with the delivered (or rejected) fix */
  rerun: {
    exitCode: number | null;
    status: string;
    outputTail: string;
    durationMs: number;
    sandboxed: boolean;
  } | null;
  /** the new content of each changed file, for a face that applies the fix (after checking `baseHash`) */
  after?: Record<string, string>;
  /** a fix that was tried and did not work, with why */
  rejected?: { diff: string; reason: string };
}

interface Attempt {
  answer: string;
  explanation: string;
  /** changed files, before and after */
  files: (ReadFile & { after: string })[];
  checks: CheckResult[];
  run?: CommandRun;
  status: 'pass' | 'fail' | 'unverified';
  reasons: string[];
  feedback: string[];
  /** how far it got: 0 no diff, 1 did not apply, 2 applied but failed, 3 unverified, 4 pass */
  rank: number;
}

function check(
  name: string,
  status: CheckResult['status'],
  reason: string,
  findings: Finding[] = [],
  details?: Record<string, unknown>,
): CheckResult {
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

function exitLabel(run: CommandRun): string {
  if (run.status === 'timeout') return 'timed out';
  if (run.status === 'memory') return 'ran out of memory';
  return run.exitCode === null ? `ended by ${run.reason ?? 'a signal'}` : `exit ${run.exitCode}`;
}

function commandLabel(argv: readonly string[]): string {
  return `\`${argv.map((part) => (/[\s"'$`\\]/.test(part) ? JSON.stringify(part) : part)).join(' ')}\``;
}

/**
 * The model's diffs applied to the files they name, each read once into `files`: a path outside the
 * workspace, a file that is not the workspace's, or a diff that does not apply is a problem.
 */
function applyDiffs(
  root: string,
  diffs: readonly ModelFileDiff[],
  files: Map<string, ReadFile>,
  language: ReadFile['language'],
): { changed: (ReadFile & { after: string })[]; problems: string[] } {
  const changed: (ReadFile & { after: string })[] = [];
  const problems: string[] = [];
  for (const fileDiff of diffs) {
    let path = fileDiff.path.replace(/^\.\//, '');
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..') || !readWorkspaceFile(root, path))
      path = locatePath(root, fileDiff.path) ?? path;
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
      problems.push(`the diff changes ${fileDiff.path}, which is outside the workspace`);
      continue;
    }
    const file =
      files.get(path) ??
      readWorkspaceFile(root, path) ??
      (fileDiff.creates ? { path, language, text: '', baseHash: '' } : undefined);
    if (!file) {
      problems.push(`the diff changes ${path}, which is not a source file of the workspace`);
      continue;
    }
    if (!files.has(path) && file.baseHash) files.set(path, file);
    try {
      const after = applyModelDiff(file.text, fileDiff);
      if (after !== file.text) changed.push({ ...file, after });
    } catch (error) {
      if (!(error instanceof DiffApplyError)) throw error;
      problems.push(error.message);
    }
  }
  return { changed, problems };
}

/**
 * The failing command again, on a copy of the project with the fix (the sandbox's overlay): the `rerun`
 * check, passing only when the command now exits 0. A failure is located at its innermost frame in the
 * workspace (else at `fallbackPath`).
 */
async function rerunWithFix(
  root: string,
  command: string[],
  changed: readonly (ReadFile & { after: string })[],
  runOptions: Parameters<typeof runCommand>[2],
  emit: (event: TaskEvent) => void,
  fallbackPath: string,
): Promise<{ run?: CommandRun; checks: CheckResult[] }> {
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
      check('rerun', 'error', `the command could not run on a copy with the fix: ${error.message}`),
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
    if (run.status === 'ok')
      checks.push(
        check(
          'rerun',
          'pass',
          `${commandLabel(command)} exits 0 on a copy of the project with the fix (${run.sandboxed ? 'sandboxed' : 'NOT sandboxed'})`,
          [],
          runDetails,
        ),
      );
    else if (run.status === 'error')
      checks.push(
        check('rerun', 'error', `the sandbox could not run the command: ${run.reason ?? ''}`, [], runDetails),
      );
    else {
      const now = parseFailure(run.output);
      const where = locateFrames(root, now.frames, runOptions.cwd).at(-1);
      checks.push(
        check(
          'rerun',
          'fail',
          `${commandLabel(command)} still fails with the fix (${exitLabel(run)})`,
          [
            {
              ruleId: 'command-fails',
              file: where?.path ?? fallbackPath,
              line: where?.line ?? 0,
              column: 0,
              severity: 'high',
              message: `the command still fails (${exitLabel(run)})${now.error ? `: ${now.error}` : ''}`,
            },
          ],
          runDetails,
        ),
      );
    }
    for (const result of checks) result.durationMs = run.durationMs;
  }
  return { ...(run ? { run } : {}), checks };
}

export async function debug(input: DebugInput, host: TaskHost, options: TaskOptions): Promise<TaskResult> {
  const started = performance.now();
  const root = host.workspaceRoot;
  const emit = options.onEvent ?? (() => {});
  const cwd = input.cwd ? join(root, input.cwd) : root;
  const timeoutMs = (input.timeoutSeconds ?? 120) * 1000;
  const runOptions = {
    cwd,
    timeoutMs,
    ...(host.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  if (input.log !== undefined && !input.log.trim() && !input.command)
    throw new UsageError('the log is empty', { hint: 'give the output of the failing run (`--log FILE`)' });

  // 1. the failure: the command's run in the sandbox, or the log
  let original: CommandRun | undefined;
  if (input.command) {
    emit({ type: 'stage', stage: 'run', status: 'start', detail: commandLabel(input.command) });
    original = await runCommand(root, input.command, runOptions);
    emit({ type: 'stage', stage: 'run', status: 'done', detail: exitLabel(original) });
    if (original.status === 'error')
      throw new EnvironmentError(
        `the sandbox could not run ${commandLabel(input.command)}: ${original.reason ?? original.output.slice(-300)}`,
        { hint: 'check the command exists in the project or on the system (/usr/bin)' },
      );
    if (original.status === 'ok') return alreadyPassing(input.command, original, started);
  }
  const failureText = [input.log, original?.output].filter((text) => text?.trim()).join('\n');
  const parsed = parseFailure(failureText);
  const frames = locateFrames(root, parsed.frames, cwd);
  if (frames.length === 0) {
    const last = failureText.trim().split('\n').at(-1)?.slice(0, 200) ?? '';
    throw new UsageError(
      parsed.frames.length
        ? `no frame of the failure is in the workspace ${root} (it names ${[...new Set(parsed.frames.map((frame) => frame.file))].slice(0, 3).join(', ')})`
        : `the failure names no file and line${input.command ? ` (${commandLabel(input.command)}: ${original ? exitLabel(original) : ''})` : ''}: there is nothing to locate`,
      {
        hint: `vouch debug reads Python tracebacks, pytest and Node output and tsc/mypy diagnostics that point into the project${last ? `; the output ends with: ${last}` : ''}`,
      },
    );
  }

  // 2. context: the code the frames pass through, the definitions it uses, the project around it
  emit({ type: 'stage', stage: 'context', status: 'start' });
  const files = new Map<string, ReadFile>();
  const excerpts: CodeExcerpt[] = [];
  for (const [path, lines] of framesByFile(frames)) {
    const file = readWorkspaceFile(root, path);
    if (!file) continue;
    files.set(path, file);
    excerpts.push(...(await excerptsOf(file, lines)));
  }
  if (excerpts.length === 0)
    throw new UsageError(
      `the files the failure names could not be read: ${[...new Set(frames.map((frame) => frame.path))].join(', ')}`,
      {
        hint: 'check they are readable source files of the workspace',
      },
    );
  const innermost = frames.at(-1)!;
  const language = files.get(innermost.path)?.language ?? excerpts[0]!.language;
  const store = host.index ?? IndexStore.openIfExists(root);
  let definitions: string[] = [];
  try {
    definitions = await definitionsFor(root, excerpts, files, store);
  } finally {
    if (!host.index) store?.close();
  }
  const repository = await gatherContext(
    host,
    {
      spec: `${parsed.error ?? 'failure'} in ${innermost.path}:${innermost.line}`,
      file: innermost.path,
      cursor: { path: innermost.path, line: innermost.line },
      language,
      budgetTokens: 2500,
    },
    emit,
  );
  const citations = excerpts.map((excerpt) => ({
    path: excerpt.path,
    startLine: excerpt.startLine,
    endLine: excerpt.endLine,
    reason: excerpt.frameLines.length
      ? `the failure passes through line ${excerpt.frameLines.join(', ')}`
      : 'used by the failing code',
  }));
  emit({
    type: 'stage',
    stage: 'context',
    status: 'done',
    detail: `${excerpts.length} excerpts of ${new Set(excerpts.map((excerpt) => excerpt.path)).size} files`,
  });

  // 3. the model's cause and fix, tried on a copy of the project; repaired while it does not work
  const model = await host.model('generate');
  const call: ModelCall = {
    model,
    usage: { inputTokens: undefined, outputTokens: undefined },
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const modelOptions = {
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
  };
  const what = input.command ? commandLabel(input.command) : 'The program in the log';
  let conversation: ChatMessage[] = debugMessages({
    what,
    failure: outputTail(failureText),
    ...(parsed.error ? { error: parsed.error } : {}),
    excerpts,
    definitions,
    ...(repository ? { repository: repository.text } : {}),
    language,
    rerun: input.command !== undefined,
  });
  const checkContext: CheckContext = {
    workspaceRoot: root,
    config: host.config,
    ...(host.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const gate = await gateChecks(host);

  const tryFix = async (answer: string, round: number): Promise<Attempt> => {
    const read = readDebugAnswer(answer);
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
    if (read.files.length === 0) {
      attempt.reasons = ['the answer had no diff: there is no fix to verify'];
      attempt.feedback = ['the answer had no diff: give the fix as one unified diff in a ```diff block'];
      return attempt;
    }
    emit({ type: 'stage', stage: 'verify', status: 'start', detail: `round ${round}` });
    const { changed, problems } = applyDiffs(root, read.files, files, language);
    attempt.files = changed;
    if (problems.length === 0 && attempt.files.length === 0) problems.push('the diff changes nothing');
    if (problems.length > 0) {
      attempt.checks = [
        check(
          'apply',
          'fail',
          'the diff applied to the files it was computed against',
          problems.map((message) => ({
            ruleId: 'diff-does-not-apply',
            file: innermost.path,
            line: 0,
            column: 0,
            severity: 'high' as const,
            message,
            hint: 'copy the context lines exactly from the file as shown',
          })),
        ),
      ];
      attempt.status = 'fail';
      attempt.reasons = problems;
      attempt.feedback = repairFeedback(attempt.checks);
      attempt.rank = 1;
      for (const result of attempt.checks) emit({ type: 'check', candidate: 0, round, result });
      emit({ type: 'stage', stage: 'verify', status: 'done', detail: 'the diff does not apply' });
      return attempt;
    }
    attempt.checks.push(
      check('apply', 'pass', `the diff applies to ${attempt.files.map((file) => file.path).join(', ')}`),
    );
    if (input.command) {
      const rerun = await rerunWithFix(root, input.command, attempt.files, runOptions, emit, innermost.path);
      if (rerun.run) attempt.run = rerun.run;
      attempt.checks.push(...rerun.checks);
    } else
      attempt.checks.push(
        check(
          'rerun',
          'skip',
          'no command to re-run: the fix was checked by the gate only, not proven by a re-run',
        ),
      );
    // The re-run first: when the command still fails, the slower checks (types, security: seconds) would
    // not change the verdict, and the round's feedback is the new failure; syntax still runs (cheap).
    const stillFails = attempt.checks.some((result) => result.name === 'rerun' && result.status === 'fail');
    const gateResults = await runGate(
      stillFails ? gate.filter((entry) => entry.name === 'syntax') : gate,
      attempt.files.map((file) => ({ path: file.path, before: file.text, after: file.after })),
      checkContext,
    );
    attempt.checks.push(...gateResults);
    for (const result of attempt.checks) emit({ type: 'check', candidate: 0, round, result });
    const verdict = verdictOf(attempt.checks);
    attempt.status = verdict.status;
    attempt.reasons = verdict.reasons;
    if (!input.command && verdict.status === 'pass') {
      attempt.status = 'unverified';
      attempt.reasons = [
        'not verified: the fix was not proven by a re-run (no command was given; add `-- CMD` to prove it)',
      ];
    }
    const rerunFailed = attempt.run && attempt.run.status !== 'ok' && attempt.run.status !== 'error';
    attempt.feedback = [
      ...repairFeedback(attempt.checks.filter((result) => result.name !== 'rerun')),
      ...(rerunFailed && attempt.run
        ? [
            failureFeedback(
              what,
              exitLabel(attempt.run),
              parseFailure(attempt.run.output).error,
              outputTail(attempt.run.output, FEEDBACK_TAIL_CHARS),
            ),
          ]
        : []),
    ];
    attempt.rank = attempt.status === 'pass' ? 4 : attempt.status === 'unverified' ? 3 : 2;
    emit({ type: 'stage', stage: 'verify', status: 'done', detail: attempt.status });
    return attempt;
  };

  let attempt = await tryFix(await askModel(call, conversation, modelOptions), 0);
  let best = attempt;
  const rounds: RepairRound[] = [];
  const budget = input.repair ?? DEFAULT_REPAIR_ROUNDS;
  const done = (candidate: Attempt) =>
    candidate.status === 'pass' || (!input.command && candidate.rank === 3);
  for (let round = 1; round <= budget && !done(attempt); round++) {
    emit({
      type: 'stage',
      stage: 'repair',
      status: 'start',
      detail: `round ${round}: ${attempt.feedback.length} problems`,
    });
    conversation = repairMessages(conversation, attempt.answer, attempt.feedback, DEBUG_REPAIR_SHAPE);
    const feedback = attempt.feedback;
    attempt = await tryFix(await askModel(call, conversation, modelOptions), round);
    rounds.push({ round, feedback, status: attempt.status, checks: attempt.checks });
    emit({ type: 'stage', stage: 'repair', status: 'done', detail: `round ${round}: ${attempt.status}` });
    // a later answer replaces an earlier one unless it got less far
    if (attempt.rank >= best.rank) best = attempt;
  }

  // 4. the result: the fix as edits when it was proven (or, with only a log, passed the gate)
  const result = baseResult('debug', model, started);
  result.language = language;
  result.citations = citations;
  result.context = [...citations, ...(repository?.sources ?? [])];
  result.explanation = best.explanation || attempt.explanation;
  result.usage = call.usage;
  const diff = best.files.map((file) => unifiedDiff(file.path, file.text, file.after)).join('');
  const deliverable = best.status === 'pass' || (!input.command && best.rank === 3);
  const edits: FileEdit[] = best.files.map((file) => ({
    path: file.path,
    diff: unifiedDiff(file.path, file.text, file.after),
    baseHash: file.baseHash,
  }));
  if (deliverable) result.edits = edits;
  const fixed = best.run?.status === 'ok';
  result.verification = {
    status: best.status,
    checks: best.checks,
    blocked: best.status === 'fail',
    reasons: best.reasons,
    confidenceReasons: [],
    rounds,
  };
  if (best.status === 'pass') {
    result.confidence = best.checks.every((entry) => entry.status === 'pass') ? 'high' : 'medium';
    result.verification.confidenceReasons = [
      `the failing command passes on a copy of the project with the fix${rounds.length ? ` (after ${rounds.length} repair round${rounds.length > 1 ? 's' : ''})` : ''}`,
      ...best.checks
        .filter((entry) => entry.status === 'skip')
        .map((entry) => `${entry.name} did not apply: ${entry.reason ?? ''}`),
    ];
    result.notes.push('fixed: the command now passes');
  } else {
    result.confidence = deliverable ? 'medium' : 'low';
    result.verification.confidenceReasons = deliverable
      ? ['the fix passed the gate (syntax, imports, types, security) but was not run']
      : ['the fix was not shown to work'];
    result.notes.push(
      deliverable
        ? 'not verified: the fix was not proven by a re-run (give the failing command with `-- CMD` to prove it)'
        : best.rank === 0
          ? 'not fixed: the model answered without a diff'
          : `not fixed: ${best.reasons.join('; ')}`,
    );
  }
  const details: DebugDetails = {
    command: input.command ?? null,
    alreadyPassing: false,
    failure: {
      error: parsed.error ?? null,
      frames: frames.map((frame) => ({
        path: frame.path,
        line: frame.line,
        ...(frame.function ? { function: frame.function } : {}),
      })),
      exitCode: original?.exitCode ?? null,
      outputTail: outputTail(failureText, 2000),
    },
    fixed,
    rerun: best.run
      ? {
          exitCode: best.run.exitCode,
          status: best.run.status,
          outputTail: outputTail(best.run.output, 2000),
          durationMs: best.run.durationMs,
          sandboxed: best.run.sandboxed,
        }
      : null,
    ...(deliverable
      ? { after: Object.fromEntries(best.files.map((file) => [file.path, file.after])) }
      : diff
        ? { rejected: { diff, reason: best.reasons.join('; ') } }
        : {}),
  };
  result.details = { ...details };
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

function alreadyPassing(command: string[], run: CommandRun, started: number): TaskResult {
  const details: DebugDetails = {
    command,
    alreadyPassing: true,
    failure: { error: null, frames: [], exitCode: run.exitCode, outputTail: outputTail(run.output, 2000) },
    fixed: false,
    rerun: null,
  };
  return {
    task: 'debug',
    generated_code: '',
    edits: [],
    explanation: '',
    test_stubs: '',
    confidence: 'high',
    alternatives: [],
    citations: [],
    verification: {
      status: 'none',
      checks: [],
      blocked: false,
      reasons: ['the command passes already: there is nothing to fix'],
      confidenceReasons: [],
      rounds: [],
    },
    notes: [`the command passes already (exit 0 in the sandbox): nothing to debug, no model was asked`],
    language: null,
    model: '',
    usage: { inputTokens: 0, outputTokens: 0 },
    context: [],
    durationMs: Math.round(performance.now() - started),
    details: { ...details },
  };
}

export const debugTask: TaskDefinition<DebugInput> = {
  name: 'debug',
  description:
    'a failing command or log → its cause and a fix, applied to a copy and re-run in the sandbox until it passes',
  input: debugInput,
  run: debug,
};
