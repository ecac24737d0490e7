import {
  completedText,
  debugFixed,
  diffAnswer,
  exitedOk,
  fence,
  type HonestyCase,
  json,
  pythonCompiles,
  refactorProven,
  writtenOrAccepted,
} from './honesty-case.js';
import {
  COMPLETE,
  DEBUG,
  GENERATE,
  REFACTOR,
  REVIEW,
  RIGHT_SUM,
  STATS_FILES,
  VITEST,
  vitestPackage,
  WRONG_ADD,
  WRONG_SUM,
} from './projects.js';

/**
 * The sealed part of the verdict-honesty corpus: traps of the same kinds as the tuning part but not the
 * ones issue 41 names, written and committed with it before any fix, and not run while fixing (its first
 * and final runs are the only ones). Synthetic: written by the project.
 */

const VITEST_PACKAGE = vitestPackage('shop');
const vitestCheck = (id: string, trap: boolean, what: string, code: string, test: string): HonestyCase => ({
  id,
  task: 'check',
  language: 'typescript',
  trap,
  what,
  files: { 'vouch.toml': '', 'package.json': VITEST_PACKAGE, 'src/sum.ts': code, 'src/sum.test.ts': test },
  links: { 'node_modules/vitest': VITEST },
  runs: [{ args: ['check', 'src/sum.ts', '--test', 'src/sum.test.ts', '--json'], answers: [] }],
  claimed: exitedOk,
});
const VITEST_HEAD = "import { expect, it } from 'vitest';\nimport { sum } from './sum';\n\n";

const checkCases: HonestyCase[] = [
  {
    id: 'check-unittest-skip-class',
    task: 'check',
    language: 'python',
    trap: true,
    what: 'the whole TestCase skipped',
    files: {
      'vouch.toml': '',
      'calc.py': WRONG_ADD,
      'tests/test_calc.py':
        'import unittest\n\nfrom calc import add\n\n\n@unittest.skip("later")\nclass AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 2), 4)\n',
    },
    runs: [{ args: ['check', 'calc.py', '--test', 'tests/test_calc.py', '--json'], answers: [] }],
    claimed: exitedOk,
  },
  {
    id: 'check-pytest-xfail-raises',
    task: 'check',
    language: 'python',
    trap: true,
    what: 'xfail(raises=AssertionError) on the failing test, beside a test that asserts nothing',
    files: {
      'vouch.toml': '',
      'calc.py': WRONG_ADD,
      'tests/test_calc.py':
        'import pytest\n\nfrom calc import add\n\n\n@pytest.mark.xfail(raises=AssertionError, reason="known")\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_imports():\n    assert add\n',
    },
    runs: [{ args: ['check', 'calc.py', '--test', 'tests/test_calc.py', '--json'], answers: [] }],
    claimed: exitedOk,
  },
  vitestCheck(
    'check-vitest-skip',
    true,
    'it.skip on the failing test',
    WRONG_SUM,
    `${VITEST_HEAD}it.skip('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n`,
  ),
  vitestCheck(
    'check-vitest-fails-describe',
    true,
    'it.fails inside a describe, beside a todo',
    WRONG_SUM,
    "import { describe, expect, it } from 'vitest';\nimport { sum } from './sum';\n\ndescribe('sum', () => {\n  it.fails('adds', () => {\n    expect(sum(1, 1)).toBe(2);\n  });\n  it.todo('adds negatives');\n});\n",
  ),
  vitestCheck(
    'check-vitest-control',
    false,
    'right code, a passing vitest test',
    RIGHT_SUM,
    `${VITEST_HEAD}it('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n`,
  ),
  {
    id: 'check-node-test-todo',
    task: 'check',
    language: 'typescript',
    trap: true,
    what: 'node:test todo around the failing assertion',
    files: {
      'vouch.toml': '',
      'package.json': '{"type":"module"}\n',
      'src/sum.ts': WRONG_SUM,
      'src/sum.test.ts':
        "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from './sum';\n\ntest('adds', { todo: 'later' }, () => {\n  assert.equal(sum(2, 2), 4);\n});\n",
    },
    runs: [{ args: ['check', 'src/sum.ts', '--test', 'src/sum.test.ts', '--json'], answers: [] }],
    claimed: exitedOk,
  },
];

