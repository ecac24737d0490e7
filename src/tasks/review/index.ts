import { z } from 'zod';
import type { Check, CheckContext, CheckResult, CheckSubject, Finding } from '../../core/check.js';
import { SEVERITY_ORDER } from '../../core/check.js';
import { UsageError } from '../../core/errors.js';
import { languageForPath } from '../../core/languages.js';
import { createSecretRedactor } from '../../security/redact.js';
import { profileChecks } from '../gate/profiles.js';
import { maxTokensField, temperatureField } from '../input-schemas.js';
import { checkContextFor } from '../run-checks.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { askModel, baseResult, modelCall, samplingOf, withDetails } from '../task-frame.js';
import { type Verdict, verdictOf } from '../verdict.js';
import { anchor, dedupeAndRank, gateComment, parseModelComments, type ReviewComment } from './comments.js';
import { type DiffSelection, diffText, newContent, openRepository, patchOldSide } from './diff-source.js';
import { quoteGitPath } from './git-paths.js';
import { hunksOnlyFindings } from './hunks-only.js';
import { oldContent, splitByOldSide } from './old-side.js';
import { applyHunks, type DiffFile, parseUnifiedDiff } from './parse-diff.js';
import { findSimilarCode, resolvePattern } from './patterns.js';
import { reviewMessages } from './prompt.js';
import { scopesAt } from './scopes.js';
import { testsTouching } from './tests-touching.js';
import { unreadImports } from './unread-imports.js';

/**
 * `review`: a diff reviewed with evidence. The gate (syntax, imports and APIs, types, lint, security,
 * secrets, licence) runs on each changed file and keeps what it finds on the changed lines; the model
 * adds comments anchored to changed lines, with a suggested change, and says where the change departs
 * from similar code elsewhere in the repository (cited). Comments are de-duplicated and ranked.
 */
export const reviewInput = z
  .object({
    /** the staged changes */
    staged: z
      .boolean()
      .optional()
      .meta({ title: 'Staged changes', description: 'Review the changes staged in git.' }),
    /** a commit range, `BASE..HEAD` */
    range: z
      .string()
      .min(1)
      .optional()
      .meta({ title: 'Commit range', description: 'A range of commits to review, BASE..HEAD.' }),
    /** a unified diff's text (`--patch FILE` reads it) */
    patch: z.string().optional().meta({ title: 'Diff', description: 'A unified diff to review.' }),
    /** ask the model for comments too (default true); the gate runs either way */
    useModel: z.boolean().optional().meta({
      title: 'Ask the model too',
      description: 'Ask the model for comments as well; the gate runs either way. Default: yes.',
    }),
    temperature: temperatureField,
    maxTokens: maxTokensField,
  })
  .strict()
  .refine((input) => [input.staged, input.range, input.patch !== undefined].filter(Boolean).length <= 1, {
    message: 'give one of staged, range or patch',
  });

export type ReviewInput = z.output<typeof reviewInput>;

function mergeCheck(name: string, results: CheckResult[], findings: Finding[]): CheckResult {
  const failing = findings.some(
    (finding) => !finding.suppressed && SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER.medium,
  );
  // a file's check that ran with findings but could not read all of it is not verified too (r18)
  const errored =
    results.find((result) => result.status === 'error') ??
    results
      .filter((result) => result.unverified)
      .map((result) => ({ ...result, status: 'error' as const, reason: result.unverified }))[0];
  const ran = results.some((result) => result.status === 'pass' || result.status === 'fail');
  return {
    name,
    status: failing ? 'fail' : errored ? 'error' : ran ? 'pass' : 'skip',
    ...(failing && errored ? { unverified: errored.reason ?? 'a file could not be checked' } : {}),
    findings,
    durationMs: results.reduce((sum, result) => sum + result.durationMs, 0),
    ...(failing && findings.some((finding) => SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER.high)
      ? { blocking: true }
      : {}),
    reason:
      errored?.reason ??
      `${results.length} file(s); ${findings.length} finding(s) the change brought${
        results.find((result) => result.status === 'skip')?.reason
          ? ` (${results.find((result) => result.status === 'skip')?.reason})`
          : ''
      }`,
  };
}

/** Why an empty diff checked nothing, and what to do instead. */
function emptyDiffReason(input: ReviewInput, nested: readonly string[]): string {
  if (nested.length > 0)
    return `the only uncommitted change is ${nested.map((folder) => quoteGitPath(folder)).join(', ')}: a git repository of its own, whose files review does not read (review it there)`;
  return `the diff is empty: ${
    input.staged
      ? 'nothing is staged (stage changes with `git add` first)'
      : input.range
        ? `the range ${input.range} has no changes`
        : input.patch !== undefined
          ? 'the patch is empty'
          : 'there are no uncommitted changes (review staged changes with --staged or commits with BASE..HEAD)'
  }`;
}

