import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../core/languages.js';
import { copyNamedNodes, grammarTables, type NodeTable } from './node-table.js';
import { loadLanguage, parse, type SyntaxNode } from './parser.js';
import { querySource } from './queries.js';
import { compileTableQuery, tableMatches } from './table-query.js';

const SAMPLES: [LanguageId, string][] = [
  [
    'python',
    'import os\n\n# c\n@dec(1)\nclass A(B):\n    """doc"""\n    def f(self, x: int = 2):\n        return g(x)[0]\n',
  ],
  [
    'typescript',
    "import { a } from './a';\n/** d */\nexport class C<T> extends D implements E {\n  m(x: T): void { f(x); }\n}\nconst g = () => 1;\n",
  ],
  ['go', 'package p\n\ntype S struct{ A int }\n\nfunc (s *S) M() error { return nil }\n'],
];

/** Every named node of the tree in document order, as SyntaxNode reports it. */
function namedNodes(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (node: SyntaxNode) => {
    found.push(node);
    for (const child of node.namedChildren) visit(child);
  };
  visit(root);
  return found;
}

function describeTable(table: NodeTable, node: number): string {
  const { typeName } = table.grammar;
  return `${typeName[table.type[node]!]} ${table.start[node]}-${table.end[node]}`;
}

describe('copyNamedNodes', () => {
  it.each(SAMPLES)(
    '%s: the same nodes, parents, siblings and fields as SyntaxNode',
    async (language, source) => {
      const tree = await parse(language, source);
      try {
        const table = copyNamedNodes(tree);
        const nodes = namedNodes(tree.rootNode);
        const index = new Map(nodes.map((node, at) => [node.id, at]));
        expect(table.count).toBe(nodes.length);
        const fields = [...table.grammar.fieldId.keys()];
        for (const [at, node] of nodes.entries()) {
          expect(describeTable(table, at)).toBe(`${node.type} ${node.startIndex}-${node.endIndex}`);
          expect(table.parent[at]).toBe(node.parent ? index.get(node.parent.id) : -1);
          expect(table.previousSibling[at]).toBe(
            node.previousNamedSibling ? index.get(node.previousNamedSibling.id) : -1,
          );
          expect(table.firstChild[at]).toBe(node.namedChildren[0] ? index.get(node.namedChildren[0].id) : -1);
          for (const field of fields) {
            const child = node.childForFieldName(field);
            if (!child?.isNamed) continue;
            expect(table.field[index.get(child.id)!]).toBe(table.grammar.fieldId.get(field));
          }
        }
      } finally {
        tree.delete();
      }
    },
  );
});

describe('table queries', () => {
  it('refuses what they do not understand', async () => {
    const grammar = grammarTables(await loadLanguage('python'));
    expect(compileTableQuery('(call function: (identifier) @f)', grammar)).toBeDefined();
    for (const unsupported of [
      '(call function: (identifier) @f (#eq? @f "x"))',
      '(call (_) @any)',
      '(call "(" @paren)',
      '(call (identifier)* @many)',
      '(call . (identifier) @first)',
      '(call !arguments)',
      '(no_such_node) @x',
    ]) {
      expect(compileTableQuery(unsupported, grammar), unsupported).toBeUndefined();
    }
  });

  it.each(SAMPLES)(
    '%s: the matches of the tags query, in the order Query.matches gives them',
    async (language, source) => {
      const grammar = await loadLanguage(language);
      const tags = querySource(language, 'tags')!;
      const query = compileTableQuery(tags, grammarTables(grammar))!;
      const tree = await parse(language, source);
      try {
        const table = copyNamedNodes(tree);
        const walked = tableMatches(table, query)!.map((match) => {
          const captures: string[] = [];
          for (let at = 0; at < match.captures.length; at += 2) {
            const node = match.captures[at + 1]!;
            captures.push(
              `${query.captureNames[match.captures[at]!]}=${table.start[node]}-${table.end[node]}`,
            );
          }
          return `${match.pattern} ${captures.sort().join(' ')}`;
        });
        const real = grammar.query(tags);
        const matched = real.matches(tree.rootNode).map(
          (match) =>
            `${match.pattern} ${match.captures
              .map((capture) => `${capture.name}=${capture.node.startIndex}-${capture.node.endIndex}`)
              .sort()
              .join(' ')}`,
        );
        real.delete();
        expect(walked.length).toBeGreaterThan(3);
        expect(walked).toEqual(matched);
      } finally {
        tree.delete();
      }
    },
  );
});
