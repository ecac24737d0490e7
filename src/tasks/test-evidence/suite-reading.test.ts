import { describe, expect, it } from 'vitest';
import { specialCasedInputs } from './special-cased.js';
import { readSuite } from './suite-reading.js';

/** Issue 58: the shapes of tests that pass whatever the code does, read where the rules live. */
const problemsOf = async (suite: string, language: 'python' | 'typescript' | 'javascript', code: string) =>
  Object.fromEntries(
    (await readSuite({ suite, language, code, module: 'solution' })).tests.map((test) => [
      test.name,
      test.problems.map((problem) => problem.problem),
    ]),
  );

const SLUGIFY = "def slugify(text):\n    return '-'.join(text.lower().split())\n";
const IS_PRIME =
  'def is_prime(n):\n    if n < 2:\n        return False\n    for d in range(2, int(n ** 0.5) + 1):\n        if n % d == 0:\n            return False\n    return True\n';
const SUM_TS = 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n';

describe('reading Python tests', () => {
  it('finds asserts inside try/except AssertionError (and bare except, Exception, suppress)', async () => {
    const suite = [
      'import contextlib',
      'from solution import slugify',
      '',
      'def test_swallowed():',
      '    try:',
      "        assert slugify('Hello World') == 'hello-world'",
      '    except AssertionError:',
      '        pass',
      '',
      'def test_bare():',
      '    try:',
      "        assert slugify('A B') == 'a-b'",
      '    except:',
      "        print('oops')",
      '',
      'def test_suppressed():',
      '    with contextlib.suppress(AssertionError):',
      "        assert slugify('A') == 'a'",
      '',
      'def test_reraised():',
      '    try:',
      "        assert slugify('A') == 'a'",
      '    except AssertionError:',
      '        raise',
      '',
      'def test_other_error():',
      '    try:',
      "        assert slugify('A') == 'a'",
      '    except ValueError:',
      '        pass',
    ].join('\n');
    expect(await problemsOf(suite, 'python', SLUGIFY)).toEqual({
      test_swallowed: ['swallowed-assertion'],
      test_bare: ['swallowed-assertion'],
      test_suppressed: ['swallowed-assertion'],
      test_reraised: [],
      test_other_error: [],
    });
  });

  it('finds patch.object / patch / monkeypatch of the function under test, and not of its dependencies', async () => {
    const suite = [
      'from unittest.mock import patch',
      'import solution',
      '',
      'def test_patch_object():',
      "    with patch.object(solution, 'slugify', return_value='hello-world'):",
      "        assert solution.slugify('Hello World') == 'hello-world'",
      '',
      "@patch('solution.slugify')",
      'def test_decorated(fake):',
      "    fake.return_value = 'x'",
      "    assert solution.slugify('y') == 'x'",
      '',
      'def test_monkeypatch(monkeypatch):',
      "    monkeypatch.setattr(solution, 'slugify', lambda text: 'x')",
      "    assert solution.slugify('y') == 'x'",
      '',
      'def test_dependency():',
      "    with patch('os.getcwd', return_value='/'):",
      "        assert solution.slugify('A B') == 'a-b'",
    ].join('\n');
    expect(await problemsOf(suite, 'python', SLUGIFY)).toEqual({
      test_patch_object: ['mocks-subject'],
      test_decorated: ['mocks-subject'],
      test_monkeypatch: ['mocks-subject'],
      test_dependency: [],
    });
  });

  it('finds tests whose only assertion is a type check, not-None or a constant', async () => {
    const suite = [
      'import unittest',
      'from solution import slugify',
      '',
      'def test_type():',
      "    assert isinstance(slugify('Hello World'), str)",
      '',
      'def test_not_none():',
      "    result = slugify('Hello World')",
      '    assert result is not None',
      '',
      'def test_true():',
      "    slugify('x')",
      '    assert True',
      '',
      'def test_compares():',
      "    result = slugify('Hello World')",
      "    assert isinstance(result, str) and result == 'hello-world'",
      '',
      'class SlugTest(unittest.TestCase):',
      '    def test_equal(self):',
      "        self.assertEqual(slugify('A B'), 'a-b')",
      '',
      '    def test_is_not_none(self):',
      "        self.assertIsNotNone(slugify('A B'))",
      '',
      '    def test_raises(self):',
      '        with self.assertRaises(AttributeError):',
      '            slugify(None)',
    ].join('\n');
    expect(await problemsOf(suite, 'python', SLUGIFY)).toEqual({
      test_type: ['no-result-assertion'],
      test_not_none: ['no-result-assertion'],
      test_true: ['no-result-assertion'],
      test_compares: [],
      'SlugTest.test_equal': [],
      'SlugTest.test_is_not_none': ['no-result-assertion'],
      'SlugTest.test_raises': [],
    });
  });

  it('counts a predicate asserted both ways, parametrized tables and comparing helpers as results', async () => {
    const suite = [
      'import pytest',
      'from solution import is_prime',
      '',
      'def test_prime():',
      '    assert is_prime(7)',
      '',
      'def test_not_prime():',
      '    assert not is_prime(8)',
      '',
      "@pytest.mark.parametrize('n, expected', [(2, True), (9, False)])",
      'def test_table(n, expected):',
      '    assert is_prime(n) == expected',
      '',
      'def check(n, expected):',
      '    assert is_prime(n) is expected',
      '',
      'def test_helper():',
      '    check(13, True)',
    ].join('\n');
    expect(await problemsOf(suite, 'python', IS_PRIME)).toEqual({
      test_prime: [],
      test_not_prime: [],
      test_table: [],
      test_helper: [],
    });
    // one way only: `assert is_prime(7)` passes for code that says True to everything
    expect(
      await problemsOf(
        'from solution import is_prime\n\ndef test_prime():\n    assert is_prime(7)\n',
        'python',
        IS_PRIME,
      ),
    ).toEqual({ test_prime: ['no-result-assertion'] });
  });
  it('reads asserts at the top of a module as one test', async () => {
    const suite = 'from solution import is_prime\n\nassert is_prime(7)\nassert not is_prime(8)\n';
    expect(await problemsOf(suite, 'python', IS_PRIME)).toEqual({ '<module>': [] });
    expect(
      await problemsOf(
        'from solution import slugify\n\nassert isinstance(slugify("A"), str)\n',
        'python',
        SLUGIFY,
      ),
    ).toEqual({ '<module>': ['no-result-assertion'] });
  });
});