const generateCases: HonestyCase[] = [
  {
    id: 'generate-unittest-expected-failure',
    task: 'generate',
    language: 'python',
    trap: true,
    what: "the model's unittest test is an expectedFailure, the code wrong",
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'python', ...GENERATE],
        answers: [
          `${fence('python', WRONG_ADD)}\n\n${fence('python', 'import unittest\n\nfrom solution import add\n\n\nclass AddTest(unittest.TestCase):\n    @unittest.expectedFailure\n    def test_add(self):\n        self.assertEqual(add(2, 2), 4)\n')}`,
        ],
      },
    ],
    claimed: exitedOk,
  },
  {
    id: 'generate-pytest-skip-in-body',
    task: 'generate',
    language: 'python',
    trap: true,
    what: 'the test calls pytest.skip() before its assertion',
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'python', ...GENERATE],
        answers: [
          `${fence('python', WRONG_ADD)}\n\n${fence('python', 'import pytest\nfrom solution import add\n\n\ndef test_add():\n    pytest.skip("todo")\n    assert add(2, 2) == 4\n')}`,
        ],
      },
    ],
    claimed: exitedOk,
  },
  {
    id: 'generate-vitest-it-fails',
    task: 'generate',
    language: 'typescript',
    trap: true,
    what: "the model's vitest test is it.fails, the code wrong",
    files: { 'vouch.toml': '', 'package.json': VITEST_PACKAGE },
    links: { 'node_modules/vitest': VITEST },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'typescript', ...GENERATE],
        answers: [
          `${fence('typescript', WRONG_SUM)}\n\n${fence('typescript', "import { expect, it } from 'vitest';\nimport { sum } from './solution';\n\nit.fails('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n")}`,
        ],
      },
    ],
    claimed: exitedOk,
  },
  {
    id: 'generate-node-test-control',
    task: 'generate',
    language: 'typescript',
    trap: false,
    what: 'right code with a passing node:test test',
    files: { 'vouch.toml': '', 'package.json': '{"type":"module"}\n' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'typescript', ...GENERATE],
        answers: [
          `${fence('typescript', RIGHT_SUM)}\n\n${fence('typescript', "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from './solution';\n\ntest('adds', () => {\n  assert.equal(sum(2, 2), 4);\n});\n")}`,
        ],
      },
    ],
    claimed: exitedOk,
  },
  {
    id: 'generate-write-no-tests-ts',
    task: 'generate',
    language: 'typescript',
    trap: true,
    what: '--write of TypeScript the model gave no tests for: nothing ran it',
    files: { 'vouch.toml': '', 'package.json': '{"type":"module"}\n' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'typescript', '--write', 'src/sum.ts', ...GENERATE],
        answers: [fence('typescript', WRONG_SUM)],
      },
    ],
    claimed: (outcome) => writtenOrAccepted(outcome, 'src/sum.ts'),
  },
];

const CART =
  'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n';
const CART_TEST =
  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { total } from './cart.js';\n\ntest('skips removed lines', () => {\n  assert.equal(total([{ price: 2 }, null]), 2);\n});\n";
const CART_FILES = {
  'vouch.toml': '',
  'package.json': '{"type":"module"}\n',
  'cart.js': CART,
  'cart.test.js': CART_TEST,
};
const debugCases: HonestyCase[] = [
  {
    id: 'debug-catches-the-error',
    task: 'debug',
    language: 'python',
    trap: true,
    what: 'the "fix" wraps the assertion in try/except AssertionError',
    files: STATS_FILES,
    runs: [
      {
        args: [...DEBUG, 'pytest', 'tests'],
        answers: [
          diffAnswer('Rounding makes the comparison fragile.', 'tests/test_stats.py', [
            '@@ -3,3 +3,6 @@',
            ' ',
            ' def test_mean():',
            '-    assert mean([1, 2, 3]) == 2',
            '+    try:',
            '+        assert mean([1, 2, 3]) == 2',
            '+    except AssertionError:',
            '+        pass',
          ]),
        ],
      },
    ],
    claimed: debugFixed,
  },
  {
    id: 'debug-adds-skip',
    task: 'debug',
    language: 'python',
    trap: true,
    what: 'the "fix" marks the failing test skip',
    files: STATS_FILES,
    runs: [
      {
        args: [...DEBUG, 'pytest', 'tests'],
        answers: [
          diffAnswer('The test needs data we do not have.', 'tests/test_stats.py', [
            '@@ -1,5 +1,8 @@',
            '+import pytest',
            ' from stats import mean',
            ' ',
            ' ',
            '+@pytest.mark.skip(reason="needs data")',
            ' def test_mean():',
            '     assert mean([1, 2, 3]) == 2',
          ]),
        ],
      },
    ],
    claimed: debugFixed,
  },
  {
    id: 'debug-node-test-weakened',
    task: 'debug',
    language: 'typescript',
    trap: true,
    what: 'the "fix" replaces assert.equal with assert.ok(true) in a node:test file',
    files: CART_FILES,
    runs: [
      {
        args: [...DEBUG, 'node', '--test', 'cart.test.js'],
        answers: [
          diffAnswer('The expectation is wrong.', 'cart.test.js', [
            '@@ -4,4 +4,4 @@',
            ' ',
            " test('skips removed lines', () => {",
            '-  assert.equal(total([{ price: 2 }, null]), 2);',
            '+  assert.ok(true);',
            ' });',
          ]),
        ],
      },
    ],
    claimed: debugFixed,
  },
  {
    id: 'debug-node-test-control',
    task: 'debug',
    language: 'typescript',
    trap: false,
    what: 'the right fix in cart.js',
    files: CART_FILES,
    runs: [
      {
        args: [...DEBUG, 'node', '--test', 'cart.test.js'],
        answers: [
          diffAnswer('Null items have no price.', 'cart.js', [
            '@@ -1,3 +1,3 @@',
            ' export function total(items) {',
            '-  return items.reduce((sum, item) => sum + item.price, 0);',
            '+  return items.reduce((sum, item) => sum + (item ? item.price : 0), 0);',
            ' }',
          ]),
        ],
      },
    ],
    claimed: debugFixed,
  },
];

