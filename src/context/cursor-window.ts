import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import { isSecretsFile } from '../workspace/secrets-file.js';
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
  if (isSecretsFile(path)) {
    throw new UsageError(`${path} is a secrets file; vouch never reads it`, {
      hint: 'put the cursor in a source file',
    });
  }
  let text = cursor.text;
  if (text === undefined) {
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${path} (${code ?? (error as Error).message})`, {
        hint: code === 'ENOENT' ? 'check the path' : 'check the file exists and is readable',
      });
    }
  }
  const lines = text.split('\n');
  if (!Number.isInteger(cursor.line) || cursor.line < 1 || cursor.line > lines.length) {
    throw new UsageError(`line ${cursor.line} is outside ${path} (it has ${lines.length} lines)`, {
      hint: 'lines count from 1',
    });
  }
  const lineText = lines[cursor.line - 1]!;
  const column = Math.min(Math.max(1, cursor.column ?? lineText.length + 1), lineText.length + 1);
  return { path, text, lines, line: cursor.line, column };
}

/** The text around the cursor: up to ¾ of `tokens` before it (whole lines), the rest after. */
export function cursorWindow(file: CursorFile, tokens: number): ContextSnippet {
  const beforeBudget = Math.floor(tokens * 0.75);
  let start = file.line;
  const cursorLine = countTokens(`${file.lines[file.line - 1]}\n`);
  let used = 0;
  while (start > 1) {
    const cost = countTokens(`${file.lines[start - 2]}\n`);
    if (used + cost + cursorLine > beforeBudget) break;
    used += cost;
    start--;
  }
  used += cursorLine;
  let end = file.line;
  while (end < file.lines.length) {
    const cost = countTokens(`${file.lines[end]}\n`);
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