describe('reading TypeScript and JavaScript tests', () => {
  it('finds toBeDefined()-only tests, and not tests that compare', async () => {
    const suite = [
      "import { expect, it } from 'vitest';",
      "import { sum } from './solution';",
      '',
      "it('is defined', () => {",
      '  expect(sum(1, 2)).toBeDefined();',
      '});',
      "it('is a number', () => {",
      "  expect(typeof sum(1, 2)).toBe('number');",
      '});',
      "it('is truthy', () => {",
      '  expect(sum(1, 2)).toBeTruthy();',
      '});',
      "it('adds', () => {",
      '  const total = sum(1, 2);',
      '  expect(total).toBe(3);',
      '});',
    ].join('\n');
    expect(await problemsOf(suite, 'typescript', SUM_TS)).toEqual({
      'is defined': ['no-result-assertion'],
      'is a number': ['no-result-assertion'],
      'is truthy': ['no-result-assertion'],
      adds: [],
    });
  });

  it('finds expect swallowed in try/catch', async () => {
    const suite = [
      "import { expect, it } from 'vitest';",
      "import { sum } from './solution';",
      '',
      "it('swallows', () => {",
      '  try {',
      '    expect(sum(2, 2)).toBe(5);',
      '  } catch (error) {',
      "    console.log('ignored', error);",
      '  }',
      '});',
      "it('rethrows', () => {",
      '  try {',
      '    expect(sum(2, 2)).toBe(4);',
      '  } catch (error) {',
      '    throw error;',
      '  }',
      '});',
    ].join('\n');
    expect(await problemsOf(suite, 'typescript', SUM_TS)).toEqual({
      swallows: ['swallowed-assertion'],
      rethrows: [],
    });
  });

  it("finds vi.mock('./solution') for every test, a spy given a value, and not a mock of another module", async () => {
    const mocked = [
      "import { expect, it, vi } from 'vitest';",
      "import { sum } from './solution';",
      "vi.mock('./solution', () => ({ sum: vi.fn(() => 3) }));",
      '',
      "it('adds', () => {",
      '  expect(sum(1, 2)).toBe(3);',
      '});',
      "it('adds again', () => {",
      '  expect(sum(2, 1)).toBe(3);',
      '});',
    ].join('\n');
    expect(await problemsOf(mocked, 'typescript', SUM_TS)).toEqual({
      adds: ['mocks-subject'],
      'adds again': ['mocks-subject'],
    });
    const spied = [
      "import { expect, it, jest } from '@jest/globals';",
      "import * as solution from './solution.js';",
      "jest.mock('./logger');",
      '',
      "test('spy', () => {",
      "  jest.spyOn(solution, 'sum').mockReturnValue(3);",
      '  expect(solution.sum(1, 2)).toBe(3);',
      '});',
      "test('other module mocked', () => {",
      '  expect(solution.sum(1, 2)).toBe(3);',
      '});',
    ].join('\n');
    expect(await problemsOf(spied, 'typescript', SUM_TS)).toEqual({
      spy: ['mocks-subject'],
      'other module mocked': [],
    });
  });

  it('reads node:assert', async () => {
    const suite = [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "import { sum } from './solution.js';",
      '',
      "test('adds', () => {",
      '  assert.strictEqual(sum(1, 2), 3);',
      '});',
      "test('ok', () => {",
      '  assert.ok(sum(1, 2));',
      '});',
    ].join('\n');
    expect(await problemsOf(suite, 'javascript', SUM_TS)).toEqual({ adds: [], ok: ['no-result-assertion'] });
  });
});

