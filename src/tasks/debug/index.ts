import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError, UsageError } from '../../core/errors.js';
import { IndexStore } from '../../index/index-store.js';
import type { ChatMessage } from '../../model/types.js';
import { resolveWorkspacePath } from '../../workspace/resolve-path.js';
import { judgeConfidence } from '../confidence.js';
import { maxTokensField, repairField, temperatureField, workspacePath } from '../input-schemas.js';
import { unifiedDiff } from '../refactor/unified-diff.js';
import { repairLoop } from '../repair-loop.js';
import { checkContextFor } from '../run-checks.js';
import type {
  FileEdit,
  RepairRound,
  TaskDefinition,
  TaskEvent,
  TaskHost,
  TaskOptions,
  TaskResult,
  TaskResultOf,
} from '../task.js';
import {
  askModel,
  baseResult,
  emptyVerification,
  type ModelCall,
  modelCall,
  samplingOf,
  withDetails,
} from '../task-frame.js';
import { gatherContext } from '../workspace-context.js';
import { type Attempt, commandLabel, exitLabel, type FixTrial, pytestUnproven, tryFix } from './attempt.js';
import { definitionsFor, excerptsOf, framesByFile, type ReadFile, readWorkspaceFile } from './context.js';
import type { DebugDetails } from './debug-details.js';
import { parseFailure } from './frames.js';
import { gateChecks } from './gate.js';
import { locateFrames } from './locate.js';
import { type CodeExcerpt, DEBUG_REPAIR_SHAPE, debugMessages } from './prompt.js';
import { type CommandRun, outputTail, runCommand } from './rerun.js';
import { specialCasedInputs } from './special-case.js';

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
    command: z.array(z.string().min(1)).min(1).max(200).optional().meta({
      title: 'Failing command',
      description: 'The command that fails, one argument per line; it runs in the sandbox.',
    }),
    /** the failure's output (a traceback, test or compiler output), when there is no command to run */
    log: z.string().max(2_000_000).optional().meta({
      title: 'Failure output',
      description: 'A traceback, test or compiler output, when there is no command to run.',
    }),
    /** where the command runs, relative to the workspace (default: the workspace) */
    cwd: workspacePath.optional().meta({
      title: 'Folder',
      description: 'Where the command runs, relative to the workspace. Default: the workspace.',
    }),
    /** rounds of the repair loop when a fix does not work (default 2) */
    repair: repairField.optional().meta({
      title: 'Repair rounds',
      description: 'When a fix does not work, how many more times the model may try (0–5). Default 2.',
    }),
    /** each run's time limit (default 120 s) */
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(1800)
      .optional()
      .meta({ title: 'Time limit (seconds)', description: "Each run's time limit (1–1,800). Default 120." }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
  })
  .strict()
  .refine((value) => value.command !== undefined || value.log !== undefined, {
    message: 'give the failing command (`command`) or its output (`log`)',
  });

export type DebugInput = z.output<typeof debugInput>;

const DEFAULT_REPAIR_ROUNDS = 2;

