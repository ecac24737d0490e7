import type { LanguageId } from '../../core/languages.js';
import { parserFor, type Tree, type TreeParser } from '../../syntax/parser.js';

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

/**
 * The last tree of each recently completed file: an editor asks again after a keystroke or two, and
 * reparsing from the previous tree costs a fraction of a full parse (the bench's "after a keystroke").
 */
const recentTrees = new Map<string, { language: LanguageId; text: string; tree: Tree }>();
const RECENT_FILES = 8;

/** `text` parsed, starting from the file's previous tree when there is one. */
function parseFile(parser: TreeParser, language: LanguageId, key: string, text: string): Tree {
  const previous = recentTrees.get(key);
  recentTrees.delete(key);
  let tree: Tree;
  if (previous && previous.language === language) {
    const old = previous.text;
    const shorter = Math.min(old.length, text.length);
    let start = 0;
    while (start < shorter && old.charCodeAt(start) === text.charCodeAt(start)) start++;
    let tail = 0;
    while (
      tail < shorter - start &&
      old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)
    )
      tail++;
    const startPosition = pointAfter({ row: 0, column: 0 }, text.slice(0, start));
    previous.tree.edit({
      startIndex: start,
      oldEndIndex: old.length - tail,
      newEndIndex: text.length - tail,
      startPosition,
      oldEndPosition: pointAfter(startPosition, old.slice(start, old.length - tail)),
      newEndPosition: pointAfter(startPosition, text.slice(start, text.length - tail)),
    });
    tree = parser.parse(text, previous.tree);
    previous.tree.delete();
  } else {
    tree = parser.parse(text);
    previous?.tree.delete();
  }
  recentTrees.set(key, { language, text, tree: tree.copy() });
  if (recentTrees.size > RECENT_FILES) {
    const [oldest, entry] = recentTrees.entries().next().value!;
    entry.tree.delete();
    recentTrees.delete(oldest);
  }
  return tree;
}

/** `key` names the file (workspace and path), so its next completion reparses from this one's tree. */
export async function splicedTrees(
  language: LanguageId,
  key: string,
  prefix: string,
  suffix: string,
): Promise<SplicedTrees> {
  const parser = await parserFor(language);
  const before = parseFile(parser, language, key, prefix + suffix);
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

/**
 * Parses a file an editor has just opened into the recent trees, so that the first completion in it
 * reparses incrementally from this tree instead of parsing the whole file while the engineer waits.
 */
export async function warmTree(language: LanguageId, key: string, text: string): Promise<void> {
  const parser = await parserFor(language);
  parseFile(parser, language, key, text).delete();
}
