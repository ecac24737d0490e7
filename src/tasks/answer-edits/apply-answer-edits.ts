import type { LanguageId } from '../../core/languages.js';
import { applyModelDiff, DiffApplyError } from './apply-diff.js';
import type { AnswerEdit } from './read-answer-edits.js';
import { DefinitionsError, dedent, isWholeFile, replaceDefinitions, shapeOf } from './replace-definitions.js';

/**
 * The edits of an answer applied to the files they are for, the same way for every task that takes a
 * change from a model (`debug`, `fix`): each file's edits in the answer's order, on the text the earlier
 * ones left. An edit that does not apply, or that could apply in more than one place or to more than one
 * file, is a problem with what to do instead, never a guess: the caller sends the problems back to the
 * model (a repair round) and verifies nothing of that answer.
 */

export interface EditTarget {
  path: string;
  language: LanguageId;
  /** the file's text before the answer's edits */
  text: string;
}

export interface ApplyOptions {
  /**
   * The workspace file a path names, or why it cannot be changed (outside the workspace, not a source
   * file). `creates`: a diff from /dev/null, which may name a file that does not exist yet.
   */
  resolve: (path: string, creates: boolean) => EditTarget | string;
  /** the files an edit that names none may be for (the files the model was shown), most likely first */
  candidates: readonly string[];
}

export interface AppliedEdits {
  /** path → the text after the edits, for every file an edit touched (its text may be unchanged) */
  after: Map<string, string>;
  targets: Map<string, EditTarget>;
  problems: string[];
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Text as lines without their endings, and whether it ended with one. */
function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  const unified = text.replace(/\r\n/g, '\n');
  const finalNewline = unified === '' || unified.endsWith('\n');
  const body = finalNewline && unified !== '' ? unified.slice(0, -1) : unified;
  return { lines: body === '' ? [] : body.split('\n'), finalNewline };
}

function joinLines(lines: readonly string[], finalNewline: boolean, eol: string): string {
  const text = lines.join(eol);
  return finalNewline && lines.length > 0 ? text + eol : text;
}

