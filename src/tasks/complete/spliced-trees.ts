import type { LanguageId } from '../../core/languages.js';
import { parserFor, type Tree } from '../../syntax/parser.js';

/**
 * The file parsed once as it is (the text before the cursor and after it), and then with a piece of
 * text inserted at the cursor, incrementally: tree-sitter reparses only what the insertion touched,
 * which costs a fraction of a full parse. `complete` needs the file with the model's answer (to find
 * where the cursor's block ends) and with the cut completion (to check its syntax).
 */
export interface SplicedTrees {
  /** the file without the completion */
  readonly before: Tree;
  /** the file with `inserted` at the cursor; the caller deletes it */
  with(inserted: string): Tree;
  delete(): void;
}

/** The 0-based row and column just after `text` when it starts at `start`. */
export function pointAfter(
  start: { row: number; column: number },
  text: string,
): { row: number; column: number } {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastBreak - 1 };
}

export async function splicedTrees(
  language: LanguageId,
  prefix: string,
  suffix: string,
): Promise<SplicedTrees> {
  const parser = await parserFor(language);
  const before = parser.parse(prefix + suffix);
  const cursor = pointAfter({ row: 0, column: 0 }, prefix);
  return {
    before,
    with(inserted) {
      const edited = before.copy();
      try {
        edited.edit({
          startIndex: prefix.length,
          oldEndIndex: prefix.length,
          newEndIndex: prefix.length + inserted.length,
          startPosition: cursor,
          oldEndPosition: cursor,
          newEndPosition: pointAfter(cursor, inserted),
        });
        return parser.parse(prefix + inserted + suffix, edited);
      } finally {
        edited.delete();
      }
    },
    delete: () => before.delete(),
  };
}
