import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../core/languages.js';
import { cutAtBlockEnd } from './block-end.js';
import { completionSyntax } from './completion-checks.js';
import { RecentTrees, type SplicedTrees, splicedTrees, warmTree } from './spliced-trees.js';

/**
 * After an edit inside one statement, `complete` parses only that statement (in a wrapper of its block's
 * kind) instead of reparsing the rest of the file. Each case opens a file (its whole tree kept, as the
 * language server does on open), edits it, and asks what a completion asks of the trees — the region
 * around the cursor with several answers, the cut, the syntax check — once through the edit and once
 * from the edited text parsed whole; the answers must be the same. Each case also names which way it
 * must take, so a shortcut that never fires (or fires where it must not) fails too.
 */

interface Case {
  name: string;
  language: LanguageId;
  original: string;
  /** the edited buffer, with `¦` at the cursor */
  edited: string;
  answers: string[];
  /** how the edited file's tree is had: the edited statement alone, or the whole file */
  parsed: 'piece' | 'whole';
}

const CLASS_PY = `import os


class Store:
    """Keeps things."""

    def get(self, key):
        value = self.items.get(key)
        return value

    # a comment between methods
    def put(self, key, value):
        self.items[key] = value
            # an indented comment after the body

    @property
    def size(self):
        return len(self.items)


# a comment at the top level
@register
def helper(x):
    return x + 1


def last():
    return 2
`;

const PY_ANSWERS = [
  'value = self.items.get(key)\n        return value\n\n    # a comment between methods\n    def put(self, key, value):\n',
  'return None',
  'return (\n',
  'x = 1\n    y = 2\n\ndef oops(:\n',
];

const MODULE_TS = `import { a } from './a';

export class Store {
  private items = new Map<string, number>();

  get(key: string): number | undefined {
    const value = this.items.get(key);
    return value;
  }

  put(key: string, value: number): void {
    this.items.set(key, value);
  }
}

// a comment at the top level
export function helper(x: number): number {
  return x + 1;
}

export const config = {
  name: 'x',
};
`;

const TS_ANSWERS = [
  'const value = this.items.get(key);\n    return value;\n  }\n\n  put(key: string, value: number): void {\n',
  'return undefined;',
  'return (\n',
  'return 1;\n  }\n}\n\nexport function extra() {\n',
];

const cursorAt = (edited: string) => {
  const at = edited.indexOf('¦');
  return { prefix: edited.slice(0, at), suffix: edited.slice(at + 1) };
};

const CASES: Case[] = [
  {
    name: 'a Python method whose body was removed',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('value = self.items.get(key)\n        return value', '¦'),
    answers: PY_ANSWERS,
    parsed: 'piece',
  },
  {
    name: 'a Python method followed by comments at two indentations, a line of it edited',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('self.items[key] = value\n', 'self.items[key] = value or None¦\n'),
    answers: ['', '\n        return value\n\n    @property\n', ' +'],
    parsed: 'piece',
  },
  {
    name: 'a decorated Python method (the decorator starts the statement)',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('return len(self.items)', '¦'),
    answers: ['return len(self.items)\n\n\n# a comment at the top level\n@register\n', 'pass'],
    parsed: 'piece',
  },
  {
    name: 'a decorated top-level Python function after a top-level comment',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('    return x + 1\n', '    ¦\n'),
    answers: ['return x + 1\n\n\ndef last():\n    return 2\n', 'return x', 'return [x,\n'],
    parsed: 'piece',
  },
  {
    name: 'the last Python function, its body removed up to the end of the file',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('    return 2\n', '    ¦'),
    answers: ['return 2\n', 'return 2\n\n\ndef more():\n    pass\n'],
    parsed: 'piece',
  },
  {
    name: 'a Python edit across two methods (the class they are in)',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace(
      'return value\n\n    # a comment between methods\n    def put(self, key, value):\n        self.items',
      '¦self.items',
    ),
    answers: PY_ANSWERS,
    parsed: 'piece',
  },
  {
    name: 'a Python edit across two top-level statements (the whole file)',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('return x + 1\n\n\ndef last():\n    return 2', 'return ¦2'),
    answers: ['x + 1', 'x + 1\n\n\ndef last():\n'],
    parsed: 'whole',
  },
  {
    name: 'a Python edit that breaks the syntax (the statement does not parse: the whole file)',
    language: 'python',
    original: CLASS_PY,
    edited: CLASS_PY.replace('return value\n', 'return (¦\n'),
    answers: ['value)', 'value', ')\n\n    def put(self):\n'],
    parsed: 'whole',
  },
  {
    name: 'a Python edit in a file that had a syntax error already (the whole file)',
    language: 'python',
    original: CLASS_PY.replace('return len(self.items)', 'return len(self.items'),
    edited: CLASS_PY.replace('return len(self.items)', 'return len(self.items').replace(
      '        return value\n',
      '        ¦\n',
    ),
    answers: PY_ANSWERS,
    parsed: 'whole',
  },
  {
    name: 'a Python edit that joins a statement with the next line (the whole file)',
    language: 'python',
    original: 'def f():\n    return 1\n\nx = 1\ny = 2\n',
    edited: 'def f():\n    return 1\n\nx = 1¦y = 2\n',
    answers: ['\n', '+ 1\n'],
    parsed: 'whole',
  },
  {
    name: 'a TypeScript method whose body was removed',
    language: 'typescript',
    original: MODULE_TS,
    edited: MODULE_TS.replace('const value = this.items.get(key);\n    return value;', '¦'),
    answers: TS_ANSWERS,
    parsed: 'piece',
  },
  {
    name: 'a top-level TypeScript function after a comment, its body replaced',
    language: 'typescript',
    original: MODULE_TS,
    edited: MODULE_TS.replace('return x + 1;', '¦'),
    answers: ['return x + 1;\n}\n\nexport const config = {\n', 'return x;', 'return (x +\n'],
    parsed: 'piece',
  },
  {
    name: 'a TypeScript object literal edited',
    language: 'typescript',
    original: MODULE_TS,
    edited: MODULE_TS.replace("name: 'x',", '¦'),
    answers: ["name: 'x',\n};\n", "name: 'y',", 'name: (\n'],
    parsed: 'piece',
  },
  {
    name: 'a TypeScript statement left without its semicolon before one starting with `(` (automatic semicolons: the function they are in)',
    language: 'typescript',
    original: 'function f() {\n  let a = 1;\n  let b = a;\n  (g as any)();\n  let c = 2;\n}\n',
    edited: 'function f() {\n  let a = 1;\n  let b = a¦\n  (g as any)();\n  let c = 2;\n}\n',
    answers: ['', ' + 1', ';', ';\n  (g as any)();\n}\n'],
    parsed: 'piece',
  },
  {
    name: 'TypeScript statements on one line (the function they are in)',
    language: 'typescript',
    original: 'function f() {\n  a(); b();\n}\n',
    edited: 'function f() {\n  a(1¦); b();\n}\n',
    answers: ['1', ', 2', ', (\n'],
    parsed: 'piece',
  },
  {
    name: 'a TypeScript edit that leaves a brace open (the whole file)',
    language: 'typescript',
    original: MODULE_TS,
    edited: MODULE_TS.replace('return x + 1;', 'if (x) {¦'),
    answers: ['\n    return x;\n  }', 'return x;'],
    parsed: 'whole',
  },
];