export async function debug(
  input: DebugInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'debug'>> {
  const started = performance.now();
  const root = host.workspaceRoot;
  const emit = options.onEvent ?? (() => {});
  const cwd = input.cwd
    ? join(
        root,
        resolveWorkspacePath(root, input.cwd, {
          kind: 'directory',
          hint: 'give the folder the command runs in, relative to the workspace',
        }).path,
      )
    : root;
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
  const observed = await observeFailure({ input, root, runOptions, emit });
  if (observed.passing) return alreadyPassing(observed.passing.command, observed.passing.run, started);
  const { text: failureText, parsed, frames } = observed.failure;

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
    definitions = await definitionsFor({ root, excerpts, files, store });
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
  const call = modelCall(model, options);
  const modelOptions = samplingOf(input);
  const what = input.command ? commandLabel(input.command) : 'The program in the log';
  const conversation: ChatMessage[] = debugMessages({
    what,
    failure: outputTail(failureText),
    ...(parsed.error ? { error: parsed.error } : {}),
    excerpts,
    definitions,
    ...(repository ? { repository: repository.text } : {}),
    language,
    rerun: input.command !== undefined,
  });
  const checkContext = checkContextFor(host, options.signal);
  const trial: FixTrial = {
    root,
    command: input.command,
    what,
    files,
    language,
    fallbackPath: innermost.path,
    runOptions,
    emit,
    gate: await gateChecks(host),
    checkContext,
  };

  const first = await tryFix(trial, await askModel(call, conversation, modelOptions), 0);
  // a fix that passes (or, with only a log, passes the gate) is done; a later round replaces an earlier
  // one unless it got less far
  const done = (candidate: Attempt) =>
    candidate.status === 'pass' || (!input.command && candidate.rank === 3);
  const { best, last, rounds, notes } = await repairLoop({
    first,
    conversation,
    rounds: input.repair ?? DEFAULT_REPAIR_ROUNDS,
    answerShape: DEBUG_REPAIR_SHAPE,
    feedback: (candidate) => (done(candidate) ? [] : candidate.feedback),
    ask: (messages) => askModel(call, messages, modelOptions),
    verify: (answer, round) => tryFix(trial, answer, round),
    better: (next, kept) => next.rank >= kept.rank,
    signal: options.signal,
    onEvent: options.onEvent,
  });

  // 4. the result: the fix as edits when it was proven (or, with only a log, passed the gate)
  return debugResult({
    failure: observed.failure,
    run: { model, started, language, citations, repository, usage: call.usage },
    best,
    last,
    rounds,
    notes,
  });
}

/**
 * The failure before anything is changed: the command run in the sandbox (a command that passes already
 * leaves nothing to debug) or the log, parsed, with its frames located in the workspace. A failure that
 * names nothing in the workspace is a usage error that says what the output ended with.
 */
async function observeFailure({
  input,
  root,
  runOptions,
  emit,
}: {
  input: DebugInput;
  root: string;
  runOptions: Parameters<typeof runCommand>[2];
  emit: (event: TaskEvent) => void;
}): Promise<
  { failure: ObservedFailure; passing?: undefined } | { passing: { command: string[]; run: CommandRun } }
> {
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
    if (original.status === 'ok') return { passing: { command: input.command, run: original } };
  }
  const failureText = [input.log, original?.output].filter((text) => text?.trim()).join('\n');
  const parsed = parseFailure(failureText);
  const frames = locateFrames(root, parsed.frames, runOptions.cwd);
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
  return {
    failure: { command: input.command, text: failureText, parsed, frames, ...(original ? { original } : {}) },
  };
}

/** What failed, as observed before anything was changed. */
interface ObservedFailure {
  command: string[] | undefined;
  /** the log and the command's output */
  text: string;
  parsed: ReturnType<typeof parseFailure>;
  /** the frames found in the workspace, innermost last */
  frames: ReturnType<typeof locateFrames>;
  original?: CommandRun;
}

/**
 * The task's result: the best attempt's fix as edits when it was proven (or, with only a log, passed the
 * gate), its checks and repair rounds, and a confidence that says what was shown.
 */
