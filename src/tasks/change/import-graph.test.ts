import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../debug/attempt.js';
import { weakeningsOf } from './attempt.js';
import { filesReaching, importedFiles } from './import-graph.js';

/** How `change` picks the tests that reach a change, and what it counts as editing the project's tests. */

const PROJECT: Record<string, string> = {
  'shop/__init__.py': '',
  'shop/pricing.py': 'DISCOUNTS = {}\n',
  'shop/cart.py': 'from shop.pricing import DISCOUNTS\n',
  'shop/report.py': 'from . import pricing\n',
  'shop/names.py': 'import re\n\n\ndef setup():\n    from shop import report\n',
  'tests/test_cart.py': 'from shop.cart import Cart\n',
  'tests/test_report.py': 'import shop.report\n',
  'tests/test_names.py': 'from shop.names import slug\n',
  'src/cart.ts': "import { subtotal } from './pricing.js';\n",
  'src/pricing.ts': 'export const subtotal = 1;\n',
  'src/cart.test.ts': "import { Cart } from './cart';\n",
  'src/index.ts': "export * from './cart.js';\n",
};
const exists = (path: string) => path in PROJECT;

describe('the import graph', () => {
  it("resolves Python's absolute, relative and package imports to the project's files", () => {
    expect(importedFiles('shop/cart.py', PROJECT['shop/cart.py']!, exists)).toEqual([
      'shop/pricing.py',
      'shop/__init__.py',
    ]);
    // `from . import pricing`: the package's __init__ runs first, then the module
    expect(importedFiles('shop/report.py', PROJECT['shop/report.py']!, exists).sort()).toEqual([
      'shop/__init__.py',
      'shop/pricing.py',
    ]);
    // an import inside a function runs when it is called, not when the module is imported
    expect(importedFiles('shop/names.py', PROJECT['shop/names.py']!, exists)).toEqual([]);
  });

  it('resolves relative TypeScript imports written with .js, without an extension, and re-exports', () => {
    expect(importedFiles('src/cart.ts', PROJECT['src/cart.ts']!, exists)).toEqual(['src/pricing.ts']);
    expect(importedFiles('src/cart.test.ts', PROJECT['src/cart.test.ts']!, exists)).toEqual(['src/cart.ts']);
    expect(importedFiles('src/index.ts', PROJECT['src/index.ts']!, exists)).toEqual(['src/cart.ts']);
  });

  it('finds the test files that reach a changed file through other modules, and not the others', () => {
    const reached = filesReaching(Object.keys(PROJECT), (path) => PROJECT[path], ['shop/pricing.py']);
    expect(reached.has('tests/test_cart.py')).toBe(true);
    expect(reached.has('tests/test_report.py')).toBe(true);
    expect(reached.has('tests/test_names.py')).toBe(false);
    const typescript = filesReaching(Object.keys(PROJECT), (path) => PROJECT[path], ['src/pricing.ts']);
    expect([...typescript].sort()).toEqual([
      'src/cart.test.ts',
      'src/cart.ts',
      'src/index.ts',
      'src/pricing.ts',
    ]);
  });
});

const changed = (path: string, text: string, after: string): ChangedFile => ({
  path,
  language: 'python',
  text,
  after,
  baseHash: text ? 'hash' : '',
});
const TEST = 'from shop.cart import Cart\n\n\ndef test_total():\n    assert Cart().total() == 0\n';

describe("the project's tests, as a change may touch them", () => {
  it('a changed assertion of an existing test is an edit of the tests', () => {
    expect(weakeningsOf([changed('tests/test_cart.py', TEST, TEST.replace('== 0', '== 1'))])).toEqual([
      { path: 'tests/test_cart.py', changes: ['changes 1 assertion(s): `assert Cart().total() == 0`'] },
    ]);
  });

  it('a new test function with pytest.raises added to an existing file is not', () => {
    const added = `${TEST}\n\ndef test_bad_code():\n    with pytest.raises(ValueError):\n        Cart().apply_code("NOPE")\n`;
    expect(weakeningsOf([changed('tests/test_cart.py', TEST, added)])).toEqual([]);
  });

  it('a skip mark added above an existing test is', () => {
    const skipped = TEST.replace('def test_total', '@pytest.mark.skip\ndef test_total');
    expect(weakeningsOf([changed('tests/test_cart.py', TEST, skipped)])[0]?.changes).toEqual([
      'marks a test skip or xfail',
    ]);
  });

  it('a new test file is judged by running it on the old code, a new conftest.py is test configuration', () => {
    expect(weakeningsOf([changed('tests/test_new.py', '', 'def test_x():\n    assert True\n')])).toEqual([]);
    expect(weakeningsOf([changed('conftest.py', '', 'import pytest\n')])[0]?.path).toBe('conftest.py');
  });
});
