import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { parse, type Tree } from '../../syntax/parser.js';
import { type LiteNode, liteTree, preorder } from './lite-tree.js';

/** A node as the engine sees it: type, span, field, and its children (all, and the named ones). */
interface Shape {
  type: string;
  span: [number, number];
  field: string | null;
  children: Shape[];
  named: string[];
}

/** Parents whose operators the copy keeps (lite-tree.ts `KEEPS_TOKENS`); other punctuation is left out. */
const KEEPS_TOKENS =
  /^(?:binary_operator|binary_expression|boolean_operator|comparison_operator|unary_operator|unary_expression|not_operator|augmented_assignment|augmented_assignment_expression|for_in_statement)$/;

/** What the copy should hold, read through web-tree-sitter's own cursor. */
function expected(tree: Tree): Shape {
  const cursor = tree.walk();
  const visit = (field: string | null): Shape => {
    const shape: Shape = {
      type: cursor.nodeType,
      span: [cursor.startIndex, cursor.endIndex],
      field,
      children: [],
      named: [],
    };
    if (cursor.gotoFirstChild()) {
      do {
        if (!cursor.nodeIsNamed && !KEEPS_TOKENS.test(shape.type)) continue;
        const named = cursor.nodeIsNamed;
        const child = visit(cursor.currentFieldName || null);
        shape.children.push(child);
        if (named) shape.named.push(child.type);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return shape;
  };
  return visit(null);
}

function actual(node: LiteNode, parent: LiteNode | null): Shape {
  expect(node.parent).toBe(parent);
  return {
    type: node.type,
    span: [node.startIndex, node.endIndex],
    field: node.field,
    children: node.children.map((child) => actual(child, node)),
    named: node.namedChildren.map((child) => child.type),
  };
}

const SOURCES: [LanguageId, string][] = [
  [
    'python',
    [
      'import os',
      'def run(cmd, *args, **kw):',
      '    if not cmd and len(args) > 2:',
      '        x = a + b * -c',
      '    for k, v in kw.items():',
      '        x += f"{k}={v!r}"',
      '    return os.system("ls " + cmd)  # comment',
      'class A(B): pass',
      'def broken(:',
    ].join('\n'),
  ],
  [
    'typescript',
    'const run = (cmd: string): void => { if (!cmd && a.length > 2) exec(`ls ${cmd}`, { shell: true }); x += 1; };',
  ],
];

describe('liteTree', () => {
  it.each(SOURCES)(
    'copies a %s tree: every node, its field and parent, children and named children in order',
    async (language, source) => {
      const tree = await parse(language, source);
      try {
        const root = liteTree(tree, source);
        expect(actual(root, null)).toEqual(expected(tree));
      } finally {
        tree.delete();
      }
    },
  );

  it('keeps the named children apart from the operators a parent keeps', async () => {
    const source = 'x = a + b\n';
    const tree = await parse('python', source);
    try {
      const binary = liteTree(tree, source).namedChildren[0]!.namedChildren[0]!.childForFieldName('right')!;
      expect(binary.type).toBe('binary_operator');
      expect(binary.children.map((child) => child.text)).toEqual(['a', '+', 'b']);
      expect(binary.namedChildren.map((child) => child.text)).toEqual(['a', 'b']);
    } finally {
      tree.delete();
    }
  });

  it.each(SOURCES)(
    'lists a %s file in pre-order once: every subtree a run of the list, a skipped node its run left out',
    async (language, source) => {
      const tree = await parse(language, source);
      try {
        const root = liteTree(tree, source);
        /** pre-order through `namedChildren` by recursion: what `preorder` must visit */
        const walked = (node: LiteNode, skip: (node: LiteNode) => boolean, into: LiteNode[] = []) => {
          into.push(node);
          if (!skip(node)) for (const child of node.namedChildren) walked(child, skip, into);
          return into;
        };
        const all = walked(root, () => false);
        expect(root.file.nodes).toEqual(all);
        expect(all.every((node, index) => node.order === index)).toBe(true);
        const skip = (node: LiteNode) => /^(?:call|call_expression|if_statement|arguments)$/.test(node.type);
        for (const from of all) {
          const visited: LiteNode[] = [];
          preorder(from, (node) => {
            visited.push(node);
            return !skip(node);
          });
          expect(visited).toEqual(walked(from, skip));
          expect(from.after - from.order).toBe(walked(from, () => false).length);
        }
      } finally {
        tree.delete();
      }
    },
  );
});