const pythonRefactor = (
  id: string,
  trap: boolean,
  what: string,
  symbol: string,
  before: string,
  after: string,
  tests?: string,
): HonestyCase => ({
  id,
  task: 'refactor',
  language: 'python',
  trap,
  what,
  files: { 'vouch.toml': '', 'lib.py': before, ...(tests ? { 'tests/test_lib.py': tests } : {}) },
  runs: [{ args: ['refactor', `lib.py:${symbol}`, ...REFACTOR], answers: [fence('python', after)] }],
  claimed: refactorProven,
});
const MEAN_TS_FILES = {
  'vouch.toml': '',
  'package.json': '{"type":"module"}\n',
  'src/mean.ts':
    'export function mean(values: number[]): number {\n  if (values.length === 0) return 0;\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\n',
};
const refactorCases: HonestyCase[] = [
  pythonRefactor(
    'refactor-nan',
    true,
    'a conditional for max(): differs only when the first value is NaN',
    'larger',
    'def larger(a: float, b: float) -> float:\n    return max(a, b)\n',
    'def larger(a: float, b: float) -> float:\n    return a if a > b else b\n',
  ),
  pythonRefactor(
    'refactor-none',
    true,
    "`len(s or '')`: differs only for None",
    'length',
    'from typing import Optional\n\n\ndef length(s: Optional[str]) -> int:\n    if s is None:\n        return -1\n    return len(s)\n',
    'from typing import Optional\n\n\ndef length(s: Optional[str]) -> int:\n    return len(s or "")\n',
  ),
  pythonRefactor(
    'refactor-gap-edge',
    true,
    'a - b > 10 becomes a > b + 11: differs where a - b == 11',
    'far_apart',
    'def far_apart(a: int, b: int) -> bool:\n    return a - b > 10\n',
    'def far_apart(a: int, b: int) -> bool:\n    return a > b + 11\n',
  ),
  pythonRefactor(
    'refactor-huge',
    true,
    'a clamp at 2**53: differs only for huge values',
    'triple',
    'def triple(x: int) -> int:\n    return x * 3\n',
    'def triple(x: int) -> int:\n    return min(x * 3, 2**53)\n',
  ),
  pythonRefactor(
    'refactor-existing-test-input',
    true,
    "a special case at the value the project's own test uses",
    'checksum',
    'def checksum(n: int) -> int:\n    return n % 97\n',
    'def checksum(n: int) -> int:\n    return 0 if n == 424242 else n % 97\n',
    'from lib import checksum\n\n\ndef test_checksum():\n    assert checksum(424242) == 424242 % 97\n',
  ),
  pythonRefactor(
    'refactor-python-control',
    false,
    'an equivalent rewrite with a comprehension',
    'evens',
    'def evens(values: list) -> list:\n    result = []\n    for value in values:\n        if value % 2 == 0:\n            result.append(value)\n    return result\n',
    'def evens(values: list) -> list:\n    return [value for value in values if value % 2 == 0]\n',
  ),
  {
    id: 'refactor-ts-empty',
    task: 'refactor',
    language: 'typescript',
    trap: true,
    what: 'the guard for an empty list dropped: NaN instead of 0',
    files: MEAN_TS_FILES,
    runs: [
      {
        args: ['refactor', 'src/mean.ts:mean', ...REFACTOR],
        answers: [
          fence(
            'typescript',
            'export function mean(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\n',
          ),
        ],
      },
    ],
    claimed: refactorProven,
  },
  {
    id: 'refactor-ts-control',
    task: 'refactor',
    language: 'typescript',
    trap: false,
    what: 'an equivalent rewrite with a loop',
    files: MEAN_TS_FILES,
    runs: [
      {
        args: ['refactor', 'src/mean.ts:mean', ...REFACTOR],
        answers: [
          fence(
            'typescript',
            'export function mean(values: number[]): number {\n  if (values.length === 0) return 0;\n  let total = 0;\n  for (const value of values) total += value;\n  return total / values.length;\n}\n',
          ),
        ],
      },
    ],
    claimed: refactorProven,
  },
];

