import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { parse } from '../../syntax/parser.js';
import { type LiteNode, liteTree, preorder } from './lite-tree.js';
import { mentions } from './try-paths.js';

/**
 * `mentions` reads the file's node list (w180); the names and their order must stay those of the stack walk it
 * replaced (the order reaches a `try`'s joined scope), on every compound statement of a file.
 */
function stackWalk(node: LiteNode): string[] {
  const names = new Set<string>();
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.namedChildren.length === 0) {
      if (/identifier$/.test(current.type) || current.type === 'this') names.add(current.text);
      continue;
    }
    for (const child of current.namedChildren) stack.push(child);
  }
  return [...names];
}

const SOURCES: [LanguageId, string][] = [
  [
    'python',
    'try:\n    x = f(a, b.c)\n    if a > b and not x:\n        y = [z for z in a]\n    with open(p) as h:\n        h.write(q % (a, x))\nexcept E as e:\n    raise\n',
  ],
  [
    'javascript',
    'try { const x = f(a, b.c); if (a > b) { this.y = x => x + a; } } catch (e) { g(e, `${a}${q}`); }\n',
  ],
];

describe('mentions', () => {
  it.each(SOURCES)(
    'gives the names of a %s statement in the stack walk’s order',
    async (language, source) => {
      const tree = await parse(language, source);
      try {
        const root = liteTree(tree, source);
        let compared = 0;
        preorder(root, (node) => {
          if (node.order < 0 || node.namedChildren.length === 0) return;
          expect(mentions(node), node.type).toEqual(stackWalk(node));
          compared++;
        });
        expect(compared).toBeGreaterThan(10);
        // the whole statement, right to left: its names as the old walk met them
        expect(mentions(root.namedChildren[0]!).length).toBeGreaterThan(5);
      } finally {
        tree.delete();
      }
    },
  );
});
