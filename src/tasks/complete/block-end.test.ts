import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { cutAtBlockEnd, cutAtBlockEndByFullParse } from './block-end.js';
import { completionSyntax, completionSyntaxByFullParse } from './completion-checks.js';
import { RecentTrees, splicedTrees } from './spliced-trees.js';

/**
 * The cut `complete` makes reads only the statements around the cursor (a region parsed on its own) when
 * that region parses cleanly; it must stop where the whole file parsed with the whole answer stops, and
 * judge the syntax as the whole-file check does. Each case here names the cut it expects, so that both
 * ways agreeing on a wrong cut fails too; bench/tasks/cut-equivalence.ts runs the same comparison on
 * thousands of cursors in real code.
 */

interface Case {
  name: string;
  language: LanguageId;
  /** the buffer, with `¦` at the cursor */
  buffer: string;
  answer: string;
  expected: { completion: string; cut?: string };
  /** whether the cursor's region with the cut answer stands in for the file (the syntax check's cheap way) */
  region: boolean;
}

const CLASS_PY = `import os


class Store:
    """Keeps things."""

    def get(self, key):
        ¦

    def put(self, key, value):
        """Store a value.

        Long description.
        """
        self.items[key] = value
`;

const CASES: Case[] = [
  {
    name: 'a Python method whose answer runs into the next method and stops inside its docstring',
    language: 'python',
    buffer: CLASS_PY,
    answer:
      'value = self.items.get(key)\n        return value\n\n    def put(self, key, value):\n        """Store a value.\n\n',
    expected: { completion: 'value = self.items.get(key)\n        return value', cut: 'block-end' },
    region: true,
  },
  {
    name: 'a decorated top-level Python function',
    language: 'python',
    buffer: '@register.tag(name="x")\ndef tag(parser, token):\n    ¦\n\n\ndef other():\n    return 1\n',
    answer: 'return Node(\n        parser, token,\n    )\n\n\ndef other():\n',
    expected: { completion: 'return Node(\n        parser, token,\n    )', cut: 'block-end' },
    region: true,
  },
  {
    name: 'a nested Python function, the answer going on in the outer one',
    language: 'python',
    buffer: 'def outer(items):\n    def inner(item):\n        ¦\n    return [inner(i) for i in items]\n',
    answer: 'return item * 2\n    return [inner(i) for i in items]\n\n\ndef more():\n',
    expected: { completion: 'return item * 2', cut: 'block-end' },
    region: true,
  },
  {
    name: 'the middle of a Python function body, the answer running on to the next definition',
    language: 'python',
    buffer: 'def total(items):\n    result = 0\n    ¦\n\n\ndef other():\n    return 1\n',
    answer: 'for item in items:\n        result += item\n    return result\n\n\ndef other():\n    """Doc\n',
    expected: {
      completion: 'for item in items:\n        result += item\n    return result',
      cut: 'block-end',
    },
    region: true,
  },
  {
    name: 'the middle of a Python function body, the answer running on into a whole next definition',
    language: 'python',
    buffer: 'def total(items):\n    result = 0\n    ¦\n\n\ndef other():\n    return 1\n',
    answer: 'for item in items:\n        result += item\n    return result\n\n\ndef other():\n    return 1\n',
    expected: {
      completion: 'for item in items:\n        result += item\n    return result',
      cut: 'block-end',
    },
    region: true,
  },
  {
    name: 'the middle of a Python function body with more of it after the cursor, the answer dedenting',
    language: 'python',
    buffer: 'def total(items):\n    result = 0\n    ¦\n    print(result)\n\n\ndef other():\n    return 1\n',
    answer: 'for item in items:\n        result += item\n    return result\n\n\ndef more():\n    return 2\n',
    expected: {
      completion: 'for item in items:\n        result += item\n    return result',
      cut: 'block-end',
    },
    region: true,
  },
  {
    name: 'a Python function body after comment lines (the comments hang on the module)',
    language: 'python',
    buffer: 'def T(j, bias):\n    # parameters: tmin = 1, tmax = 26\n    ¦\n\ndigits = b"abc"\n',
    answer:
      'res = 36 * (j + 1) - bias\n    if res < 1: return 1\n    return res\n\ndigits = b"abc"\ndef g(N):\n',
    expected: {
      completion: 'res = 36 * (j + 1) - bias\n    if res < 1: return 1\n    return res',
      cut: 'block-end',
    },
    region: true,
  },
  {
    name: 'a Python top-level statement, the answer writing two',
    language: 'python',
    buffer: 'import os\n¦\n\ndef main():\n    pass\n',
    answer: 'ROOT = os.getcwd()\nHOME = os.environ["HOME"]\n',
    expected: { completion: 'ROOT = os.getcwd()', cut: 'statement-end' },
    region: true,
  },
  {
    name: 'a Python body with an unbalanced bracket (a real syntax error)',
    language: 'python',
    buffer: CLASS_PY,
    answer: 'value = self.items.get(key\n        return value\n\n    def put(self, key, value):\n',
    expected: {
      completion: 'value = self.items.get(key\n        return value\n\n    def put(self, key, value):',
    },
    region: false,
  },
  {
    name: 'a TypeScript method whose answer runs into the next method, left open',
    language: 'typescript',
    buffer:
      'export class Store {\n  private items = new Map<string, number>();\n\n  get(key: string): number | undefined {\n    ¦\n  }\n\n  put(key: string, value: number): void {\n    this.items.set(key, value);\n  }\n}\n',
    answer:
      'return this.items.get(key);\n  }\n\n  put(key: string, value: number): void {\n    this.items.set(`${key\n',
    expected: { completion: 'return this.items.get(key);', cut: 'suffix-bracket' },
    region: true,
  },
  {
    name: 'a TypeScript arrow function at the top level',
    language: 'typescript',
    buffer:
      'export const double = (n: number): number => {\n  ¦\n};\n\nexport const half = (n: number) => n / 2;\n',
    answer: 'const twice = n * 2;\n  return twice;\n};\n\nexport const triple = (n: number) => {\n',
    expected: { completion: 'const twice = n * 2;\n  return twice;', cut: 'suffix-bracket' },
    region: true,
  },
  {
    name: 'a TypeScript statement the next one could continue (no semicolon)',
    language: 'typescript',
    buffer: 'function run(): void {\n  ¦\n  (globalThis as any).done = true;\n}\n',
    answer: 'const value = compute()\n  console.log(value)\n',
    expected: { completion: 'const value = compute()\n  console.log(value)' },
    region: true,
  },
  {
    name: 'a TypeScript object literal (its region: the top-level statement)',
    language: 'typescript',
    buffer: 'export const config = {\n  ¦\n};\n\nexport function use() {}\n',
    answer: "name: 'x',\n  size: 2,\n};\n\nexport function other() {\n",
    expected: { completion: "name: 'x',\n  size: 2,", cut: 'suffix-bracket' },
    region: true,
  },
];

