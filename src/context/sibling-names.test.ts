import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { enclosingFunction, siblingNames, withSiblingNames } from './sibling-names.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

describe('enclosingFunction', () => {
  it('finds the header the cursor is written under, in Python and TypeScript', () => {
    const python = [
      'class C(Base):',
      '    def as_sql(self, compiler):',
      '',
      '    def other(self):',
      '        pass',
    ];
    // the cursor on the body's first line, still empty, and on a line below the header
    expect(enclosingFunction(python, 3)).toEqual({ name: 'as_sql', line: 2 });
    expect(enclosingFunction(python, 5)).toEqual({ name: 'other', line: 4 });
    // at class level, between methods, there is none
    expect(enclosingFunction(['class C:', '    x = 1', '    y = 2'], 3)).toBeUndefined();
    const script = [
      'export async function load(path: string): Promise<void> {',
      '  const a = 1;',
      '  if (a) {',
      '    ',
    ];
    expect(enclosingFunction(script, 4)).toEqual({ name: 'load', line: 1 });
    expect(enclosingFunction(['class A {', '  private render(value: string): string {', '    '], 3)).toEqual({
      name: 'render',
      line: 2,
    });
  });
});

describe('siblingNames', () => {
  it('weights what the other definitions of the function being written use by their share', async () => {
    const root = fixtures.project('vouch-siblings-', {
      'db/compile.py': 'def compile_it(node):\n    return node\n\ndef quote(name):\n    return name\n',
      'db/a.py':
        'from db.compile import compile_it\n\nclass A:\n    def as_sql(self):\n        return compile_it(self)\n',
      'db/b.py':
        'from db.compile import compile_it, quote\n\nclass B:\n    def as_sql(self):\n        return compile_it(self) + quote("b")\n',
      'db/c.py': 'class C:\n    def as_sql(self):\n        \n',
    });
    const store = await fixtures.indexed(root);
    const names = siblingNames(store, 'db/c.py', { name: 'as_sql', line: 2 }, new Set());
    expect(names).toEqual([
      { name: 'compile_it', weight: 0.4, line: 0 },
      { name: 'quote', weight: 0.2, line: 0 },
    ]);
    // merged into the identifiers near the cursor, summed where both name one
    expect(withSiblingNames([{ name: 'quote', weight: 1, line: 3 }], names)).toEqual([
      { name: 'quote', weight: 1.2, line: 3 },
      { name: 'compile_it', weight: 0.4, line: 0 },
    ]);
  });

  it('past a dozen definitions of the name, reads only those in the cursor’s class’s bases', async () => {
    const files: Record<string, string> = {
      'base.py': 'def setup():\n    pass\n\nclass Base:\n    def save(self):\n        return setup()\n',
      'cursor.py': 'from base import Base\n\nclass Mine(Base):\n    def save(self):\n        \n',
    };
    for (let index = 0; index < 13; index++)
      files[`other_${index}.py`] =
        `def noise_${index}():\n    pass\n\nclass O${index}:\n    def save(self):\n        return noise_${index}()\n`;
    const store = await fixtures.indexed(fixtures.project('vouch-siblings-', files));
    const at = { name: 'save', line: 4 };
    expect(siblingNames(store, 'cursor.py', at, new Set(['Base'])).map((entry) => entry.name)).toEqual([
      'setup',
    ]);
    expect(siblingNames(store, 'cursor.py', at, new Set())).toEqual([]);
  });
});
