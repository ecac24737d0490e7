import type Parser from 'web-tree-sitter';
import { walkTree } from './cursor-walk.js';

/**
 * A tree's named nodes copied into flat arrays in one cursor walk, numbered in document (pre-)order, so
 * that code reading many nodes (the index's tags) asks WebAssembly nothing more: each `SyntaxNode` getter
 * is a call across the boundary and every node handed out is unmarshalled from WASM memory.
 *
 * Anonymous nodes (punctuation, keywords) are left out: the named parent, children and siblings of a
 * named node are those `SyntaxNode.parent`, `namedChildren` and `previousNamedSibling` report.
 */
export interface NodeTable {
  readonly count: number;
  /** canonical type id: nodes whose types share a name share the id (as tree-sitter's queries see them) */
  readonly type: Uint16Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** field id in the parent, 0 when none */
  readonly field: Uint16Array;
  /** -1 for the root */
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** first named child, -1 when none */
  readonly firstChild: Int32Array;
  /** next and previous named sibling, -1 when none */
  readonly nextSibling: Int32Array;
  readonly previousSibling: Int32Array;
  readonly grammar: GrammarTables;
}

/** Per grammar: type names, named-ness, and the canonical id of each type name. */
export interface GrammarTables {
  /** name of a canonical type id ('ERROR' for the error node) */
  readonly typeName: readonly string[];
  /** canonical id of a named type, by name */
  readonly namedTypeId: ReadonlyMap<string, number>;
  /** field id by name */
  readonly fieldId: ReadonlyMap<string, number>;
  /** per raw type id: canonical id, or -1 for anonymous types */
  readonly canonical: Int32Array;
}

const ERROR_SYMBOL = 65535;
const grammars = new WeakMap<Parser.Language, GrammarTables>();

export function grammarTables(language: Parser.Language): GrammarTables {
  let found = grammars.get(language);
  if (found) return found;
  const typeName: string[] = [];
  const namedTypeId = new Map<string, number>();
  const canonical = new Int32Array(language.nodeTypeCount).fill(-1);
  for (let id = 0; id < language.nodeTypeCount; id++) {
    if (!language.nodeTypeIsNamed(id)) continue;
    const name = language.nodeTypeForId(id) ?? '';
    let canonicalId = namedTypeId.get(name);
    if (canonicalId === undefined) {
      canonicalId = typeName.length;
      typeName.push(name);
      namedTypeId.set(name, canonicalId);
    }
    canonical[id] = canonicalId;
  }
  if (!namedTypeId.has('ERROR')) {
    namedTypeId.set('ERROR', typeName.length);
    typeName.push('ERROR');
  }
  const fieldId = new Map<string, number>();
  for (let id = 1; id <= language.fieldCount; id++) {
    const name = language.fieldNameForId(id);
    if (name !== null && !fieldId.has(name)) fieldId.set(name, id);
  }
  found = { typeName, namedTypeId, fieldId, canonical };
  grammars.set(language, found);
  return found;
}

/**
 * The arrays of the last copy, reused by the next: a table is read right after it is made, and
 * allocating (and zeroing) nine arrays per file cost as much garbage collection as the copy itself.
 */
let capacity = 0;
let type = new Uint16Array(0);
let start = new Int32Array(0);
let end = new Int32Array(0);
let field = new Uint16Array(0);
let parent = new Int32Array(0);
let depth = new Int32Array(0);
let firstChild = new Int32Array(0);
let nextSibling = new Int32Array(0);
let previousSibling = new Int32Array(0);

function grow(needed: number): void {
  capacity = Math.max(needed, capacity * 2, 4096);
  const widen = <T extends Uint16Array | Int32Array>(array: T): T => {
    const wider = new (array.constructor as new (length: number) => T)(capacity);
    wider.set(array);
    return wider;
  };
  type = widen(type);
  start = widen(start);
  end = widen(end);
  field = widen(field);
  parent = widen(parent);
  depth = widen(depth);
  firstChild = widen(firstChild);
  nextSibling = widen(nextSibling);
  previousSibling = widen(previousSibling);
}

/**
 * Copies the named nodes of `tree`. The table is valid until the next call (its arrays are reused):
 * read it before anything else copies a tree.
 */
export function copyNamedNodes(tree: Parser.Tree): NodeTable {
  const grammar = grammarTables(tree.getLanguage());
  const { canonical } = grammar;
  const errorId = grammar.namedTypeId.get('ERROR')!;
  let count = 0;
  walkTree(tree, (cursor) => {
    // The named ancestors of the cursor's node, and the last named child seen under each.
    const stack: number[] = [];
    const lastChild: number[] = [];
    // Per cursor level: whether that level's node was pushed on `stack` (anonymous ones are not).
    const pushed: boolean[] = [];
    for (;;) {
      const raw = cursor.typeId();
      let id = raw === ERROR_SYMBOL ? errorId : (canonical[raw] ?? -1);
      if (id < 0 && raw >= canonical.length && cursor.isNamed()) id = errorId;
      let isPushed = false;
      if (id >= 0) {
        if (count === capacity) grow(count + 1);
        const node = count++;
        const up = stack.length > 0 ? stack[stack.length - 1]! : -1;
        type[node] = id;
        start[node] = cursor.startIndex();
        end[node] = cursor.endIndex();
        field[node] = cursor.fieldId();
        parent[node] = up;
        depth[node] = stack.length;
        firstChild[node] = -1;
        nextSibling[node] = -1;
        previousSibling[node] = -1;
        if (up >= 0) {
          const before = lastChild[lastChild.length - 1]!;
          if (before < 0) firstChild[up] = node;
          else {
            nextSibling[before] = node;
            previousSibling[node] = before;
          }
          lastChild[lastChild.length - 1] = node;
        }
        isPushed = true;
      }
      if (cursor.gotoFirstChild()) {
        pushed.push(isPushed);
        if (isPushed) {
          stack.push(count - 1);
          lastChild.push(-1);
        }
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        if (pushed.pop()) {
          stack.pop();
          lastChild.pop();
        }
      }
    }
  });
  return {
    count,
    type,
    start,
    end,
    field,
    parent,
    depth,
    firstChild,
    nextSibling,
    previousSibling,
    grammar,
  };
}
