import { UsageError } from '../core/errors.js';

/**
 * A cursor as the commands take it, `PATH:LINE` or `PATH:LINE:COL` (both counted from 1): `vouch context`
 * takes either, `vouch complete` needs the column. Kept apart from input.ts so that the cold path of
 * `vouch context` loads nothing else.
 */
export function parseCursorSpec(
  spec: string,
  usage: { command: string; columnRequired: true },
): { path: string; line: number; column: number };
export function parseCursorSpec(
  spec: string,
  usage: { command: string; columnRequired: false },
): { path: string; line: number; column?: number };
export function parseCursorSpec(
  spec: string,
  usage: { command: string; columnRequired: boolean },
): { path: string; line: number; column?: number } {
  const example = `vouch ${usage.command} src/app.py:42:7`;
  const match = (usage.columnRequired ? /^(.+):(\d+):(\d+)$/ : /^(.+?):(\d+)(?::(\d+))?$/).exec(spec);
  if (!match)
    throw new UsageError(
      `expected ${usage.columnRequired ? 'FILE:LINE:COL' : 'PATH:LINE[:COL]'}, got '${spec}'`,
      {
        hint: `for example: ${example} (lines and columns count from 1)`,
      },
    );
  const line = Number(match[2]);
  const column = match[3] === undefined ? undefined : Number(match[3]);
  if (line < 1 || column === 0)
    throw new UsageError(
      `lines and columns count from 1, got ${match[3] === undefined ? line : `${line}:${column}`}`,
      {
        hint: `for example: ${example}`,
      },
    );
  return { path: match[1]!, line, ...(column !== undefined ? { column } : {}) };
}
