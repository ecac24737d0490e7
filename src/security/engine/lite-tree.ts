import { LineIndex } from '../../core/line-index.js';
import { walkTree } from '../../syntax/cursor-walk.js';
import type { Tree } from '../../syntax/parser.js';
import { tick } from './deadline.js';

/**
 * A plain-object copy of a tree-sitter tree, made in one cursor walk. The engine reads every node
 * several times (summaries, guards, re-runs); through web-tree-sitter each read crosses into WASM and
 * allocates, so reading a JS copy is several times faster. The shape mirrors the `SyntaxNode` members
 * the engine uses, so the engine reads either.
 */
const NONE: LiteNode[] = [];
/** tree-sitter's ERROR symbol, `(TSSymbol)-1` */
const ERROR_SYMBOL = 65535;

/** Parents whose anonymous children (operators) the engine reads; other punctuation is not copied. */
const KEEPS_TOKENS = new Set([
  'binary_operator',
  'binary_expression',
  'boolean_operator',
  'comparison_operator',
  'unary_operator',
  'unary_expression',
  'not_operator',
  'augmented_assignment',
  'augmented_assignment_expression',
  'for_in_statement',
]);

export class LiteNode {
  children: LiteNode[] = NONE;
  namedChildren: LiteNode[] = NONE;
  parent: LiteNode | null = null;
  /** the field this node fills in its parent (`function`, `arguments`), if any */
  field: string | null = null;
  /**
   * This node's place in its file's list of named nodes in pre-order (`preorder`), and the place just past its
   * last descendant there; -1 for a node the list leaves out (an operator, what only an operator holds).
   */
  order = -1;
  after = -1;

  readonly type: string;
  readonly isNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly file: SourceText;

  constructor({
    type,
    isNamed,
    startIndex,
    endIndex,
    file,
  }: { type: string; isNamed: boolean; startIndex: number; endIndex: number; file: SourceText }) {
    this.type = type;
    this.isNamed = isNamed;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.file = file;
  }

  /** 0-based row and column, computed from the offset on demand (few nodes are ever reported). */
  get startPosition(): { row: number; column: number } {
    return this.file.position(this.startIndex);
  }

  get text(): string {
    return this.file.text.slice(this.startIndex, this.endIndex);
  }

  // Fields are found by scanning the children: nodes have few, and a map per node cost more to build
  // (and to collect) than every lookup of a scan put together.
  childForFieldName(name: string): LiteNode | null {
    for (const child of this.children) if (child.field === name) return child;
    return null;
  }

  childrenForFieldName(name: string): LiteNode[] {
    return this.children.filter((child) => child.field === name);
  }

  /**
   * Sets the children, in order, and the named ones among them: the same array when every child is named
   * (most nodes: punctuation is not copied), so a node holds one array of its own size, not two grown by
   * pushes (the copy of a large file is most of what the collector moves while the engine runs).
   */
  adopt(children: readonly LiteNode[]): void {
    if (children.length === 0) return;
    this.children = children.slice();
    this.namedChildren = children.every((child) => child.isNamed)
      ? this.children
      : children.filter((child) => child.isNamed);
  }
}

/** The parsed text with a line table, shared by every node of one tree. */
export class SourceText {
  private lines: LineIndex | undefined;
  /**
   * Every node reached through `namedChildren` from the root, in pre-order, filled by the copy's own walk: the
   * engine's tables of a whole file (bindings, functions, references, writes) each read the file once, and a
   * loop over this list costs less than each keeping a stack of the children still to visit.
   */
  readonly nodes: LiteNode[] = [];
  constructor(readonly text: string) {}

  position(offset: number): { row: number; column: number } {
    this.lines ??= new LineIndex(this.text);
    return this.lines.position(offset);
  }
}

type Language = ReturnType<Tree['getLanguage']>;
const typeTables = new WeakMap<Language, { types: string[]; named: boolean[]; fields: (string | null)[] }>();