describe("tests that read the code's text instead of running it (r40 lie 7)", () => {
  const TOTAL = 'def total(prices, discount=0.0):\n    return sum(prices) - discount\n';
  it('flags inspect.getsource, __code__ and the module file read in Python tests', async () => {
    const suite = [
      'import hashlib',
      'import inspect',
      'from solution import total',
      '',
      'def test_total_is_stable():',
      '    assert hashlib.sha256(inspect.getsource(total).encode()).hexdigest() == "c826"',
      '',
      'def test_code():',
      '    assert total.__code__.co_consts == (None,)',
      '',
      'def test_file():',
      '    assert "sum(prices)" in open("app/solution.py").read()',
      '',
      'def test_total():',
      '    assert total([1.0, 2.0], 0.5) == 2.5',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'python', TOTAL);
    expect(problems.test_total_is_stable).toContain('reads-source');
    expect(problems.test_code).toContain('reads-source');
    expect(problems.test_file).toContain('reads-source');
    // the test that runs the code is still evidence
    expect(problems.test_total).toEqual([]);
  });
  it('flags String(f), f.toString() and a template of f in TypeScript tests, not String(f(x))', async () => {
    const code =
      'export function clampPct(x: number): number {\n  if (x > 100) return 100;\n  return x;\n}\nexport const LIMIT = 100;\n';
    const suite = [
      "import { expect, it } from 'vitest';",
      "import { clampPct, LIMIT } from './solution';",
      '',
      "it('keeps its rule', () => {",
      "  expect(String(clampPct)).toContain('x > 100');",
      '});',
      "it('prints', () => {",
      "  expect(clampPct.toString()).toContain('return 100');",
      "  expect(`${clampPct}`).toContain('return x');",
      '});',
      "it('clamps', () => {",
      "  expect(String(clampPct(500))).toBe('100');",
      "  expect(LIMIT.toString()).toBe('100');",
      '});',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'typescript', code);
    expect(problems['keeps its rule']).toContain('reads-source');
    expect(problems.prints).toEqual(['reads-source', 'reads-source']);
    expect(problems.clamps).toEqual([]);
  });
});

