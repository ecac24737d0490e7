import type { LanguageId } from '../../core/languages.js';
import { parserFor, type SyntaxNode, type Tree, type TreeParser } from '../../syntax/parser.js';

/**
 * The file parsed once as it is (the text before the cursor and after it), and then with a piece of
 * text inserted at the cursor, incrementally: tree-sitter reparses only what the insertion touched,
 * which costs a fraction of a full parse. `complete` needs the file with the model's answer (to find
 * where the cursor's block ends) and with the cut completion (to check its syntax).
 */
export interface SplicedTrees {
  /** the file without the completion */
  readonly before: Tree;
  /**
   * the file with `inserted` at the cursor; the caller deletes it. The last one is kept: when the cut
   * kept the answer as it was, the syntax check asks for the same file again.
   */
  with(inserted: string): Tree;
  /**
   * The run of whole statements (or members) around the cursor, with `inserted` at the cursor, parsed on
   * its own inside a wrapper of the same kind as the block they sit in (see `Region`); undefined when the
   * file has a syntax error, or its language or the cursor's place has no such run. The caller deletes
   * the tree.
   */
  region(inserted: string): Region | undefined;
  delete(): void;
}

/**
 * A small stand-in for the whole file: the statements (or class members) of the block that holds the
 * cursor, from the one before the cursor to the one after it, with a text inserted at the cursor, and
 * wrapped in a block of the same kind (`if 1:` in Python; `{ … }` or `class _ { … }` in TypeScript and
 * JavaScript; nothing at the top level). Why it can stand in: the file without the insertion parses with
 * no error, and a block's statements are a sequence in the grammar, so when the region parses with no
 * error — every line of it inside the wrapper — the whole file with the insertion is the same file with one
 * run of the block's statements replaced by another valid run: it parses with no error too, and those
 * statements parse into the same nodes. Rows and columns map by `rowOffset` (file row = region row +
 * rowOffset); columns are the file's, since the region starts at the start of a line.
 */
export interface Region {
  tree: Tree;
  rowOffset: number;
  /** the wrapper's block node in the tree (the real block in the file ends elsewhere), or null at the top level */
  wrapper: SyntaxNode | null;
  /** whether the region parsed with no error, all of it inside the wrapper: only then does it stand in */
  clean: boolean;
}

type Wrap = { open: string; close: string; wrapper: (root: SyntaxNode) => SyntaxNode | null };

const PYTHON_WRAPS: Record<string, Wrap> = {
  block: {
    open: 'if 1:\n',
    close: '',
    wrapper: (root) => root.namedChild(0)?.childForFieldName('consequence') ?? null,
  },
  module: { open: '', close: '', wrapper: () => null },
};
const SCRIPT_WRAPS: Record<string, Wrap> = {
  statement_block: { open: '{\n', close: '\n}', wrapper: (root) => root.namedChild(0) },
  class_body: {
    open: 'class _ {\n',
    close: '\n}',
    wrapper: (root) => root.namedChild(0)?.childForFieldName('body') ?? null,
  },
  program: { open: '', close: '', wrapper: () => null },
};
const WRAPS: Partial<Record<LanguageId, Record<string, Wrap>>> = {
  python: PYTHON_WRAPS,
  javascript: SCRIPT_WRAPS,
  typescript: SCRIPT_WRAPS,
  tsx: SCRIPT_WRAPS,
};

/** Where the region lies in the file without the insertion: [start, end) as indices, and its wrapper. */
function regionBounds(
  language: LanguageId,
  before: Tree,
  prefix: string,
  suffix: string,
): { start: number; end: number; wrap: Wrap } | undefined {
  const wraps = WRAPS[language];
  if (!wraps || before.rootNode.hasError) return undefined;
  const at = prefix.length;
  let block: SyntaxNode | null = before.rootNode.descendantForPosition(
    pointAfter({ row: 0, column: 0 }, prefix),
  );
  while (block && !(block.type in wraps)) block = block.parent;
  if (!block) return undefined;
  const wrap = wraps[block.type]!;
  const braced = wrap.close !== '';
  // inside the braces, not on them
  if (braced && !(block.startIndex < at && at < block.endIndex)) return undefined;
  // Comments are not statements: tree-sitter hangs them on whichever node is open (an indented comment
  // under a function header can be the module's), so they never bound a region.
  const items = block.namedChildren.filter((item) => item.type !== 'comment');
  const previous = items.filter((item) => item.startIndex < at).at(-1);
  const next = items.find((item) => item.startIndex >= at);
  const from = previous ? previous.startIndex : at;
  const start = prefix.lastIndexOf('\n', from - 1) + 1;
  const indent = prefix.slice(start, from);
  if (indent.trim() !== '') return undefined;
  // Python's top level starts at column 0: an indented first line would parse as something else there
  if (language === 'python' && block.type === 'module' && indent !== '') return undefined;
  const end = next ? next.endIndex : braced ? block.endIndex - 1 : Math.max(block.endIndex, at);
  if (end < at || end > at + suffix.length) return undefined;
  return { start, end, wrap };
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
  const insertion = (inserted: string) => ({
    startIndex: prefix.length,
    oldEndIndex: prefix.length,
    newEndIndex: prefix.length + inserted.length,
    startPosition: cursor,
    oldEndPosition: cursor,
    newEndPosition: pointAfter(cursor, inserted),
  });
  let last: { inserted: string; tree: Tree } | undefined;
  let bounds: ReturnType<typeof regionBounds> | null | undefined;
  return {
    before,
    with(inserted) {
      if (last?.inserted === inserted) return last.tree.copy();
      const edited = before.copy();
      try {
        edited.edit(insertion(inserted));
        const tree = parser.parse(prefix + inserted + suffix, edited);
        last?.tree.delete();
        last = { inserted, tree: tree.copy() };
        return tree;
      } finally {
        edited.delete();
      }
    },
    region(inserted) {
      bounds ??= regionBounds(language, before, prefix, suffix) ?? null;
      if (!bounds) return undefined;
      const { start, end, wrap } = bounds;
      const text =
        wrap.open + prefix.slice(start) + inserted + suffix.slice(0, end - prefix.length) + wrap.close;
      const tree = parser.parse(text);
      const root = tree.rootNode;
      const wrapper = wrap.wrapper(root);
      const lastRow = pointAfter({ row: 0, column: 0 }, text.trimEnd()).row;
      const clean =
        !root.hasError &&
        (wrap.open === '' ||
          (root.namedChildCount === 1 &&
            wrapper !== null &&
            root.namedChild(0)!.endPosition.row === lastRow));
      return {
        tree,
        rowOffset:
          pointAfter({ row: 0, column: 0 }, prefix.slice(0, start)).row -
          pointAfter({ row: 0, column: 0 }, wrap.open).row,
        wrapper,
        clean,
      };
    },
    delete: () => {
      last?.tree.delete();
      last = undefined;
      before.delete();
    },
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
