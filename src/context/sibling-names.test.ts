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
    const names = siblingNames(store, {
      path: 'db/c.py',
      enclosing: { name: 'as_sql', line: 2 },
      ancestors: new Set(),
    });
    // a name every sibling uses counts 0.8, one half of them use 0.4
    expect(names).toEqual([
      { name: 'compile_it', weight: 0.8, line: 0 },
      { name: 'quote', weight: 0.4, line: 0 },
    ]);
    // merged into the identifiers near the cursor, summed where both name one
    expect(withSiblingNames([{ name: 'quote', weight: 1, line: 3 }], names)).toEqual([
      { name: 'quote', weight: 1.4, line: 3 },
      { name: 'compile_it', weight: 0.8, line: 0 },
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
    expect(
      siblingNames(store, { path: 'cursor.py', enclosing: at, ancestors: new Set(['Base']) }).map(
        (entry) => entry.name,
      ),
    ).toEqual(['setup']);
    expect(siblingNames(store, { path: 'cursor.py', enclosing: at, ancestors: new Set() })).toEqual([]);
  });

  it('past a dozen definitions, reads the same method of sibling classes, the nearest first', async () => {
    const files: Record<string, string> = {
      'directives/base.py': 'class Directive:\n    def run(self):\n        raise NotImplementedError\n',
      'directives/states.py': 'class State:\n    def nested_parse(self, text):\n        return text\n',
      'directives/figure.py':
        'from directives.base import Directive\n\nclass Figure(Directive):\n    def run(self):\n        \n',
    };
    // two other directives nearby call nested_parse in their run; thirteen unrelated classes define run
    for (const name of ['Image', 'Table'])
      files[`directives/${name.toLowerCase()}.py`] =
        `from directives.base import Directive\n\nclass ${name}(Directive):\n    def run(self):\n        return self.state.nested_parse(self.text)\n`;
    for (let index = 0; index < 13; index++)
      files[`jobs/job_${index}.py`] =
        `def noise_${index}():\n    pass\n\nclass Job${index}:\n    def run(self):\n        return noise_${index}()\n`;
    const store = await fixtures.indexed(fixtures.project('vouch-siblings-', files));
    const at = { name: 'run', line: 4 };
    const names = siblingNames(store, {
      path: 'directives/figure.py',
      enclosing: at,
      ancestors: new Set(['Directive']),
      bases: ['Directive'],
    });
    expect(names.map((entry) => entry.name)).toContain('nested_parse');
    expect(names.some((entry) => entry.name.startsWith('noise_'))).toBe(false);
    // the share is over the method overridden and the two sibling classes' (nested_parse: two of three)
    expect(names.find((entry) => entry.name === 'nested_parse')?.weight).toBeCloseTo((0.8 * 2) / 3);
  });

  it('past a dozen definitions, reads the same module-level function of the nearest modules', async () => {
    const files: Record<string, string> = {
      'plugins/argparsing.py': 'class Parser:\n    def addoption(self, *names):\n        pass\n',
      'plugins/mine.py': 'def pytest_addoption(parser):\n    \n',
    };
    for (let index = 0; index < 13; index++)
      files[`plugins/hook_${index}.py`] =
        `def pytest_addoption(parser):\n    parser.addoption("--x${index}")\n`;
    // a method of the same name in a class is no module's hook
    files['other/holder.py'] = 'class Holder:\n    def pytest_addoption(self):\n        return 1\n';
    const store = await fixtures.indexed(fixtures.project('vouch-siblings-', files));
    const names = siblingNames(store, {
      path: 'plugins/mine.py',
      enclosing: { name: 'pytest_addoption', line: 1 },
      ancestors: new Set(),
    });
    expect(names.map((entry) => entry.name)).toEqual(['addoption']);
    expect(names[0]!.weight).toBeCloseTo(0.8);
  });
});
