import { z } from 'zod';
import type { Check } from '../../core/check.js';
import { UsageError } from '../../core/errors.js';
import { languageForPath } from '../../core/languages.js';
import { listWorkspaceFiles } from '../../workspace/files.js';
import { resolveWorkspacePath } from '../../workspace/resolve-path.js';
import { judgeConfidence } from '../confidence.js';
import { type ReadFile, readWorkspaceFile } from '../debug/context.js';
import { profileChecks } from '../gate/profiles.js';
import { maxTokensField, repairField, temperatureField, workspacePath } from '../input-schemas.js';
import { unifiedDiff } from '../refactor/unified-diff.js';
import { repairLoop } from '../repair-loop.js';
import { checkContextFor } from '../run-checks.js';
import type { FileEdit, TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { askModel, baseResult, modelCall, samplingOf, withDetails } from '../task-frame.js';
import { gatherContext } from '../workspace-context.js';
import { type ChangeAttempt, fileVerdicts, tryChange } from './attempt.js';
import type { ChangeDetails } from './change-details.js';
import { filesReaching } from './import-graph.js';
import { mainLanguage, pickFiles } from './pick-files.js';
import { CHANGE_REPAIR_SHAPE, changeMessages, type ShownFile } from './prompt.js';
import { findSuite, treeKey } from './suite.js';

/**
 * `change`: a request → edits across the project's files (new files included), proven before anything is
 * written. The files the change needs are picked (the context and the repo map; `files` adds to them),
 * the model's edits are applied to an overlay of the project, and the project's own suite runs before and
 * after in the sandbox: a test that passed before and fails after is a regression and blocks; the tests
 * the change adds must pass, must fail on the old code, and the existing tests must not be edited or
 * weakened (debug's rules); the gate judges what the change adds. What fails goes back to the model (the
 * repair loop). The task never writes a file: a face writes `details.after` when it is verified.
 */
export const changeInput = z
  .object({
    request: z.string().min(1).max(20_000).meta({
      title: 'Change',
      description: 'What to change, in words: "add a discount code to the cart total".',
    }),
    files: z.array(workspacePath).max(20).optional().meta({
      title: 'Files',
      description:
        'Files the change needs, relative to the workspace, added to those the context finds (a new file may be named too).',
    }),
    selection: z.boolean().optional().meta({
      title: 'Tests that reach the change first',
      description:
        'Run the test files that import the changed files first and the rest of the suite only when they hold (default true); false runs the whole suite at once.',
    }),
    repair: repairField.optional().meta({
      title: 'Repair rounds',
      description:
        'When the change fails its checks, how many more times the model may try (0–5). Default 2.',
    }),
    timeoutSeconds: z.number().int().min(1).max(3600).optional().meta({
      title: 'Time limit (seconds)',
      description: "Each suite run's time limit (1–3,600). Default 600.",
    }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
  })
  .strict();

export type ChangeInput = z.output<typeof changeInput>;

const DEFAULT_REPAIR_ROUNDS = 2;
/** How much of one file goes into the prompt whole; longer files are shown through the context's snippets. */
const MAX_SHOWN_CHARS = 24_000;
const MAX_SHOWN_FILES = 8;

export async function change(
  input: ChangeInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'change'>> {
  const started = performance.now();
  const root = host.workspaceRoot;
  const emit = options.onEvent ?? (() => {});
  const named = (input.files ?? []).map(
    (file) =>
      resolveWorkspacePath(root, file, {
        // a file the change is to create may be named too
        kind: 'any',
        hint: 'give files relative to the workspace, e.g. --file shop/cart.py',
      }).path,
  );

  // the gate's checks load (the TypeScript compiler, the security and licence engines: seconds on a busy
  // machine) while the files are picked and the model answers, not after
  const gateLoading = profileChecks('suggestion', host.checks).then((checks) =>
    checks.filter((entry) => entry.name !== 'tests'),
  );
  // a task that fails before it needs them (a bad request) must not leave the promise's failure unheard
  gateLoading.catch(() => {});

  // 1. the files the change needs: the named ones, the context's, and the tests that import them
  emit({ type: 'stage', stage: 'context', status: 'start' });
  const repository = await gatherContext(
    host,
    {
      spec: input.request,
      ...(named[0] ? { file: named[0] } : {}),
      budgetTokens: 2500,
    },
    emit,
  );
  const files = new Map<string, ReadFile>();
  const shown: ShownFile[] = [];
  const show = (path: string, reason: string) => {
    if (shown.some((file) => file.path === path) || shown.length >= MAX_SHOWN_FILES) return;
    const file = files.get(path) ?? readWorkspaceFile(root, path);
    if (!file || file.text.length > MAX_SHOWN_CHARS) return;
    files.set(path, file);
    shown.push({ path, language: file.language, text: file.text, reason });
  };
  for (const path of named) {
    if (!languageForPath(path))
      throw new UsageError(`${path} is not a source file vouch can read`, {
        hint: 'name source files of the workspace with --file',
      });
    show(path, 'named for the change');
  }
  for (const source of repository?.sources ?? []) show(source.path, source.reason ?? 'found by the context');
  const listed = await listWorkspaceFiles(root, options.signal ? { signal: options.signal } : {});
  // without an index the context has no code to offer: the files the request's words point at
  for (const path of pickFiles(input.request, listed, 3)) show(path, "named by the request's words");
  const language =
    (named[0] ? languageForPath(named[0]) : undefined) ?? shown[0]?.language ?? mainLanguage(listed);
  const python = language === 'python';
  const seeds = shown.filter((file) => (file.language === 'python') === python).map((file) => file.path);
  const suite = await findSuite(root, python, listed);
  // every source file's text, read once for the task: the import graph is built at the start, in every
  // round and for the verdicts (on a Django-sized tree, each read of the tree is most of a second)
  const texts = new Map<string, string | undefined>();
  const diskText = (path: string): string | undefined => {
    if (!texts.has(path)) texts.set(path, readWorkspaceFile(root, path)?.text);
    return texts.get(path);
  };
  const testsOfSeeds = filesReaching(suite.sourceFiles, diskText, seeds);
  for (const test of suite.testFiles.filter((path) => testsOfSeeds.has(path)).slice(0, 3))
    show(test, "a test of these files: the project's test style");
  const unknownNamed = named.filter((path) => !files.has(path));
  emit({
    type: 'stage',
    stage: 'context',
    status: 'done',
    detail: `${shown.length} files shown whole${unknownNamed.length ? `; new: ${unknownNamed.join(', ')}` : ''}`,
  });

  // 2. the model's change, applied to an overlay and verified; repaired while it does not pass
  const model = await host.model('generate');
  const call = modelCall(model, options);
  const sampling = samplingOf(input);
  const conversation = changeMessages({
    request: input.request,
    files: shown,
    ...(repository ? { repository: repository.text } : {}),
    language,
    testFiles: suite.testFiles,
  });
  if (unknownNamed.length)
    conversation[1]!.content += `\n\nNew files the change may create: ${unknownNamed.join(', ')}`;
  const checkContext = checkContextFor(host, options.signal);
  const runTimeoutMs = (input.timeoutSeconds ?? 600) * 1000;
  const answer = await askModel(call, conversation, sampling);
  const gate: Check[] = await gateLoading;
  const trial = {
    root,
    files,
    language,
    suite,
    treeKey: await treeKey(root, suite),
    diskText,
    selection: input.selection ?? true,
    gate,
    checkContext,
    runContext: { ...checkContext, runTimeoutMs },
    emit,
  };
  const first = await tryChange(trial, answer, 0);
  const { best, rounds, notes } = await repairLoop({
    first,
    conversation,
    rounds: input.repair ?? DEFAULT_REPAIR_ROUNDS,
    answerShape: CHANGE_REPAIR_SHAPE,
    feedback: (candidate: ChangeAttempt) => (candidate.status === 'pass' ? [] : candidate.feedback),
    ask: (messages) => askModel(call, messages, sampling),
    verify: (answer, round) => tryChange(trial, answer, round),
    better: (next, kept) => next.rank >= kept.rank,
    signal: options.signal,
    onEvent: options.onEvent,
  });

  // 3. the result: one diff, per-file verdicts, the evidence, and the new text only when verified
  const result = baseResult('change', model, started);
  result.language = language;
  result.usage = call.usage;
  result.explanation = best.explanation;
  result.context = [
    ...shown.map((file) => ({
      path: file.path,
      startLine: 1,
      endLine: file.text.split('\n').length,
      reason: file.reason,
    })),
    ...(repository?.sources ?? []),
  ];
  result.notes.push(...notes);
  const edits: FileEdit[] = best.files.map((file) => ({
    path: file.path,
    // a file the change creates is a diff from /dev/null, as git writes (and `git apply` reads) it
    diff:
      file.baseHash === ''
        ? unifiedDiff({ path: file.path, before: file.text, after: file.after }).replace(
            /^--- a\/[^\n]*/,
            '--- /dev/null',
          )
        : unifiedDiff({ path: file.path, before: file.text, after: file.after }),
    baseHash: file.baseHash,
  }));
  const diff = edits.map((edit) => edit.diff).join('');
  // a change that failed is never delivered; an unverified one is, marked so (a face writes it only when
  // the user says so: --write-unverified)
  const deliverable = best.status !== 'fail' && best.files.length > 0;
  if (deliverable) result.edits = edits;
  const modelTests = best.suite.addedTests.filter((test) => test.evidence).length;
  const judged = judgeConfidence({
    hasCode: best.files.length > 0,
    checks: best.checks,
    checksDisabled: false,
    truncated: false,
    agreement: 1,
    candidates: 1,
  });
  result.confidence = best.status === 'pass' ? judged.confidence : 'low';
  result.verification = {
    status: best.status,
    checks: best.checks,
    blocked: best.status === 'fail',
    reasons: best.reasons,
    confidenceReasons: [
      ...(best.status === 'pass'
        ? [
            `the project's own tests (${best.suite.before?.passed ?? 0} passing before) still pass with the change${best.suite.wholeSuite ? '' : ' (selected)'}`,
            `${modelTests} test(s) the model wrote fail on the old code and pass with the change`,
          ]
        : []),
      ...judged.reasons,
    ],
    // which evidence earned the level, as every task says it (tasks/confidence.ts)
    confidenceEvidence: judged.evidence,
    rounds,
  };
  if (best.status === 'pass')
    result.notes.push("verified: the change passes the project's suite, its own tests and the gate");
  else if (best.weakened)
    result.notes.push(
      `refused: the change edits the project's tests (${best.weakened.map((entry) => `${entry.path}: ${entry.changes.join('; ')}`).join('; ')}); read the diff and decide (it is not applied)`,
    );
  else if (best.status === 'fail') result.notes.push(`blocked: ${best.reasons.join('; ')}`);
  else result.notes.push(best.reasons.join('; '));
  const details: ChangeDetails = {
    request: input.request,
    read: shown.map((file) => file.path),
    files: fileVerdicts(best, suite.sourceFiles, diskText),
    diff,
    suite: best.suite,
    ...(best.weakened ? { testEdits: best.weakened } : {}),
    ...(deliverable
      ? { after: Object.fromEntries(best.files.map((file) => [file.path, file.after])) }
      : diff
        ? { rejected: { diff, reason: best.reasons.join('; ') } }
        : {}),
  };
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

export const changeTask: TaskDefinition<ChangeInput, 'change'> = {
  name: 'change',
  description:
    "a change across files from a request, proven against the project's own tests in the sandbox before it touches a file",
  input: changeInput,
  run: change,
};
