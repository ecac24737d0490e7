import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import { readWorkspaceText, refuseSecretsFile } from '../workspace/read-workspace-file.js';
import { countTokens } from './tokens.js';
import type { ContextCursor, ContextSnippet } from './types.js';

export interface CursorFile {
  /** workspace-relative, posix */
  path: string;
  text: string;
  lines: string[];
  line: number;
  column: number;
}

/** Reads the cursor's file, refusing paths outside the workspace, secrets files and lines past the end. */
export function readCursorFile(workspaceRoot: string, cursor: ContextCursor): CursorFile {
  const absolute = isAbsolute(cursor.path) ? cursor.path : resolve(workspaceRoot, cursor.path);
  const rel = relative(workspaceRoot, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`${cursor.path} is outside the workspace ${workspaceRoot}`, {
      hint: 'run vouch from inside the project, or give a path within it',
    });
  }
  const path = rel.split(sep).join('/');
  refuseSecretsFile(path, 'put the cursor in a source file');
  const text = cursor.text ?? readWorkspaceText(workspaceRoot, path, 'put the cursor in a source file');
  const lines = linesOf(text);
  if (!Number.isInteger(cursor.line) || cursor.line < 1 || cursor.line > lines.length) {
    throw new UsageError(`line ${cursor.line} is outside ${path} (it has ${lines.length} lines)`, {
      hint: 'lines count from 1',
    });
  }
  const lineText = lines[cursor.line - 1]!;
  const column = Math.min(Math.max(1, cursor.column ?? lineText.length + 1), lineText.length + 1);
  return { path, text, lines, line: cursor.line, column };
}

/**
 * The lines of the last text read, and the token count of each line with its line break (0: not counted
 * yet; a line and its break are at least one token): the server and the language server ask for context
 * at cursor after cursor of one file, and the window's lines were split and counted at the one before.
 * The same text only (an edit is another text); the lines are never changed by a reader.
 */
let lastLines: { text: string; lines: string[]; tokens: Int32Array } | undefined;

function linesOf(text: string): string[] {
  if (lastLines?.text !== text) {
    const lines = text.split('\n');
    lastLines = { text, lines, tokens: new Int32Array(lines.length) };
  }
  return lastLines.lines;
}

/** Tokens of line `index` (0-based) of the file and its line break. */
function lineTokens(file: CursorFile, index: number): number {
  const kept = lastLines?.lines === file.lines ? lastLines.tokens : undefined;
  let tokens = kept?.[index] ?? 0;
  if (tokens === 0) {
    tokens = countTokens(`${file.lines[index]}\n`);
    if (kept) kept[index] = tokens;
  }
  return tokens;
}

/** The text around the cursor: up to ¾ of `tokens` before it (whole lines), the rest after. */
export function cursorWindow(file: CursorFile, tokens: number): ContextSnippet {
  const beforeBudget = Math.floor(tokens * 0.75);
  let start = file.line;
  const cursorLine = lineTokens(file, file.line - 1);
  let used = 0;
  while (start > 1) {
    const cost = lineTokens(file, start - 2);
    if (used + cost + cursorLine > beforeBudget) break;
    used += cost;
    start--;
  }
  used += cursorLine;
  let end = file.line;
  while (end < file.lines.length) {
    const cost = lineTokens(file, end);
    if (used + cost > tokens) break;
    used += cost;
    end++;
  }
  while (end > file.line && !file.lines[end - 1]!.trim()) end--;
  const source = file.lines.slice(start - 1, end).join('\n');
  return {
    kind: 'cursor',
    path: file.path,
    startLine: start,
    endLine: end,
    source,
    tokens: countTokens(source),
    reason: `the code around the cursor (line ${file.line}, column ${file.column})`,
    score: Number.POSITIVE_INFINITY,
  };
}