/**
 * The same text as a V8-internalised string: strings read out of WASM memory are fresh heap strings, so
 * every `node.type === 'call'` in the engine compared characters; internalised ones compare as pointers.
 * Property keys are always internalised.
 */
function internalised(text: string): string {
  const key = Object.keys({ [text]: 0 })[0];
  return key === text ? key : text;
}

/** Type and field names by numeric id, read from the grammar once: ids cross the WASM boundary cheaply. */
function tables(language: Language): { types: string[]; named: boolean[]; fields: (string | null)[] } {
  let found = typeTables.get(language);
  if (!found) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(internalised(language.nodeTypeForId(id) ?? ''));
      named.push(language.nodeTypeIsNamed(id));
    }
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) {
      const name = language.fieldNameForId(id);
      fields.push(name === null ? null : internalised(name));
    }
    found = { types, named, fields };
    typeTables.set(language, found);
  }
  return found;
}

/** Copies `tree` into LiteNodes; `source` must be the text the tree was parsed from. */
export function liteTree(tree: Tree, source: string): LiteNode {
  const file = new SourceText(source);
  const { types, named, fields } = tables(tree.getLanguage());
  return walkTree(tree, (cursor) => {
    const make = () => {
      const id = cursor.typeId();
      // ERROR (65535) and the hidden error-repeat symbol have ids outside the table.
      const type = types[id] ?? (id === ERROR_SYMBOL ? 'ERROR' : '_ERROR');
      return new LiteNode({
        type,
        isNamed: named[id] ?? cursor.isNamed(),
        startIndex: cursor.startIndex(),
        endIndex: cursor.endIndex(),
        file,
      });
    };
    const root = make();
    root.order = 0;
    file.nodes.push(root);
    const stack: LiteNode[] = [root];
    // the children found so far of each node on the stack; the arrays are reused from one node to the next
    const pending: LiteNode[][] = [[]];
    const close = (): void => {
      const children = pending[stack.length - 1]!;
      const node = stack.pop()!;
      node.adopt(children);
      if (node.order >= 0) node.after = file.nodes.length;
      children.length = 0;
    };
    if (!cursor.gotoFirstChild()) {
      root.after = 1;
      return root;
    }
    for (;;) {
      tick();
      const parent = stack[stack.length - 1]!;
      const id = cursor.typeId();
      // Punctuation and keywords are skipped unless the parent's meaning depends on them; leaves only.
      const skip = named[id] === false && !KEEPS_TOKENS.has(parent.type);
      if (!skip) {
        const node = make();
        const fieldId = cursor.fieldId();
        node.parent = parent;
        node.field = fieldId ? (fields[fieldId] ?? null) : null;
        if (node.isNamed && parent.order >= 0) {
          node.order = file.nodes.length;
          file.nodes.push(node);
        }
        pending[stack.length - 1]!.push(node);
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          if (pending.length < stack.length) pending.push([]);
          continue;
        }
        if (node.order >= 0) node.after = node.order + 1;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          while (stack.length > 0) close();
          return root;
        }
        close();
        if (stack.length === 0) return root;
      }
    }
  });
}

/**
 * Visits `root` and every named node under it in the file's order (pre-order), with a stack of its own: a
 * recursive walk overflowed the call stack on a deep tree (20,000 nested `[`, a 1 MB line of `a + b + …`;
 * issue 59, w80). `visit` returning false skips the node's children.
 */
export function preorder(root: LiteNode, visit: (node: LiteNode) => unknown): void {
  if (root.order >= 0) {
    // the copy's list (SourceText.nodes): a node's descendants are the places up to its `after`
    const nodes = root.file.nodes;
    for (let index = root.order; index < root.after; ) {
      const node = nodes[index]!;
      index = visit(node) === false ? node.after : index + 1;
    }
    return;
  }
  const pending: LiteNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (visit(node) === false) continue;
    const children = node.namedChildren;
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]!);
  }
}