/** What a completion reads of the trees for an answer: the region, the cut, the syntax check. */
function readings(trees: SplicedTrees, language: LanguageId, prefix: string, suffix: string, answer: string) {
  const region = trees.region(answer);
  const regionSeen = region && {
    clean: region.clean,
    rowOffset: region.rowOffset,
    wrapper: region.wrapper?.type ?? null,
    tree: region.tree.rootNode.toString(),
  };
  region?.tree.delete();
  const cut = cutAtBlockEnd({ trees, prefix, completion: answer, suffix });
  const syntax = completionSyntax({ language, path: 'x', prefix, completion: cut.completion, suffix }, trees);
  return { region: regionSeen ?? null, cut, syntax: { ...syntax, durationMs: 0 } };
}

/** the recent trees of a face's session, as completions in one editor have them */
const recent = new RecentTrees();

describe('splicedTrees after an edit', () => {
  for (const [index, item] of CASES.entries())
    it(`reads ${item.name} as the whole parse does`, async () => {
      const { prefix, suffix } = cursorAt(item.edited);
      const key = `spliced-trees-test:${index}`;
      await warmTree({ recent, language: item.language, key, text: item.original });
      const trees = await splicedTrees({ language: item.language, recent, key, prefix, suffix });
      const reference = await splicedTrees({
        language: item.language,
        recent: undefined,
        key: `${key}:reference`,
        prefix,
        suffix,
      });
      try {
        expect(trees.parsed).toBe(item.parsed);
        expect(reference.parsed).toBe('whole');
        for (const answer of item.answers)
          expect(readings(trees, item.language, prefix, suffix, answer)).toEqual(
            readings(reference, item.language, prefix, suffix, answer),
          );
        // and the whole tree, when something asks for it, is the edited file's
        expect(trees.before.rootNode.toString()).toBe(reference.before.rootNode.toString());
      } finally {
        trees.delete();
        reference.delete();
      }
    });

  it("reads the cursor's block from the whole tree when the cursor is outside the edited statement", async () => {
    const key = 'spliced-trees-test:elsewhere';
    await warmTree({ recent, language: 'python', key, text: CLASS_PY });
    const edited = CLASS_PY.replace('return value\n', 'return value + 1\n');
    const at = edited.indexOf('return len(self.items)');
    const trees = await splicedTrees({
      language: 'python',
      recent,
      key,
      prefix: edited.slice(0, at),
      suffix: edited.slice(at),
    });
    const reference = await splicedTrees({
      language: 'python',
      recent: undefined,
      key: `${key}:reference`,
      prefix: edited.slice(0, at),
      suffix: edited.slice(at),
    });
    try {
      expect(trees.parsed).toBe('piece');
      expect(readings(trees, 'python', edited.slice(0, at), edited.slice(at), 'return 0\n')).toEqual(
        readings(reference, 'python', edited.slice(0, at), edited.slice(at), 'return 0\n'),
      );
    } finally {
      trees.delete();
      reference.delete();
    }
  });

  it('reuses the tree when the text did not change', async () => {
    const key = 'spliced-trees-test:unchanged';
    await warmTree({ recent, language: 'python', key, text: CLASS_PY });
    const at = CLASS_PY.indexOf('return value');
    const trees = await splicedTrees({
      language: 'python',
      recent,
      key,
      prefix: CLASS_PY.slice(0, at),
      suffix: CLASS_PY.slice(at),
    });
    try {
      expect(trees.parsed).toBe('unchanged');
    } finally {
      trees.delete();
    }
  });
});
