import { walkTree } from '../../syntax/cursor-walk.js';
import type { Tree } from '../../syntax/parser.js';

/**
 * A plain-object copy of a tree for Semgrep-style matching: named nodes and the anonymous tokens whose
 * presence changes the meaning (operators, `await`, `not`, `in`), without punctuation and comments, which
 * a pattern never distinguishes. The engine's LiteNode keeps operators only under a few parents; a
 * pattern can compare any two nodes, so this copy keeps every meaningful token.
 */
export interface CodeNode {
  readonly type: string;
  readonly named: boolean;
  readonly start: number;
  readonly end: number;
  /** the field this node fills in its parent (`function`, `arguments`), if any */
  readonly field: string | null;
  parent: CodeNode | null;
  children: CodeNode[];
}

/** Tokens that separate or bracket but never decide a match. */
const PUNCTUATION = new Set([
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ';',
  ':',
  '.',
  '`',
  '"',
  "'",
  '${',
  '?.',
  '=',
  '=>',
  // a modifier a pattern that does not name it leaves open (Semgrep matches `function f() {}` to async ones)
  'async',
]);
const COMMENTS = new Set(['comment', 'html_comment']);
const ERROR_SYMBOL = 65535;

type Language = ReturnType<Tree['getLanguage']>;
const typeTables = new WeakMap<Language, { types: string[]; named: boolean[]; fields: (string | null)[] }>();

function tables(language: Language): { types: string[]; named: boolean[]; fields: (string | null)[] } {
  let found = typeTables.get(language);
  if (!found) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(language.nodeTypeForId(id) ?? '');
      named.push(language.nodeTypeIsNamed(id));
    }
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id));
    found = { types, named, fields };
    typeTables.set(language, found);
  }
  return found;
}

/** Copies `tree` in one cursor walk (see syntax/cursor-walk.ts for why not through SyntaxNode). */
export function codeTree(tree: Tree): CodeNode {
  const { types, named, fields } = tables(tree.getLanguage());
  return walkTree(tree, (cursor) => {
    const make = (field: string | null): CodeNode => {
      const id = cursor.typeId();
      const type = types[id] ?? (id === ERROR_SYMBOL ? 'ERROR' : '_ERROR');
      return {
        type,
        named: named[id] ?? cursor.isNamed(),
        start: cursor.startIndex(),
        end: cursor.endIndex(),
        field,
        parent: null,
        children: [],
      };
    };
    const root = make(null);
    const stack: CodeNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const parent = stack[stack.length - 1]!;
      const id = cursor.typeId();
      const type = types[id] ?? '';
      const skip = (named[id] === false && PUNCTUATION.has(type)) || COMMENTS.has(type);
      if (!skip) {
        const fieldId = cursor.fieldId();
        const node = make(fieldId ? (fields[fieldId] ?? null) : null);
        node.parent = parent;
        parent.children.push(node);
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  });
}

/** Whether the tree (or the part of it under `node`) has parse errors. */
export function hasErrors(node: CodeNode): boolean {
  if (node.type === 'ERROR' || node.type === '_ERROR') return true;
  return node.children.some(hasErrors);
}

/** Every node under `node` (itself included), in document order. */
export function* descendants(node: CodeNode): Generator<CodeNode> {
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    yield next;
    for (let index = next.children.length - 1; index >= 0; index--) stack.push(next.children[index]!);
  }
}
