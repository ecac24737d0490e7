/**
 * Where each line of a text starts, to turn string offsets into rows (0-based) and columns, as
 * tree-sitter counts them: a row ends at each \n. Built in one pass; every lookup is a binary search.
 */
export class LineIndex {
  /** the offset each row starts at; `starts[0]` is 0 */
  readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
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