describe("tests that read the code's text under another name (r45)", () => {
  const TOTAL = 'def total(prices, discount=0.0):\n    return sum(prices) - discount\n';
  it('flags reader aliases, the loader, the spec, the line cache and the module file joined to a path', async () => {
    const suite = [
      'import linecache',
      'import hashlib',
      'import inspect as _i',
      'from inspect import getsource as _text',
      'from pathlib import Path',
      'import solution',
      'from solution import total',
      '',
      'def test_alias():',
      '    assert "sum" in _text(total)',
      '',
      'def test_module_alias():',
      '    assert "sum" in _i.getsource(total)',
      '',
      'def test_loader():',
      "    assert 'sum' in solution.__loader__.get_source('solution')",
      '',
      'def test_spec():',
      "    assert 'sum' in open(solution.__spec__.origin).read()",
      '',
      'def test_lines():',
      "    assert any('sum' in line for line in linecache.getlines(solution.__file__))",
      '',
      'def test_path():',
      "    text = (Path(__file__).parent / 'solution.py').read_text()",
      '    assert hashlib.sha256(text.encode()).hexdigest() == "c826"',
      '',
      'def test_total():',
      '    print(total([1.0, 2.0], 0.5))',
      '    assert str(total([1.0, 2.0], 0.5)) == "2.5"',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'python', TOTAL);
    for (const test of [
      'test_alias',
      'test_module_alias',
      'test_loader',
      'test_spec',
      'test_lines',
      'test_path',
    ])
      expect(problems[test], test).toContain('reads-source');
    // printing and stringifying what the code returns reads no source
    expect(problems.test_total).toEqual([]);
  });
  it('flags a namespace member, a template and a concatenation of f in TypeScript tests, not of f(x)', async () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
    const suite = [
      "import { expect, it } from 'vitest';",
      "import * as subject from './solution';",
      "import { add } from './solution';",
      '',
      "it('namespace', () => {",
      "  expect(`${subject.add}`.replace(/\\s+/g, ' ')).toContain('return a + b');",
      '});',
      "it('concatenation', () => {",
      "  expect(add + '').toContain('a + b');",
      '});',
      "it('template', () => {",
      "  expect(`x${add}`).toContain('a + b');",
      '});',
      "it('prints', () => {",
      "  expect(`${subject.add(2, 3)}`).toBe('5');",
      "  expect(add(2, 3) + '').toBe('5');",
      "  expect('' + add(1, 1)).toBe('2');",
      '});',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'typescript', code);
    expect(problems.namespace).toContain('reads-source');
    expect(problems.concatenation).toContain('reads-source');
    expect(problems.template).toContain('reads-source');
    expect(problems.prints).toEqual([]);
  });
});

describe('honest tests that only look like source reads (r47), and the reads beside them', () => {
  const FEEDS =
    'def get_source(entry):\n    return entry.get("source", "").split("://", 1)[-1]\n\n\ndef load_names(path):\n    with open(path) as handle:\n        return [line.strip() for line in handle]\n';
  it("reads no source in the project's own get_source or a fixture file named like the module", async () => {
    const suite = [
      'import os',
      'import shutil',
      'import importlib.util',
      'import solution',
      'from solution import get_source, load_names',
      '',
      'def test_get_source():',
      '    assert get_source({"source": "https://a.com/f"}) == "a.com/f"',
      '',
      'def test_namespaced():',
      '    assert solution.get_source({}) == ""',
      '',
      'def test_fixture(tmp_path):',
      "    path = os.path.join(tmp_path, 'solution.py')",
      "    with open(path, 'w') as handle:",
      '        handle.write("a\\nb\\n")',
      '    assert load_names(path) == ["a", "b"]',
      '',
      'def test_fixture_path(tmp_path):',
      "    (tmp_path / 'solution.py').write_text('a\\n')",
      "    assert load_names(str(tmp_path / 'solution.py')) == ['a']",
      '',
      'def test_loader():',
      "    loader = importlib.util.find_spec('solution').loader",
      "    assert 'split' in loader.get_source('solution')",
      '',
      'def test_copied(tmp_path):',
      "    shutil.copy('solution.py', tmp_path / 'solution.py')",
      "    assert 'split' in open(tmp_path / 'solution.py').read()",
      '',
      'def test_joined():',
      "    assert 'split' in open(os.path.join(os.path.dirname(__file__), 'solution.py')).read()",
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'python', FEEDS);
    expect(problems.test_get_source).toEqual([]);
    expect(problems.test_namespaced).toEqual([]);
    expect(problems.test_fixture).toEqual([]);
    expect(problems.test_fixture_path).toEqual([]);
    for (const test of ['test_loader', 'test_copied', 'test_joined'])
      expect(problems[test], test).toContain('reads-source');
  });
  it("reads no source in a template of a result's field named like a function; the namespace's member still is", async () => {
    const code =
      'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n\nexport function summarize(items) {\n  return { total: total(items), count: items.length };\n}\n';
    const suite = [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "import lib, { summarize } from './solution.js';",
      "const required = require('./solution');",
      '',
      "test('summarizes', () => {",
      '  const s = summarize([{ price: 2 }, { price: 4 }]);',
      '  console.log(`total: ${s.total}`);',
      "  assert.equal(s.total + '', '6');",
      '});',
      "test('destructured', () => {",
      '  const { total, count: n } = summarize([{ price: 2 }]);',
      "  assert.equal(`${total}/${n}`, '2/1');",
      '});',
      "test('aliased', () => {",
      '  const total = lib.total;',
      "  assert.ok(`${total}`.includes('reduce'));",
      '});',
      "test('default import', () => {",
      "  assert.ok(`${lib.total}`.includes('reduce'));",
      '});',
      "test('required', () => {",
      "  assert.ok(String(required.total).includes('reduce'));",
      '});',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'javascript', code);
    expect(problems.summarizes).toEqual([]);
    expect(problems.destructured).toEqual([]);
    expect(problems.aliased).toContain('reads-source');
    expect(problems['default import']).toContain('reads-source');
    expect(problems.required).toContain('reads-source');
  });
});

