import { describe, expect, it } from 'vitest';
import { COMPILER_LINE_ENDS, LineIndex } from './line-index.js';

describe('LineIndex', () => {
  it('gives rows and columns as tree-sitter counts them', () => {
    const text = 'ab\n\ncd\n';
    const lines = new LineIndex(text);
    expect(lines.starts).toEqual([0, 3, 4, 7]);
    expect([0, 1, 2, 3, 4, 6, 7].map((offset) => lines.position(offset))).toEqual([
      { row: 0, column: 0 },
      { row: 0, column: 1 },
      { row: 0, column: 2 },
      { row: 1, column: 0 },
      { row: 2, column: 0 },
      { row: 2, column: 2 },
      { row: 3, column: 0 },
    ]);
    expect(new LineIndex('').rowOf(0)).toBe(0);
  });

  it("counts the line ends a language's compiler counts when given them", () => {
    const text = 'a\r\nb\rc\u2028d\ne';
    expect(new LineIndex(text).starts).toEqual([0, 3, 9]);
    expect(new LineIndex(text, COMPILER_LINE_ENDS.python).starts).toEqual([0, 3, 5, 9]);
    expect(new LineIndex(text, COMPILER_LINE_ENDS.javascript).starts).toEqual([0, 3, 5, 7, 9]);
  });
});