/** Why a diff with files in it checked nothing: the security gate, the review's core, read none of them. */
function notReadReason(unread: readonly string[], languages: readonly string[] | undefined): string {
  const shown = unread.slice(0, 5).join(', ');
  return `the security gate read none of the changed files${
    languages ? ` (it reads ${languages.join(', ')})` : ''
  }: ${shown}${unread.length > 5 ? `, and ${unread.length - 5} more` : ''}`;
}

/**
 * The review's verdict: `unverified` when nothing was checked (an empty diff, or no changed file the
 * security gate reads: Markdown, Ruby, deletions, binaries), else the gate's. A check that failed on one
 * file and could not read another, or a failed gate beside a check that could not run, keeps its `fail`, and
 * the reasons say what was not verified too (the CLI exits 1 on it whatever `--fail-on` says).
 */
function reviewVerdict(
  gate: readonly CheckResult[],
  options: {
    nothingChecked?: string;
    interrupted?: boolean;
    invalid?: readonly string[];
    /** changed code the review could not read, or imports it did not see: never a pass (review r49) */
    unread?: readonly string[];
  },
): Verdict {
  // a review cut short checked what it reached: its findings stand, its verdict is never a pass or a fail
  if (options.interrupted)
    return {
      status: 'unverified',
      reasons: ['interrupted (Ctrl-C or SIGTERM) before every check had run on every changed file'],
    };
  // a hunk header no file could hold: the diff is not what it claims, whatever the gate found elsewhere
  const unread = [
    ...(options.invalid ?? []).map((problem) => `the diff could not be read: ${problem}`),
    ...(options.unread ?? []),
  ];
  if (unread.length > 0) return { status: 'unverified', reasons: unread };
  if (options.nothingChecked)
    return { status: 'unverified', reasons: [`nothing checked: ${options.nothingChecked}`] };
  const verdict = verdictOf(gate);
  if (verdict.status !== 'fail') return verdict;
  const partial = gate.flatMap((check) =>
    check.status === 'error'
      ? [`${check.name} could not run: ${check.reason ?? 'error'}`]
      : check.status === 'fail' && check.unverified
        ? [`${check.name} could not verify everything: ${check.unverified}`]
        : [],
  );
  return { ...verdict, reasons: [...verdict.reasons, ...partial] };
}

/** A check's result on `subject`; a check that throws (other than a usage error) is one that could not run. */
async function runCheck(check: Check, subject: CheckSubject, context: CheckContext): Promise<CheckResult> {
  try {
    return await check.run(subject, context);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return {
      name: check.name,
      status: 'error',
      reason: (error as Error).message,
      findings: [],
      durationMs: 0,
    };
  }
}

/** Why the gate did not read a changed file. */
function unreadReason(file: DiffFile, language: string | undefined): string {
  if (file.status === 'deleted') return 'deleted';
  if (file.binary) return 'binary';
  // a link's target may be anywhere, outside the repository too: vouch reads neither it nor its path as code
  if (file.symlink) return 'a symbolic link: its target is not read';
  if (!language) return 'not source code vouch reads';
  return file.modeChanged ? 'only its mode changed' : 'no line changed';
}