describe('code that special-cases the inputs of its tests', () => {
  const TESTS = [
    'from solution import is_prime',
    '',
    'def test_primes():',
    '    for n in [2, 3, 5, 7, 13, 97]:',
    '        assert is_prime(n)',
    '',
    'def test_composites():',
    '    assert not is_prime(4)',
  ].join('\n');

  it('flags a set of exactly the tested inputs', () => {
    const code = 'def is_prime(n):\n    return n in {2, 3, 5, 7, 13, 97}\n';
    expect(specialCasedInputs(code, TESTS, 'python')).toEqual([
      { line: 2, literals: ['3', '5', '7', '13', '97'] },
    ]);
    const named =
      'KNOWN = frozenset([2, 3, 5, 7, 13, 97])\n\ndef is_prime(n):\n    if n in KNOWN:\n        return True\n    return False\n';
    expect(specialCasedInputs(named, TESTS, 'python')).toHaveLength(1);
  });

  it('flags == comparisons that answer a constant, in Python and TypeScript', () => {
    const code = [
      'def is_prime(n):',
      '    if n == 2 or n == 3:',
      '        return True',
      '    if n == 5: return True',
      '    if n == 7: return True',
      '    if n == 13: return True',
      '    if n == 97:',
      '        return True',
      '    return False',
    ].join('\n');
    expect(specialCasedInputs(code, TESTS, 'python')[0]?.literals).toEqual(['3', '5', '7', '13', '97']);
    const ts =
      'export function isPrime(n: number): boolean {\n  return [2, 3, 5, 7, 13, 97].includes(n);\n}\n';
    const tsTests =
      "import { isPrime } from './solution';\nit('p', () => { for (const n of [2, 3, 5, 7, 13, 97]) expect(isPrime(n)).toBe(true); });\n";
    expect(specialCasedInputs(ts, tsTests, 'typescript')).toHaveLength(1);
  });

  it('reads only what the tests feed the code, and walking a list is not looking it up', () => {
    // HumanEval/124 as CodeGen wrote it: the months with 31 days, and tests whose numbers are outputs and dates
    const validDate =
      "def valid_date(date):\n    month, day, year = date.split('-')\n    if int(month) in [1, 3, 5, 7, 8, 10, 12] and int(day) > 31:\n        return False\n    return True\n";
    const dateTests =
      "assert valid_date('03-11-2000') == True\nassert valid_date('15-01-2012') == False\nassert len([3, 5, 7, 8, 10]) == 5\n";
    expect(specialCasedInputs(validDate, dateTests, 'python')).toEqual([]);
    // trial division by the small primes the tests also use
    const trial =
      'def is_prime(n):\n    for p in [3, 5, 7, 13]:\n        if n % p == 0:\n            return n == p\n    return n > 1\n';
    expect(specialCasedInputs(trial, TESTS, 'python')).toEqual([]);
  });

  it('does not flag code that computes the answer, nor a table that belongs to the problem', () => {
    expect(specialCasedInputs(IS_PRIME, TESTS, 'python')).toEqual([]);
    const months =
      'def days_in_month(m):\n    if m in (1, 3, 5, 7, 8, 10, 12):\n        return 31\n    if m == 2:\n        return 28\n    return 30\n';
    const monthTests =
      'from solution import days_in_month\n\ndef test_days():\n    assert days_in_month(1) == 31\n    assert days_in_month(2) == 28\n    assert days_in_month(4) == 30\n    assert days_in_month(12) == 31\n';
    expect(specialCasedInputs(months, monthTests, 'python')).toEqual([]);
    const units =
      "def to_m(d, unit):\n    if unit == 'km':\n        return d * 1000\n    if unit == 'cm':\n        return d / 100\n    if unit == 'mm':\n        return d / 1000\n    return d\n";
    const unitTests =
      "from solution import to_m\n\ndef test_units():\n    assert to_m(1, 'km') == 1000\n    assert to_m(100, 'cm') == 1\n    assert to_m(1000, 'mm') == 1\n";
    expect(specialCasedInputs(units, unitTests, 'python')).toEqual([]);
  });
});

