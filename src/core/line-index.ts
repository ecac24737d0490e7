/**
 * Where each line of a text starts, to turn string offsets into rows (0-based) and columns, as
 * tree-sitter counts them: a row ends at each \n. Or at each match of `ends` (a global pattern), for the
 * line ends a language's own compiler counts (`COMPILER_LINE_ENDS`). Built in one pass; every lookup is a
 * binary search.
 */
export class LineIndex {
  /** the offset each row starts at; `starts[0]` is 0 */
  readonly starts: number[] = [0];

  constructor(text: string, ends?: RegExp) {
    if (ends) for (const end of text.matchAll(ends)) this.starts.push(end.index + end[0].length);
    else for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  /** the row `offset` is on */
  rowOf(offset: number): number {
    const { starts } = this;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  position(offset: number): { row: number; column: number } {
    const row = this.rowOf(offset);
    return { row, column: offset - this.starts[row]! };
  }
}

/**
 * The line ends by which a language's own compiler numbers lines in its messages: Python's (`ast`,
 * `py_compile`) at `\n`, `\r\n` and a lone `\r`; JavaScript's and TypeScript's (V8's `node --check`, tsc) at
 * those and at every U+2028 and U+2029, inside string literals too (checked on Node 20 and Python 3.11, w104).
 */
export const COMPILER_LINE_ENDS = {
  python: /\r\n|[\n\r]/g,
  javascript: /\r\n|[\n\r\u2028\u2029]/g,
} as const;

/**
 * The line ends an editor counts, and the Language Server Protocol's positions with it: `\n`, `\r\n` and a
 * lone `\r`, never U+2028 or U+2029 (the LSP specification; VS Code and vim show those inside a line, and
 * `grep -n` counts `\n` alone). A finding's line is reported as these count it (security/line-ended-text.ts).
 */
export const EDITOR_LINE_ENDS = /\r\n|[\n\r]/g;
