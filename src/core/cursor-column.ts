import { UsageError } from './errors.js';

/**
 * A cursor's column (from 1) past the end of its line is a usage error saying where the line ends:
 * `vouch complete` and `vouch context` check a column the user typed so.
 */
export function checkCursorColumn({
  path,
  line,
  lineText,
  column,
}: {
  path: string;
  line: number;
  lineText: string;
  column: number | undefined;
}): void {
  if (column !== undefined && column > lineText.length + 1)
    throw new UsageError(
      `column ${column} is past the end of line ${line} of ${path} (it has ${lineText.length} characters)`,
      { hint: `columns count from 1; ${lineText.length + 1} is the end of that line` },
    );
}
