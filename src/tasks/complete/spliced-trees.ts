import { changedSpan } from '../../core/changed-span.js';
import type { LanguageId } from '../../core/languages.js';
import { parserFor, type SyntaxNode, type Tree, type TreeParser } from '../../syntax/parser.js';

/**
 * The file parsed once as it is (the text before the cursor and after it), and then with a piece of
 * text inserted at the cursor, incrementally: tree-sitter reparses only what the insertion touched,
 * which costs a fraction of a full parse. `complete` needs the file with the model's answer (to find
 * where the cursor's block ends) and with the cut completion (to check its syntax).
 */
export interface SplicedTrees {
  /**
   * the file without the completion. Parsed when first read: after an edit inside one statement the
   * region needs only that statement's new parse (see `EditedPiece`), and only the whole-file fallbacks
   * read this tree.
   */
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
  /**
   * how the file's tree was had: the previous one (the text unchanged), the edited statement's parse
   * alone (`EditedPiece`), or the whole file's; `piece` turns `whole` once something reads `before`
   */
  readonly parsed: 'unchanged' | 'piece' | 'whole';
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

/** A statement (or member) of a block, in the file's indices. */
interface Item {
  type: string;
  startIndex: number;
  endIndex: number;
}

/**
 * The block that holds an index of the file without the completion, as the region needs it: its kind,
 * where it starts and ends (undefined when not known without the whole file's parse) and its statements.
 */
interface BlockAt {
  type: string;
  startIndex: number;
  endIndex: number | undefined;
  items: Item[];
}

const itemOf = (node: SyntaxNode, shift = 0): Item => ({
  type: node.type,
  startIndex: node.startIndex + shift,
  endIndex: node.endIndex + shift,
});

/** The innermost block of one of `wraps`' kinds around `point` in a whole file's tree with no error. */
function blockInTree(tree: Tree, wraps: Record<string, Wrap>, point: Point): BlockAt | undefined {
  if (tree.rootNode.hasError) return undefined;
  let block: SyntaxNode | null = tree.rootNode.descendantForPosition(point);
  while (block && !(block.type in wraps)) block = block.parent;
  if (!block) return undefined;
  return {
    type: block.type,
    startIndex: block.startIndex,
    endIndex: block.endIndex,
    items: block.namedChildren.map((node) => itemOf(node)),
  };
}

/** Where the region lies in the file without the insertion: [start, end) as indices, and its wrapper. */
function regionBounds({
  language,
  blockAt,
  prefix,
  suffix,
}: {
  language: LanguageId;
  blockAt: (wraps: Record<string, Wrap>, point: Point, at: number) => BlockAt | undefined;
  prefix: string;
  suffix: string;
}): { start: number; end: number; wrap: Wrap } | undefined {
  const wraps = WRAPS[language];
  if (!wraps) return undefined;
  const at = prefix.length;
  const block = blockAt(wraps, pointAfter({ row: 0, column: 0 }, prefix), at);
  if (!block) return undefined;
  const wrap = wraps[block.type]!;
  const braced = wrap.close !== '';
  // inside the braces, not on them
  if (braced && !(block.startIndex < at && block.endIndex !== undefined && at < block.endIndex))
    return undefined;
  // Comments are not statements: tree-sitter hangs them on whichever node is open (an indented comment
  // under a function header can be the module's), so they never bound a region.
  const items = block.items.filter((item) => item.type !== 'comment');
  const previous = items.filter((item) => item.startIndex < at).at(-1);
  const next = items.find((item) => item.startIndex >= at);
  const from = previous ? previous.startIndex : at;
  const start = prefix.lastIndexOf('\n', from - 1) + 1;
  const indent = prefix.slice(start, from);
  if (indent.trim() !== '') return undefined;
  // Python's top level starts at column 0: an indented first line would parse as something else there
  if (language === 'python' && block.type === 'module' && indent !== '') return undefined;
  if (!next && block.endIndex === undefined) return undefined;
  const end = next ? next.endIndex : braced ? block.endIndex! - 1 : Math.max(block.endIndex!, at);
  if (end < at || end > at + suffix.length) return undefined;
  return { start, end, wrap };
}

type Point = { row: number; column: number };

/**
 * `text` (lines of a block's statements, at their own indentation) parsed inside `wrap`; clean when it
 * parsed with no error and all of it inside the wrapper.
 */
function parseWrapped(
  parser: TreeParser,
  wrap: Wrap,
  text: string,
): { tree: Tree; wrapper: SyntaxNode | null; clean: boolean } {
  const wrapped = wrap.open + text + wrap.close;
  const tree = parser.parse(wrapped);
  const root = tree.rootNode;
  const wrapper = wrap.wrapper(root);
  const lastRow = pointAfter({ row: 0, column: 0 }, wrapped.trimEnd()).row;
  const clean =
    !root.hasError &&
    (wrap.open === '' ||
      (root.namedChildCount === 1 && wrapper !== null && root.namedChild(0)!.endPosition.row === lastRow));
  return { tree, wrapper, clean };
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
 * The last whole tree of each recently completed file: an editor asks again after a keystroke or two, and
 * reparsing from the previous tree costs a fraction of a full parse (the bench's "after a keystroke").
 * Kept by the face's task session (tasks/task-session.ts), which frees the trees when it closes.
 */
export class RecentTrees {
  private readonly trees = new Map<string, { language: LanguageId; text: string; tree: Tree }>();

  constructor(private readonly limit = 8) {}

  /** the tree last kept for `key`, when it is of this language */
  get(key: string, language: LanguageId): { text: string; tree: Tree } | undefined {
    const recent = this.trees.get(key);
    return recent && recent.language === language ? recent : undefined;
  }

  /** keeps `tree` (which it now owns) as `key`'s last, freeing the one it replaces and the oldest past the limit */
  remember({
    key,
    language,
    text,
    tree,
  }: {
    key: string;
    language: LanguageId;
    text: string;
    tree: Tree;
  }): void {
    const replaced = this.trees.get(key);
    this.trees.delete(key);
    replaced?.tree.delete();
    this.trees.set(key, { language, text, tree });
    if (this.trees.size > this.limit) {
      const [oldest, entry] = this.trees.entries().next().value!;
      entry.tree.delete();
      this.trees.delete(oldest);
    }
  }

  close(): void {
    for (const { tree } of this.trees.values()) tree.delete();
    this.trees.clear();
  }
}

/** `text` parsed whole from `previous` (a tree of `old`, which this edits), or from scratch without one. */
function parseWhole(parser: TreeParser, text: string, previous?: { text: string; tree: Tree }): Tree {
  if (!previous) return parser.parse(text);
  const { start, oldEnd, newEnd } = changedSpan(previous.text, text);
  const startPosition = pointAfter({ row: 0, column: 0 }, text.slice(0, start));
  previous.tree.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAfter(startPosition, previous.text.slice(start, oldEnd)),
    newEndPosition: pointAfter(startPosition, text.slice(start, newEnd)),
  });
  return parser.parse(text, previous.tree);
}

/**
 * After an edit inside one statement (or class member) of a block: that statement's new text parsed on
 * its own, inside a wrapper of its block's kind, as `Region` parses the cursor's statements. tree-sitter
 * reuses almost nothing of the old tree after an edit inside a block (Python's grammar redoes all that
 * follows the edit: 10–40 ms on Django's long modules), and the region needs only the cursor's block.
 *
 * Why it stands for the whole file: the old file parsed with no error, the edit lies inside the
 * statement (its first character and everything outside it unchanged), the statement starts its line and
 * the next one starts a later line. When the new text parses with no error, all of it inside the
 * wrapper, the new file is the old one with one statement of a block replaced by a valid run of that
 * block's statements: it parses with no error, the run into these nodes, and the rest as before (shifted
 * by the edit's length). In JavaScript and TypeScript the next statement must also not be one a statement
 * with no semicolon could run on into (`(`, `[`, an operator, `in` …): automatic semicolon insertion
 * looks at it. Otherwise — no old tree, an error in it, an edit across statements, a piece that does not
 * parse cleanly — the whole file is parsed (incrementally from the old tree), as before.
 */
interface EditedPiece {
  tree: Tree;
  /** the wrapper's block node (standing for the statement's block), or null at the top level */
  wrapper: SyntaxNode | null;
  /** the ids of the wrapper and the nodes above it in the piece's tree: all stand for the block */
  standIns: Set<number>;
  /** file index = piece index + shift; file row = piece row + rowShift */
  shift: number;
  rowShift: number;
  /** where the piece's text lies in the new file: [start, end] */
  start: number;
  end: number;
  /** the statement's block in the new file, its statements before and after the piece */
  block: { type: string; startIndex: number; endIndex: number | undefined };
  before: Item[];
  after: Item[];
}

/** A statement after which automatic semicolon insertion does not look for a continuation. */
const STARTS_ITS_OWN_STATEMENT = /^(?!(in|instanceof|as|satisfies)\b)[A-Za-z_$@#'"]/;

function editedPiece({
  parser,
  language,
  previous,
  text,
}: {
  parser: TreeParser;
  language: LanguageId;
  previous: { text: string; tree: Tree };
  text: string;
}): EditedPiece | undefined {
  const wraps = WRAPS[language];
  const old = previous.tree.rootNode;
  if (!wraps || old.hasError) return undefined;
  const { start, oldEnd, newEnd } = changedSpan(previous.text, text);
  const delta = newEnd - oldEnd;
  for (
    let statement: SyntaxNode | null = old.descendantForIndex(start, start);
    statement;
    statement = statement.parent
  ) {
    const block = statement.parent;
    if (!block || !(block.type in wraps) || !statement.isNamed || statement.type === 'comment') continue;
    if (!(statement.startIndex < start && oldEnd >= statement.startIndex)) continue;
    const lineStart = previous.text.lastIndexOf('\n', statement.startIndex - 1) + 1;
    const indent = previous.text.slice(lineStart, statement.startIndex);
    if (indent.trim() !== '') continue;
    if (language === 'python' && block.type === 'module' && indent !== '') continue;
    const siblings = block.namedChildren;
    const index = siblings.findIndex((node) => node.id === statement.id);
    const next = siblings.slice(index + 1).find((node) => node.type !== 'comment');
    // The edit may run past the statement's end into the blank lines and comments before the next one
    // (a diff of two texts places a removed line's break either side), never onto the next one's line.
    const oldPieceEnd = Math.max(statement.endIndex, oldEnd);
    if (next) {
      if (oldPieceEnd >= previous.text.lastIndexOf('\n', next.startIndex - 1) + 1) continue;
      if (language !== 'python' && !STARTS_ITS_OWN_STATEMENT.test(previous.text.slice(next.startIndex)))
        continue;
    } else if (oldEnd > statement.endIndex && block.parent) continue; // only extras follow at the root
    const wrap = wraps[block.type]!;
    const end = oldPieceEnd + delta;
    const parsed = parseWrapped(parser, wrap, text.slice(lineStart, end));
    if (!parsed.clean) {
      parsed.tree.delete();
      return undefined;
    }
    const standIns = new Set<number>();
    for (let node: SyntaxNode | null = parsed.wrapper ?? parsed.tree.rootNode; node; node = node.parent)
      standIns.add(node.id);
    const braced = wrap.close !== '';
    return {
      tree: parsed.tree,
      wrapper: parsed.wrapper,
      standIns,
      shift: lineStart - wrap.open.length,
      rowShift: statement.startPosition.row - pointAfter({ row: 0, column: 0 }, wrap.open).row,
      start: lineStart,
      end,
      block: {
        type: block.type,
        startIndex: block.startIndex,
        // The file's root spans all its text; a block without braces ends with its last statement, known
        // here only when that one is untouched.
        endIndex: !block.parent ? text.length : braced || next ? block.endIndex + delta : undefined,
      },
      before: siblings.slice(0, index).map((node) => itemOf(node)),
      after: siblings
        .slice(index + 1)
        .filter((node) => node.startIndex >= oldPieceEnd)
        .map((node) => itemOf(node, delta)),
    };
  }
  return undefined;
}

/** The cursor's block from an edited piece; undefined when the cursor is outside the piece. */
function blockInPiece({
  piece,
  wraps,
  point,
  at,
}: {
  piece: EditedPiece;
  wraps: Record<string, Wrap>;
  point: Point;
  at: number;
}) {
  if (at < piece.start || at > piece.end) return undefined;
  const local = { row: point.row - piece.rowShift, column: point.column };
  for (
    let node: SyntaxNode | null = piece.tree.rootNode.descendantForPosition(local);
    node && !piece.standIns.has(node.id);
    node = node.parent
  )
    if (node.type in wraps)
      return {
        type: node.type,
        startIndex: node.startIndex + piece.shift,
        endIndex: node.endIndex + piece.shift,
        items: node.namedChildren.map((child) => itemOf(child, piece.shift)),
      };
  const run = (piece.wrapper ?? piece.tree.rootNode).namedChildren.map((child) => itemOf(child, piece.shift));
  const items = [...piece.before, ...run, ...piece.after];
  // Past the last statement of a block whose end is not known here (the edited statement was its last),
  // the whitespace may be the block's or any block's around it: only the whole tree knows.
  if (
    piece.block.endIndex === undefined &&
    !items.some((item) => item.type !== 'comment' && item.startIndex >= at)
  )
    return undefined;
  return { ...piece.block, items };
}

/** A file's text parsed: what the region needs of it, and its whole tree when asked for. */
interface ParsedFile {
  kind(): SplicedTrees['parsed'];
  blockAt(wraps: Record<string, Wrap>, point: Point, at: number): BlockAt | undefined;
  whole(): Tree;
  delete(): void;
}

/**
 * `text` parsed, starting from the file's previous tree when there is one: unchanged, that tree; after an
 * edit inside one statement, only that statement (see `EditedPiece`), the whole tree parsed later if
 * something asks for it; otherwise the whole file, incrementally.
 */
function parseFile(
  parser: TreeParser,
  file: { language: LanguageId; recent: RecentTrees | undefined; key: string; text: string },
): ParsedFile {
  const { language, recent, key, text } = file;
  const previous = recent?.get(key, language);
  const wholeFile = (tree: Tree, kind: SplicedTrees['parsed']): ParsedFile => ({
    kind: () => kind,
    blockAt: (wraps, point) => blockInTree(tree, wraps, point),
    whole: () => tree,
    delete: () => tree.delete(),
  });
  if (previous && previous.text === text) return wholeFile(previous.tree.copy(), 'unchanged');
  const piece = previous ? editedPiece({ parser, language, previous, text }) : undefined;
  if (!piece) {
    const tree = parseWhole(parser, text, previous);
    recent?.remember({ key, language, text, tree: tree.copy() });
    return wholeFile(tree, 'whole');
  }
  const from = { text: previous!.text, tree: previous!.tree.copy() };
  let tree: Tree | undefined;
  const whole = () => {
    if (!tree) {
      tree = parseWhole(parser, text, from);
      recent?.remember({ key, language, text, tree: tree.copy() });
    }
    return tree;
  };
  return {
    kind: () => (tree ? 'whole' : 'piece'),
    // the cursor outside the edited statement, or where the statement alone cannot tell: the whole tree
    blockAt: (wraps, point, at) =>
      blockInPiece({ piece, wraps, point, at }) ?? blockInTree(whole(), wraps, point),
    whole,
    delete() {
      piece.tree.delete();
      from.tree.delete();
      tree?.delete();
    },
  };
}

/**
 * `key` names the file, so its next completion reparses from this one's tree when `recent` keeps it (a
 * long-lived face); without `recent` the file is parsed whole.
 */
export async function splicedTrees({
  language,
  recent,
  key,
  prefix,
  suffix,
}: {
  language: LanguageId;
  recent: RecentTrees | undefined;
  key: string;
  prefix: string;
  suffix: string;
}): Promise<SplicedTrees> {
  const parser = await parserFor(language);
  const file = parseFile(parser, { language, recent, key, text: prefix + suffix });
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
    get before() {
      return file.whole();
    },
    get parsed() {
      return file.kind();
    },
    with(inserted) {
      if (last?.inserted === inserted) return last.tree.copy();
      const edited = file.whole().copy();
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
      bounds ??= regionBounds({ language, blockAt: file.blockAt, prefix, suffix }) ?? null;
      if (!bounds) return undefined;
      const { start, end, wrap } = bounds;
      const { tree, wrapper, clean } = parseWrapped(
        parser,
        wrap,
        prefix.slice(start) + inserted + suffix.slice(0, end - prefix.length),
      );
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
      file.delete();
    },
  };
}

/**
 * Parses a file an editor has just opened into the recent trees, so that the first completion in it
 * reparses incrementally from this tree instead of parsing the whole file while the engineer waits.
 */
export async function warmTree({
  recent,
  language,
  key,
  text,
}: {
  recent: RecentTrees;
  language: LanguageId;
  key: string;
  text: string;
}): Promise<void> {
  const parser = await parserFor(language);
  const previous = recent.get(key, language);
  if (previous?.text === text) return;
  recent.remember({ key, language, text, tree: parseWhole(parser, text, previous) });
}