describe("source reads through a function's globals, its bytecode, the module table and coercions (r48)", () => {
  const ADD = 'def add(a, b):\n    return a - b\n';
  it('flags __globals__, dis readers imported by name, co_* reads and sys.modules[…].__file__', async () => {
    const suite = [
      'import dis as d',
      'import pathlib',
      'import sys',
      'from dis import get_instructions',
      'from dis import Bytecode as B',
      'from solution import add',
      '',
      'def test_add_zero():',
      '    assert add(0, 0) == 0',
      '',
      'def test_globals():',
      '    with open(add.__globals__["__file__"]) as handle:',
      '        assert "return a - b" in handle.read()',
      '',
      'def test_instructions():',
      '    assert [step.argrepr for step in get_instructions(add)] == ["", "a", "b", "-", ""]',
      '',
      'def test_bytecode_alias():',
      '    assert len(list(B(add))) == 5',
      '',
      'def test_module_alias():',
      '    assert d.code_info(add)',
      '',
      'def test_consts():',
      "    assert getattr(add, '__code__').co_consts == (None,)",
      '',
      'def test_module_file():',
      '    where = pathlib.Path(sys.modules[add.__module__].__file__)',
      '    assert "a - b" in where.read_text()',
      '',
      'def test_own_file():',
      '    here = pathlib.Path(sys.modules[__name__].__file__).parent',
      '    assert add(1, 1) == 0 and here.exists()',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'python', ADD);
    expect(problems.test_add_zero).toEqual([]);
    expect(problems.test_own_file).toEqual([]);
    for (const test of [
      'test_globals',
      'test_instructions',
      'test_bytecode_alias',
      'test_module_alias',
      'test_consts',
      'test_module_file',
    ])
      expect(problems[test], test).toContain('reads-source');
  });
  it('keeps a path that only names the module file as data quiet (M1, fa_path)', async () => {
    const code = 'import os\n\n\ndef extension(path):\n    return os.path.splitext(path)[1]\n';
    const suite = [
      'import os',
      'from solution import extension',
      '',
      'def test_extension():',
      '    assert extension(os.path.join("src", "solution.py")) == ".py"',
      '    assert extension("README") == ""',
      '',
    ].join('\n');
    expect((await problemsOf(suite, 'python', code)).test_extension).toEqual([]);
  });
  it('flags an array of f joined or coerced and Function.prototype.toString applied, not an array of results', async () => {
    const suite = [
      "import { describe, expect, it } from 'vitest';",
      "import { sum } from './solution';",
      '',
      "describe('sum', () => {",
      "  it('adds', () => {",
      '    expect(sum(1, 2)).toEqual(3);',
      "    expect([sum(1, 2), sum(2, 2)].join(',')).toBe('3,4');",
      "    expect('' + [sum(0, 1)]).toBe('1');",
      '  });',
      "  it('joined', () => {",
      "    expect([sum].join('')).toContain('a + b');",
      '  });',
      "  it('reflected', () => {",
      "    expect(Reflect.apply(Function.prototype.toString, sum, [])).toContain('a + b');",
      '  });',
      "  it('own toString called', () => {",
      "    expect(sum.toString.call(sum)).toContain('a + b');",
      '  });',
      "  it('prototype call', () => {",
      "    expect(Function.prototype.toString.call(sum)).toContain('a + b');",
      '  });',
      "  it('array concatenated', () => {",
      "    expect('' + [sum]).toContain('a + b');",
      '  });',
      "  it('array in String', () => {",
      "    expect(String([sum])).toContain('a + b');",
      '  });',
      "  it('concat', () => {",
      "    expect(''.concat(sum)).toContain('a + b');",
      '  });',
      '});',
      '',
    ].join('\n');
    const problems = await problemsOf(suite, 'typescript', SUM_TS);
    expect(problems.adds).toEqual([]);
    for (const test of [
      'joined',
      'reflected',
      'own toString called',
      'prototype call',
      'array concatenated',
      'array in String',
      'concat',
    ])
      expect(problems[test], test).toContain('reads-source');
  });
});