/** A comment standing in for code the model left out (`# ... rest unchanged`, `// ...existing code...`). */
const ELIDED =
  /^\s*(?:#|\/\/|\/\*|--)\s*(?:(?:\.{3}|…).*\b(?:rest|existing|unchanged|same|omitted|remain\w*|other|previous|before)\b|\(?(?:rest of|remaining|existing|other) .*\b(?:unchanged|as before|the same|omitted)\b)/i;

export function elidedLine(body: string): string | undefined {
  return body.split('\n').find((line) => ELIDED.test(line));
}

/** One search/replace block on a text: the SEARCH lines must occur exactly once (exactly, or ignoring trailing spaces). */
function searchReplace({
  path,
  text,
  search,
  replace,
}: {
  path: string;
  text: string;
  search: string;
  replace: string;
}): string {
  const { lines, finalNewline } = splitLines(text);
  const eol = lineEnding(text);
  if (search.trim() === '') {
    if (lines.join('').trim() === '') return joinLines(replace.split('\n'), true, eol);
    throw new DiffApplyError(
      `a search/replace block for ${path} has an empty SEARCH part: copy the lines to replace from the file`,
    );
  }
  const searchLines = search.split('\n');
  const rowsWhere = (same: (a: string, b: string) => boolean): number[] => {
    const rows: number[] = [];
    for (let start = 0; start + searchLines.length <= lines.length; start++)
      if (searchLines.every((line, offset) => same(lines[start + offset]!, line))) rows.push(start + 1);
    return rows;
  };
  // exactly first; then without trailing spaces, which models drop
  let found = rowsWhere((a, b) => a === b);
  if (found.length === 0) found = rowsWhere((a, b) => a.trimEnd() === b.trimEnd());
  if (found.length === 0) {
    // a SEARCH part that is a piece of a line (or lines): as text, when it occurs once
    const unified = lines.join('\n');
    const at: number[] = [];
    for (let index = unified.indexOf(search); index !== -1; index = unified.indexOf(search, index + 1))
      at.push(index);
    if (at.length === 1)
      return joinLines(
        (unified.slice(0, at[0]) + replace + unified.slice(at[0]! + search.length)).split('\n'),
        finalNewline,
        eol,
      );
    found = at.map((index) => unified.slice(0, index).split('\n').length);
  }
  if (found.length > 1)
    throw new DiffApplyError(
      `the SEARCH part of a block for ${path} occurs ${found.length} times in it (lines ${found.join(', ')}): include more lines around it so it is unique`,
    );
  if (found.length === 0) {
    const missing = search
      .split('\n')
      .find((line) => line.trim() && !lines.some((have) => have.trimEnd() === line.trimEnd()));
    throw new DiffApplyError(
      `the SEARCH part of a block for ${path} is not in the file: ${missing ? `the line \`${missing.trim()}\` is not in it` : 'its lines are in the file, but not together in this order'}`,
    );
  }
  const row = found[0]! - 1;
  const next = [...lines];
  next.splice(row, searchLines.length, ...(replace === '' ? [] : replace.split('\n')));
  return joinLines(next, finalNewline, eol);
}

/** A code block as the file's new text: the whole file, or its definitions put in place of the file's. */
async function applyCode(target: EditTarget, text: string, body: string): Promise<string> {
  const elided = elidedLine(body);
  if (elided)
    throw new DiffApplyError(
      `the code block for ${target.path} leaves code out (\`${elided.trim()}\`): give every line of each definition you change, or a diff`,
    );
  const { lines, finalNewline } = splitLines(text);
  const eol = lineEnding(text);
  const blockLines = body.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  if (await isWholeFile(target.language, text, body))
    return joinLines(dedent(blockLines), finalNewline || lines.length === 0, eol);
  try {
    return joinLines(
      await replaceDefinitions({
        path: target.path,
        language: target.language,
        fileLines: lines,
        blockLines,
      }),
      finalNewline,
      eol,
    );
  } catch (error) {
    if (error instanceof DefinitionsError) throw new DiffApplyError(error.message);
    throw error;
  }
}

/** The file an edit that names none is for, among the candidates: the one it fits, or a problem. */
async function unnamedTarget(
  edit: Extract<AnswerEdit, { shape: 'code' | 'search-replace' }>,
  options: ApplyOptions,
  current: (target: EditTarget) => string,
): Promise<EditTarget | string> {
  const targets = options.candidates
    .map((path) => options.resolve(path, false))
    .filter((target): target is EditTarget => typeof target !== 'string');
  const ask =
    edit.shape === 'code'
      ? "put the file's path on the line before the code block"
      : "put the file's path on the line before the search/replace block";
  if (targets.length === 1) return targets[0]!;
  const fitting: EditTarget[] = [];
  for (const target of targets) {
    if (edit.shape === 'search-replace') {
      if (current(target).includes(edit.search)) fitting.push(target);
      continue;
    }
    const block = await shapeOf(target.language, dedent(edit.body.split('\n')).join('\n'));
    const file = await shapeOf(target.language, current(target));
    const names = new Set(file.definitions.map((definition) => definition.name));
    // a file that defines a name the block gives (the block may add helpers the file does not have)
    if (block.definitions.some((definition) => names.has(definition.name))) fitting.push(target);
  }
  if (fitting.length === 1) return fitting[0]!;
  return fitting.length === 0
    ? `a ${edit.shape === 'code' ? 'code block' : 'search/replace block'} names no file, and it fits none of ${options.candidates.join(', ')}: ${ask}`
    : `a ${edit.shape === 'code' ? 'code block' : 'search/replace block'} names no file, and it could be for ${fitting.map((target) => target.path).join(' or ')}: ${ask}`;
}

/** Every edit of an answer applied; the problems say which did not apply and why. */
export async function applyAnswerEdits(
  edits: readonly AnswerEdit[],
  options: ApplyOptions,
): Promise<AppliedEdits> {
  const after = new Map<string, string>();
  const targets = new Map<string, EditTarget>();
  const problems: string[] = [];
  const current = (target: EditTarget) => after.get(target.path) ?? target.text;
  for (const edit of edits) {
    const path = edit.shape === 'diff' ? edit.diff.path : edit.path;
    const target =
      path === undefined
        ? edit.shape === 'diff'
          ? 'a diff names no file'
          : await unnamedTarget(edit, options, current)
        : options.resolve(path, edit.shape === 'diff' && edit.diff.creates);
    if (typeof target === 'string') {
      problems.push(target);
      continue;
    }
    targets.set(target.path, target);
    try {
      const text = current(target);
      const next =
        edit.shape === 'diff'
          ? applyModelDiff(text, edit.diff)
          : edit.shape === 'search-replace'
            ? searchReplace({ path: target.path, text, search: edit.search, replace: edit.replace })
            : await applyCode(target, text, edit.body);
      after.set(target.path, next);
    } catch (error) {
      if (!(error instanceof DiffApplyError)) throw error;
      problems.push(error.message);
    }
  }
  return { after, targets, problems };
}