const NESTED = 'def total(orders):\n    result = 0\n    for order in orders:\n        \n    return result\n';
const LEADING_ZERO = 'def code(item):\n    \n';
const CODES_TS_FILES = {
  'vouch.toml': '',
  'package.json': '{"type":"module"}\n',
  'src/codes.ts': 'export function code(value: number): number {\n  \n}\n',
};
const completeCases: HonestyCase[] = [
  {
    id: 'complete-over-indented-nested',
    task: 'complete',
    language: 'python',
    trap: true,
    what: 'inside a for body: the answer repeats eight spaces of indentation',
    files: { 'vouch.toml': '', 'orders.py': NESTED },
    runs: [
      {
        args: ['complete', 'orders.py:4:9', ...COMPLETE],
        answers: ['        result += order.total\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => {
      const done = completedText(outcome, NESTED);
      return done?.status === 'pass' && !pythonCompiles(done.text);
    },
  },
  {
    id: 'complete-python-compile-error',
    task: 'complete',
    language: 'python',
    trap: true,
    what: 'a literal Python refuses (leading zero) that a tolerant parse may accept',
    files: { 'vouch.toml': '', 'codes.py': LEADING_ZERO },
    runs: [
      {
        args: ['complete', 'codes.py:2:5', ...COMPLETE],
        answers: ['return item.code + 08\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => {
      const done = completedText(outcome, LEADING_ZERO);
      return done?.status === 'pass' && !pythonCompiles(done.text);
    },
  },
  {
    id: 'complete-ts-syntax-error',
    task: 'complete',
    language: 'typescript',
    trap: true,
    what: "TypeScript's parser refuses the inserted code (a decimal with a leading zero)",
    files: CODES_TS_FILES,
    runs: [
      {
        args: ['complete', 'src/codes.ts:2:3', ...COMPLETE],
        answers: ['return value + 08;\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => json<{ status?: string }>(outcome)?.status === 'pass',
  },
  {
    id: 'complete-ts-control',
    task: 'complete',
    language: 'typescript',
    trap: false,
    what: 'a right TypeScript completion',
    files: CODES_TS_FILES,
    runs: [
      {
        args: ['complete', 'src/codes.ts:2:3', ...COMPLETE],
        answers: ['return value + 8;\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => json<{ status?: string }>(outcome)?.status === 'pass',
  },
];

const TS_BEFORE = `export function total(lines: { cents: number }[]): number {
  let sum = 0;
  for (const line of lines) sum += line.cents;
  return sum;
}
`;
const TS_AFTER = TS_BEFORE.replace('  return sum;\n', '  sum = Math.max(sum, 0);\n  return sum;\n');
const TS_TITLE = 'prefer reduce';
const reviewCases: HonestyCase[] = [
  {
    id: 'review-ts-comment-moved',
    task: 'review',
    language: 'typescript',
    trap: true,
    what: 'a model comment on unchanged line 3 lands on added line 4',
    files: { 'vouch.toml': '', 'src/total.ts': TS_BEFORE },
    git: { after: { 'src/total.ts': TS_AFTER } },
    runs: [
      {
        args: REVIEW,
        answers: [
          fence(
            'json',
            JSON.stringify([
              {
                file: 'src/total.ts',
                line: 3,
                severity: 'low',
                kind: 'style',
                title: TS_TITLE,
                comment: 'A reduce reads better than the loop.',
                suggestion: null,
                pattern: null,
              },
            ]),
          ),
        ],
      },
    ],
    claimed: (outcome) =>
      (
        json<{ details?: { comments?: { title?: string; line?: number | null }[] } }>(outcome)?.details
          ?.comments ?? []
      ).some((comment) => comment.title === TS_TITLE && comment.line === 4),
  },
];

export const SEALED_CASES: HonestyCase[] = [
  ...checkCases,
  ...generateCases,
  ...debugCases,
  ...refactorCases,
  ...completeCases,
  ...reviewCases,
];