/** the recent trees of a face's session, as a completion has them */
const recent = new RecentTrees();

const withoutTime = (result: { durationMs: number }) => ({ ...result, durationMs: 0 });

describe('cutAtBlockEnd', () => {
  for (const item of CASES)
    it(`cuts ${item.name} as the whole-file parse does`, async () => {
      const at = item.buffer.indexOf('¦');
      const prefix = item.buffer.slice(0, at);
      const suffix = item.buffer.slice(at + 1);
      const key = `block-end-test:${item.name}`;
      const reference = await splicedTrees({
        language: item.language,
        recent: undefined,
        key: `${key}:reference`,
        prefix,
        suffix,
      });
      const trees = await splicedTrees({ language: item.language, recent, key, prefix, suffix });
      try {
        const expected = cutAtBlockEndByFullParse({
          trees: reference,
          prefix,
          completion: item.answer,
          suffix,
        });
        const cut = cutAtBlockEnd({ trees, prefix, completion: item.answer, suffix });
        expect(expected).toEqual(item.expected);
        expect(cut).toEqual(expected);
        const file = { language: item.language, path: 'x', prefix, completion: cut.completion, suffix };
        expect(withoutTime(completionSyntax(file, trees))).toEqual(
          withoutTime(completionSyntaxByFullParse(file, reference)),
        );
        // the syntax check takes the way the case was written for
        const region = trees.region(cut.completion);
        region?.tree.delete();
        expect(region?.clean ?? false).toBe(item.region);
      } finally {
        reference.delete();
        trees.delete();
      }
    });
});