export async function review(
  input: ReviewInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'review'>> {
  const started = performance.now();
  const root = host.workspaceRoot;
  const selection: DiffSelection = input.staged
    ? { staged: true }
    : input.range
      ? { range: input.range }
      : input.patch !== undefined
        ? { patch: input.patch }
        : { worktree: true };
  // the repository's filter drivers are read once for the diff and every changed file's `git show`
  const repository = openRepository(root);
  const source = await diffText(repository, selection);
  const { text } = source;
  // an empty diff is no usage error: the review ran and checked nothing, so it is not verified (w154)
  const files = text.trim() ? parseUnifiedDiff(text) : [];
  if (text.trim() && files.length === 0)
    throw new UsageError(
      'the input is not a unified diff (no `--- a/…` / `+++ b/…` file headers with hunks)',
      {
        hint: 'make it with `git diff` or `diff -u`',
      },
    );
  const emptyDiff = files.length === 0 ? emptyDiffReason(input, source.nested) : undefined;
  // nothing to show a model when the diff is empty
  const useModel = input.useModel !== false && files.length > 0;
  const model = useModel ? await host.model('generate') : undefined;
  const result = baseResult('review', model ?? ({ id: 'none' } as never), started);
  result.model = model?.id ?? 'none';
  const call = model ? modelCall(model, options) : undefined;
  const context = checkContextFor(host, options.signal);

  // The gate, file by file, keeping what it finds on the changed lines.
  options.onEvent?.({
    type: 'stage',
    stage: 'verify',
    status: 'start',
    detail: `${files.length} changed file(s)`,
  });
  // the gate on the changed files as they stand, without the test run (review reports the tests touching
  // the change instead of running them)
  const checks = await profileChecks('save', host.checks);
  const perCheck = new Map<string, { results: CheckResult[]; findings: Finding[] }>();
  const byPath = new Map(files.map((file) => [file.path, file]));
  const notes: string[] = [];
  const codeFiles: DiffFile[] = [];
  // the changed files the security gate did not read, and why (w154: a review that read none is not verified)
  const security = checks.find((check) => check.name === 'security');
  const unread: string[] = [];
  // files whose hunk headers no file could hold: the review is not verified (review r42)
  const invalid: string[] = [];
  // changed code the review could not read, or imports it did not see: the review is not verified (r49)
  const cannotRead: string[] = [];
  // git's own list of the changed files (`-z`): each must be one the diff was read into, under that name
  const parsedPaths = new Set(files.map((file) => file.path));
  for (const path of source.listed ?? [])
    if (!parsedPaths.has(path)) {
      unread.push(`${quoteGitPath(path)} (git lists it as changed, but its diff could not be read)`);
      cannotRead.push(`${quoteGitPath(path)}: git lists it as changed, but its diff could not be read`);
    }
  for (const folder of source.nested)
    unread.push(`${quoteGitPath(folder)} (a git repository of its own: review does not read its files)`);
  const contents = new Map<string, string>();
  for (const file of files) {
    const language = languageForPath(file.path);
    const shown = quoteGitPath(file.path);
    if (source.listed && !source.listed.has(file.path)) {
      unread.push(`${shown} (not a file git lists as changed: its name was misread)`);
      cannotRead.push(`${shown}: not a file git lists as changed, so its name was misread`);
      continue;
    }
    const refused = source.unreadable.get(file.path);
    if (refused !== undefined) {
      unread.push(`${shown} (could not be read: ${refused})`);
      if (language) cannotRead.push(`${shown} could not be read (${refused}), so the gate did not run on it`);
      continue;
    }
    // a file renamed into a language (`evil.txt` → `evil.py`) is new code of that language: every line of
    // it is the change's, hunks or none (review r39)
    const renamedInto =
      file.status === 'renamed' &&
      language !== undefined &&
      (file.oldPath === null || languageForPath(file.oldPath) !== language);
    if (
      !language ||
      file.status === 'deleted' ||
      file.binary ||
      file.symlink ||
      (file.hunks.length === 0 && !renamedInto && !file.copied)
    ) {
      unread.push(`${file.path} (${unreadReason(file, language)})`);
      continue;
    }
    let found = file.invalid ? { invalid: file.invalid } : await newContent(repository, selection, file);
    // a patch whose file at hand is not the one its hunks apply to (gone, or changed since): HEAD's file, when
    // the patch matches it, is the whole file the hunks go on, not the hunks alone (w222: names defined outside
    // them were "undefined")
    if ('patch' in selection && typeof found === 'object' && 'partial' in found) {
      const side = await patchOldSide(repository, file);
      const whole = 'text' in side ? applyHunks(side.text, file) : undefined;
      if (whole !== undefined) found = whole;
    }
    if (found === undefined) {
      unread.push(`${shown} (its new content could not be read)`);
      cannotRead.push(`${shown}: its new content could not be read, so the gate did not run on it`);
      continue;
    }
    // a made-up hunk header (past the file's end, or past any file vouch reads) is an error, not a pass
    if (typeof found !== 'string' && 'invalid' in found) {
      invalid.push(`${file.path}: ${found.invalid}`);
      unread.push(`${file.path} (${found.invalid})`);
      continue;
    }
    if (security?.languages && !security.languages.includes(language))
      unread.push(`${file.path} (${language}: the security rules do not read it)`);
    const content = typeof found === 'string' ? found : found.partial;
    codeFiles.push(file);
    if (typeof found === 'string') contents.set(file.path, content);
    // the file before the change, for the findings already in it: none for a new file, or one renamed into
    // this language (its old side is not code of it). Only a whole file the hunks apply to in reverse has
    // one: a finding is never called old on the patch's word alone (review r42)
    const comparable = file.status !== 'added' && !renamedInto;
    // a patch's old side comes from git, never from its own `-` lines (review r46)
    let oldText: string | undefined;
    let oldMissing: string | undefined;
    if (comparable && typeof found === 'string') {
      if ('patch' in selection) {
        const side = await patchOldSide(repository, file);
        if ('text' in side) oldText = side.text;
        else oldMissing = side.why;
      } else oldText = oldContent(file, found);
    }
    if (typeof found !== 'string')
      notes.push(
        `${file.path}: the file at hand is ${found.why}, so the gate saw only the hunks (imports and types outside them unchecked) and every finding counts as the change's`,
      );
    else if (oldMissing) notes.push(`${file.path}: ${oldMissing}`);
    else if (comparable && oldText === undefined)
      notes.push(
        `${file.path}: its old version could not be rebuilt from the diff, so every finding counts as the change's`,
      );
    const added = new Set(file.addedLines);
    const existing: string[] = [];
    for (const check of checks) {
      if (check.languages && !check.languages.includes(language)) continue;
      const entry = perCheck.get(check.name) ?? { results: [], findings: [] };
      perCheck.set(check.name, entry);
      const outcome = await runCheck(check, { code: content, language, path: file.path }, context);
      entry.results.push(outcome);
      let introduced = outcome.findings;
      // the hunks alone: what needs the whole file (a name defined outside them) is not counted (w222)
      if (typeof found !== 'string') {
        const { kept, left } = hunksOnlyFindings(introduced);
        introduced = kept;
        if (left.length > 0)
          notes.push(
            `${file.path}: ${check.name}'s findings that need the whole file (${left.join(', ')}: names defined or used outside the hunks, blank lines between them) were not counted`,
          );
      }
      // only a check that found something on the new file needs the old one
      if (oldText !== undefined && introduced.length > 0) {
        const previous = await runCheck(
          check,
          { code: oldText, language, path: file.oldPath ?? file.path },
          context,
        );
        if (previous.status === 'error')
          notes.push(
            `${file.path}: ${check.name} could not run on the file before the change, so all its findings count as the change's`,
          );
        else {
          const lines = (findings: readonly Finding[]) => findings.map((finding) => finding.line);
          const oldScopes = await scopesAt(language, oldText, lines(previous.findings));
          const newScopes = await scopesAt(language, content, lines(outcome.findings));
          const split =
            oldScopes && newScopes
              ? splitByOldSide({
                  found: outcome.findings,
                  before: previous.findings,
                  newText: content,
                  oldText,
                  added,
                  oldScopes,
                  newScopes,
                })
              : { introduced: outcome.findings, existing: [] };
          if (!(oldScopes && newScopes))
            notes.push(
              `${file.path}: ${language} could not be parsed here, so ${check.name}'s findings all count as the change's`,
            );
          introduced = split.introduced;
          existing.push(...split.existing.map((finding) => `${finding.ruleId} at line ${finding.line}`));
        }
      }
      entry.findings.push(...introduced.map((finding) => ({ ...finding, file: file.path })));
    }
    if (existing.length > 0)
      notes.push(
        `${file.path}: already there before the change, not the change's: ${existing.slice(0, 8).join(', ')}${
          existing.length > 8 ? `, and ${existing.length - 8} more` : ''
        }`,
      );
  }
  // the project files the changed code imports that the review did not read (review r49)
  if ('worktree' in selection || 'staged' in selection) {
    const imports = await unreadImports({ repository, contents, inDiff: parsedPaths });
    cannotRead.push(...imports.unseen);
    notes.push(...imports.ignored);
  }
  const gate = [...perCheck.entries()].map(([name, entry]) =>
    mergeCheck(name, entry.results, entry.findings),
  );
  const comments: ReviewComment[] = gate.flatMap((check) =>
    check.findings
      .filter((finding) => !finding.suppressed)
      .map((finding) => gateComment(finding, check.name)),
  );
  const touching = await testsTouching(root, codeFiles, files);
  for (const entry of touching)
    if (entry.tests.length === 0 && !entry.testsInDiff && entry.firstAddedLine !== undefined)
      comments.push({
        file: entry.path,
        line: entry.firstAddedLine,
        severity: 'low',
        source: 'gate',
        ruleId: 'review.untested-change',
        title: 'tests: no test touches this change',
        body: `no test file of the project imports ${quoteGitPath(entry.path)}, and the change adds none`,
        suggestion: 'add a test for the changed behaviour',
      });
  options.onEvent?.({ type: 'stage', stage: 'verify', status: 'done' });

  // Similar code elsewhere, then the model's review.
  const { similar, problem } = await findSimilarCode(root, codeFiles, host.index);
  if (problem) notes.push(problem);
  let dropped = 0;
  if (call) {
    // a review never needs a secret's value, whichever model reads it: the gate has reported the key
    const redaction = createSecretRedactor().begin();
    const messages = reviewMessages({ files, gate: comments, similar }).map((message) => ({
      ...message,
      content: redaction.redact(message.content),
    }));
    const answer = await askModel(call, messages, samplingOf(input));
    const parsed = parseModelComments(answer);
    if (parsed.comments.length === 0 && !/\[\s*\]/.test(answer))
      notes.push(
        'the model gave no review comments in the asked format (a JSON array); only the gate reviewed the change',
      );
    if (parsed.invalid) notes.push(`${parsed.invalid} model comment(s) were malformed and left out`);
    for (const entry of parsed.comments) {
      const file = byPath.get(entry.file.replace(/^[ab]\//, ''));
      const line = anchor(file, entry.line);
      if (!file || line === undefined) {
        dropped++;
        continue;
      }
      const pattern = resolvePattern(entry.pattern, similar);
      comments.push({
        file: file.path,
        line,
        severity: entry.severity ?? 'medium',
        source: 'model',
        ruleId: `review.${(entry.kind ?? 'comment').toLowerCase().replace(/[^a-z-]/g, '') || 'comment'}`,
        title: entry.title ?? entry.comment.split(/[.!?]/)[0]?.slice(0, 80) ?? 'comment',
        body: entry.comment,
        ...(entry.suggestion ? { suggestion: entry.suggestion } : {}),
        ...(pattern ? { pattern } : {}),
      });
    }
    if (dropped)
      notes.push(`${dropped} model comment(s) were about lines the change did not add, and were left out`);
  }
  const ranked = dedupeAndRank(comments);
  const securityRan = (perCheck.get('security')?.results.length ?? 0) > 0;
  // every changed file the gate did not read is named, whatever the reason (w162)
  if (securityRan && unread.length > 0) notes.push(`the security gate did not read: ${unread.join(', ')}`);
  const verdict = reviewVerdict(gate, {
    ...(options.signal?.aborted ? { interrupted: true } : {}),
    invalid,
    unread: cannotRead,
    ...(emptyDiff
      ? { nothingChecked: emptyDiff }
      : securityRan
        ? {}
        : { nothingChecked: notReadReason(unread, security?.languages) }),
  });
  const bySeverity = Object.fromEntries(
    (['critical', 'high', 'medium', 'low', 'info'] as const).map((level) => [
      level,
      ranked.filter((comment) => comment.severity === level).length,
    ]),
  );
  result.verification = {
    status: verdict.status,
    checks: gate,
    blocked: gate.some((check) => check.blocking),
    reasons: verdict.reasons,
    confidenceReasons: [],
    rounds: [],
  };
  result.citations = similar.map(({ path, startLine, endLine, reason }) => ({
    path,
    startLine,
    endLine,
    ...(reason ? { reason } : {}),
  }));
  result.notes = notes;
  result.explanation = `${files.length} file(s), ${files.reduce((sum, file) => sum + file.addedLines.length, 0)} added line(s): ${ranked.length} comment(s) (${
    Object.entries(bySeverity)
      .filter(([, count]) => count > 0)
      .map(([level, count]) => `${count} ${level}`)
      .join(', ') || 'none'
  }).`;
  result.confidence = verdict.status === 'pass' ? 'high' : verdict.status === 'fail' ? 'low' : 'medium';
  const details = {
    comments: ranked,
    bySeverity,
    files: files.map((file) => ({
      path: file.path,
      status: file.status,
      added: file.addedLines.length,
      binary: file.binary,
    })),
    patterns: similar.map(({ changed, path, startLine, endLine, symbol }) => ({
      changed,
      path,
      startLine,
      endLine,
      symbol,
    })),
    testsTouching: touching.map(({ path, tests, testsInDiff }) => ({ path, tests, testsInDiff })),
    notRun: ['the tests touching the change are listed, not run (vouch check runs them)'],
  };
  if (call) result.usage = call.usage;
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

export const reviewTask: TaskDefinition<ReviewInput, 'review'> = {
  name: 'review',
  description:
    'review a diff: the gate on the changed lines, model comments with suggestions, consistency with the codebase',
  input: reviewInput as unknown as z.ZodType<ReviewInput>,
  run: review,
};