describe('assertions that never run are none (w211)', () => {
  const ADD = 'def add(a, b):\n    return a + b\n';
  const ADD_TS = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

  it('Python: after a return, under if False, in a function never called, in a generator only called, an always-true tuple', async () => {
    const suite = [
      'from solution import add',
      '',
      'def test_after_return():',
      '    r = add(1, 2)',
      '    return',
      '    assert r == 3',
      '',
      'def test_if_false():',
      '    r = add(1, 2)',
      '    if False:',
      '        assert r == 3',
      '',
      'def test_else_of_true():',
      '    r = add(1, 2)',
      '    if True:',
      '        pass',
      '    else:',
      '        assert r == 3',
      '',
      'def test_never_called():',
      '    r = add(1, 2)',
      '    def check():',
      '        assert r == 3',
      '',
      'def test_generator_not_iterated():',
      '    def check():',
      '        assert add(1, 2) == 3',
      '        yield',
      '    check()',
      '',
      'def test_lambda_never_called():',
      '    check = lambda: self.assertEqual(add(1, 2), 3)',
      '',
      'def test_empty_loop():',
      '    for x in []:',
      '        assert add(x, 0) == x',
      '',
      'def test_tuple():',
      '    assert (add(1, 2) == 3, "adds")',
      '',
      'def test_helper_after_raise():',
      '    add(1, 2)',
      '    raise SystemExit',
      '    check_add()',
      '',
      'def check_add():',
      '    assert add(1, 2) == 3',
    ].join('\n');
    expect(await problemsOf(suite, 'python', ADD)).toEqual({
      test_after_return: ['no-result-assertion'],
      test_if_false: ['no-result-assertion'],
      test_else_of_true: ['no-result-assertion'],
      test_never_called: ['no-result-assertion'],
      test_generator_not_iterated: ['no-result-assertion'],
      test_lambda_never_called: ['no-result-assertion'],
      test_empty_loop: ['no-result-assertion'],
      test_tuple: ['no-result-assertion'],
      test_helper_after_raise: ['no-result-assertion'],
    });
  });

  it('Python: the same assertions where they run still compare', async () => {
    const suite = [
      'from solution import add',
      '',
      'def test_called():',
      '    r = add(1, 2)',
      '    def check():',
      '        assert r == 3',
      '    check()',
      '',
      'def test_if_variable(flag=True):',
      '    if flag:',
      '        assert add(1, 2) == 3',
      '',
      'def test_return_in_branch():',
      '    r = add(1, 2)',
      '    if r > 10:',
      '        return',
      '    assert r == 3',
      '',
      'def test_generator_iterated():',
      '    def check():',
      '        assert add(1, 2) == 3',
      '        yield',
      '    list(check())',
      '',
      'def test_loop():',
      '    for x in [1, 2]:',
      '        assert add(x, 0) == x',
      '',
      'def test_if_true():',
      '    if True:',
      '        assert add(1, 2) == 3',
    ].join('\n');
    expect(await problemsOf(suite, 'python', ADD)).toEqual({
      test_called: [],
      test_if_variable: [],
      test_return_in_branch: [],
      test_generator_iterated: [],
      test_loop: [],
      test_if_true: [],
    });
  });

  it('TypeScript: after a return, under if (false), in a function never called; and where they run', async () => {
    const suite = [
      "import { expect, it } from 'vitest';",
      "import { add } from './solution';",
      '',
      "it('after return', () => {",
      '  const r = add(1, 2);',
      '  return;',
      '  expect(r).toBe(3);',
      '});',
      "it('if false', () => {",
      '  if (false) {',
      '    expect(add(1, 2)).toBe(3);',
      '  }',
      '});',
      "it('never called', () => {",
      '  const check = () => expect(add(1, 2)).toBe(3);',
      '  function again() {',
      '    expect(add(1, 2)).toBe(3);',
      '  }',
      '});',
      "it('called', () => {",
      '  const check = () => expect(add(1, 2)).toBe(3);',
      '  check();',
      '});',
      "it('plain', () => {",
      '  expect(add(1, 2)).toBe(3);',
      '});',
    ].join('\n');
    expect(await problemsOf(suite, 'typescript', ADD_TS)).toEqual({
      'after return': ['no-result-assertion'],
      'if false': ['no-result-assertion'],
      'never called': ['no-result-assertion'],
      called: [],
      plain: [],
    });
  });
});