function debugResult({
  failure,
  run,
  best,
  last,
  rounds,
  notes,
}: {
  failure: ObservedFailure;
  run: {
    model: ModelCall['model'];
    started: number;
    language: TaskResult['language'];
    citations: TaskResult['citations'];
    repository: Awaited<ReturnType<typeof gatherContext>>;
    usage: TaskResult['usage'];
  };
  best: Attempt;
  last: Attempt;
  rounds: RepairRound[];
  notes: string[];
}): TaskResultOf<'debug'> {
  const { model, started, language, citations, repository, usage } = run;
  const result = baseResult('debug', model, started);
  result.language = language;
  result.citations = citations;
  result.context = [...citations, ...(repository?.sources ?? [])];
  result.explanation = best.explanation || last.explanation;
  result.usage = usage;
  result.notes.push(...notes);
  const diff = best.files
    .map((file) => unifiedDiff({ path: file.path, before: file.text, after: file.after }))
    .join('');
  const deliverable = best.status === 'pass' || (!failure.command && best.rank === 3);
  const edits: FileEdit[] = best.files.map((file) => ({
    path: file.path,
    diff: unifiedDiff({ path: file.path, before: file.text, after: file.after }),
    baseHash: file.baseHash,
  }));
  if (deliverable) result.edits = edits;
  // a fix that reaches for the test harness (the `harness` check) makes the exit 0 no evidence, as a test
  // edit does: the command passing proves nothing then
  const tampers = best.checks.some((entry) => entry.name === 'harness' && entry.status === 'fail');
  const fixed = best.run?.status === 'ok' && !pytestUnproven(best.run) && !best.weakened && !tampers;
  result.verification = {
    status: best.status,
    checks: best.checks,
    blocked: best.status === 'fail',
    reasons: best.reasons,
    confidenceReasons: [],
    rounds,
  };
  if (best.status === 'pass') {
    const specialCased = specialCasedInputs(best.files, failure.text);
    const rerun = `the failing command passes on a copy of the project with the fix${rounds.length ? ` (after ${rounds.length} repair round${rounds.length > 1 ? 's' : ''})` : ''}`;
    // the one rule every task's confidence comes from (tasks/confidence.ts): the user's own failing command
    // passing is evidence the model did not write
    const judged = judgeConfidence({
      hasCode: best.files.length > 0,
      checks: [...best.checks, { name: 'rerun', status: 'pass', reason: rerun, findings: [], durationMs: 0 }],
      checksDisabled: false,
      truncated: false,
      agreement: 1,
      candidates: 1,
      evidence: [{ kind: 'user-tests', independent: true, detail: rerun }],
      atMostMedium: specialCased.length
        ? [
            `the fix singles out the failing input itself, by a comparison or a table of answers (${specialCased.map((literal) => JSON.stringify(literal)).join(', ')}): it may only special-case it, and the re-run shows nothing beyond that input`,
          ]
        : [],
    });
    result.confidence = judged.confidence;
    result.verification.confidenceReasons = [
      rerun,
      ...best.checks
        .filter((entry) => entry.status === 'skip')
        .map((entry) => `${entry.name} did not apply: ${entry.reason ?? ''}`),
      ...(judged.confidence === 'high' ? [] : judged.reasons.filter((reason) => !/skipped/.test(reason))),
    ];
    result.verification.confidenceEvidence = judged.evidence;
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
          : best.weakened
            ? `not fixed: the fix edits the test (${best.weakened.map((entry) => `${entry.path} ${entry.changes.join('; ')}`).join('; ')}); the command passing proves nothing then — read the diff and decide (it is not applied)`
            : `not fixed: ${best.reasons.join('; ')}`,
    );
  }
  const details: DebugDetails = {
    command: failure.command ?? null,
    alreadyPassing: false,
    failure: {
      error: failure.parsed.error ?? null,
      frames: failure.frames.map((frame) => ({
        path: frame.path,
        line: frame.line,
        ...(frame.function ? { function: frame.function } : {}),
      })),
      exitCode: failure.original?.exitCode ?? null,
      outputTail: outputTail(failure.text, 2000),
    },
    fixed,
    ...(best.weakened ? { testEdits: best.weakened } : {}),
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
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

function alreadyPassing(command: string[], run: CommandRun, started: number): TaskResultOf<'debug'> {
  const details: DebugDetails = {
    command,
    alreadyPassing: true,
    failure: { error: null, frames: [], exitCode: run.exitCode, outputTail: outputTail(run.output, 2000) },
    fixed: false,
    rerun: null,
  };
  // no model was asked: no model's name, and nothing it cost
  return withDetails<'debug'>(
    {
      ...baseResult('debug', { id: '' }, started),
      confidence: 'high',
      verification: {
        ...emptyVerification(),
        reasons: ['the command passes already: there is nothing to fix'],
      },
      notes: [`the command passes already (exit 0 in the sandbox): nothing to debug, no model was asked`],
      usage: { inputTokens: 0, outputTokens: 0 },
    },
    details,
  );
}

export const debugTask: TaskDefinition<DebugInput, 'debug'> = {
  name: 'debug',
  description:
    'a failing command or log → its cause and a fix, applied to a copy and re-run in the sandbox until it passes',
  input: debugInput,
  run: debug,
};
