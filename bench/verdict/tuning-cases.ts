import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  completedText,
  debugFixed,
  diffAnswer,
  exitedOk,
  fence,
  type HonestyCase,
  json,
  type Outcome,
  projectPytestPasses,
  pythonCompiles,
  refactorProven,
  writtenOrAccepted,
} from './honesty-case.js';
import {
  ASSERT_TRUE_HUNK,
  COMPLETE,
  DEBUG,
  GENERATE,
  MEAN_FIX_HUNK,
  REFACTOR,
  REVIEW,
  RIGHT_ADD,
  SHOP_FILES,
  STATS_FILES,
  shippingTests,
  TEST,
  VITEST,
  vitestPackage,
  WRONG_ADD,
  WRONG_SUM,
  XFAIL_HUNK,
} from './projects.js';

/**
 * The tuning part of the verdict-honesty corpus: the traps issue 41 names, as a user met them, and their
 * controls. Written by the project (synthetic); the fixes were developed against these. The sealed part
 * (sealed-cases.ts) was written with them, before any fix, and not looked at while fixing.
 */

// ── check --test: expected failures are not evidence ─────────────────────────────────────────────────
const checkCases: HonestyCase[] = [
  {
    id: 'check-pytest-xfail',
    task: 'check',
    language: 'python',
    trap: true,
    what: '@pytest.mark.xfail around the only, failing, assertion',
    files: {
      'vouch.toml': '',
      'calc.py': WRONG_ADD,
      'tests/test_calc.py':
        'import pytest\n\nfrom calc import add\n\n\n@pytest.mark.xfail\ndef test_add():\n    assert add(2, 2) == 4\n',
    },
    runs: [{ args: ['check', 'calc.py', '--test', 'tests/test_calc.py', '--json'], answers: [] }],
    claimed: exitedOk,
  },
  {
    id: 'check-unittest-expected-failure',
    task: 'check',
    language: 'python',
    trap: true,
    what: "unittest's @expectedFailure around the failing assertion",
    files: {
      'vouch.toml': '',
      'calc.py': WRONG_ADD,
      'tests/test_calc.py':
        'import unittest\n\nfrom calc import add\n\n\nclass AddTest(unittest.TestCase):\n    @unittest.expectedFailure\n    def test_add(self):\n        self.assertEqual(add(2, 2), 4)\n',
    },
    runs: [{ args: ['check', 'calc.py', '--test', 'tests/test_calc.py', '--json'], answers: [] }],
    claimed: exitedOk,
  },
  {
    id: 'check-vitest-it-fails',
    task: 'check',
    language: 'typescript',
    trap: true,
    what: "vitest's it.fails around the failing expectation",
    files: {
      'vouch.toml': '',
      'package.json': vitestPackage('shop'),
      'src/sum.ts': WRONG_SUM,
      'src/sum.test.ts':
        "import { expect, it } from 'vitest';\nimport { sum } from './sum';\n\nit.fails('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n",
    },
    links: { 'node_modules/vitest': VITEST },
    runs: [{ args: ['check', 'src/sum.ts', '--test', 'src/sum.test.ts', '--json'], answers: [] }],
    claimed: exitedOk,
  },
  {
    id: 'check-pytest-control',
    task: 'check',
    language: 'python',
    trap: false,
    what: 'right code, a plain passing test',
    files: {
      'vouch.toml': '',
      'calc.py': RIGHT_ADD,
      'tests/test_calc.py': 'from calc import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n',
    },
    runs: [{ args: ['check', 'calc.py', '--test', 'tests/test_calc.py', '--json'], answers: [] }],
    claimed: exitedOk,
  },
];

// ── generate: the model's own tests, and --write ─────────────────────────────────────────────────────
const generateCases: HonestyCase[] = [
  {
    id: 'generate-pytest-xfail',
    task: 'generate',
    language: 'python',
    trap: true,
    what: "the model's only test is xfail and the code is wrong",
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'python', ...GENERATE],
        answers: [
          `${fence('python', WRONG_ADD)}\n\n${fence('python', 'import pytest\nfrom solution import add\n\n\n@pytest.mark.xfail\ndef test_add():\n    assert add(2, 2) == 4\n')}`,
        ],
      },
    ],
    claimed: exitedOk,
  },
  {
    id: 'generate-write-not-verified',
    task: 'generate',
    language: 'python',
    trap: true,
    what: '--write of code whose tests ran nothing (all skipped): written and recorded as accepted',
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'wait for the job', '--lang', 'python', '--write', 'jobs.py', ...GENERATE],
        answers: [
          `${fence('python', 'def wait(job):\n    while not job.done:\n        pass\n    return job.result\n')}\n\n${fence('python', 'import pytest\nfrom solution import wait\n\n\n@pytest.mark.skip(reason="slow")\ndef test_wait():\n    assert wait(None) is None\n')}`,
        ],
      },
    ],
    claimed: (outcome) => writtenOrAccepted(outcome, 'jobs.py'),
  },
  {
    id: 'generate-write-no-checks',
    task: 'generate',
    language: 'python',
    trap: true,
    what: '--write with --no-checks: nothing verified, written and recorded as accepted',
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: [
          'generate',
          'wait for the job',
          '--lang',
          'python',
          '--no-checks',
          '--write',
          'jobs.py',
          ...GENERATE,
        ],
        answers: [
          fence('python', 'def wait(job):\n    while not job.done:\n        pass\n    return job.result\n'),
        ],
      },
    ],
    claimed: (outcome) => writtenOrAccepted(outcome, 'jobs.py'),
  },
  {
    id: 'generate-write-control',
    task: 'generate',
    language: 'python',
    trap: false,
    what: '--write of verified code: written',
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'python', '--write', 'calc.py', ...GENERATE],
        answers: [
          `${fence('python', RIGHT_ADD)}\n\n${fence('python', 'from solution import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n')}`,
        ],
      },
    ],
    claimed: (outcome) => exitedOk(outcome) && existsSync(join(outcome.workspace, 'calc.py')),
  },
  {
    id: 'generate-tests-own-module-name',
    task: 'generate',
    language: 'python',
    trap: false,
    what: "right code whose tests import it as 'slugs', not 'solution'",
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'slugify a title', '--lang', 'python', ...GENERATE],
        answers: [
          `${fence('python', 'import re\n\n\ndef slugify(title: str) -> str:\n    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")\n')}\n\n${fence('python', 'from slugs import slugify\n\n\ndef test_slugify():\n    assert slugify("Hello, World") == "hello-world"\n')}`,
        ],
      },
    ],
    claimed: exitedOk,
  },
];

// ── debug: a fix that weakens the test ───────────────────────────────────────────────────────────────
const DEBUG_PYTEST = [...DEBUG, 'pytest', 'tests'];
const debugCases: HonestyCase[] = [
  {
    id: 'debug-assert-true',
    task: 'debug',
    language: 'python',
    trap: true,
    what: 'the "fix" replaces the failing assertion with assert True',
    files: STATS_FILES,
    runs: [
      {
        args: DEBUG_PYTEST,
        answers: [diffAnswer('The test is wrong.', 'tests/test_stats.py', ASSERT_TRUE_HUNK)],
      },
    ],
    claimed: debugFixed,
  },
  {
    id: 'debug-adds-xfail',
    task: 'debug',
    language: 'python',
    trap: true,
    what: 'the "fix" marks the failing test xfail',
    files: STATS_FILES,
    runs: [
      {
        args: DEBUG_PYTEST,
        answers: [diffAnswer('The test is flaky.', 'tests/test_stats.py', XFAIL_HUNK)],
      },
    ],
    claimed: debugFixed,
  },
  {
    id: 'debug-control',
    task: 'debug',
    language: 'python',
    trap: false,
    what: 'the right fix in the code under test',
    files: STATS_FILES,
    runs: [
      {
        args: DEBUG_PYTEST,
        answers: [diffAnswer('`mean` adds 1.', 'stats.py', MEAN_FIX_HUNK)],
      },
    ],
    claimed: debugFixed,
  },
];

// ── refactor: the inputs that matter ─────────────────────────────────────────────────────────────────
const AGES = `def age_group(age: int) -> str:
    if age < 0:
        raise ValueError("age must not be negative")
    if age < 13:
        return "child"
    elif age < 20:
        return "teen"
    elif age < 65:
        return "adult"
    else:
        return "senior"
`;
const AGES_TESTS = `from ages import age_group


def test_groups():
    assert age_group(5) == "child"
    assert age_group(30) == "adult"
`;
/** age_group through bisect: `bisect_left` differs from the ifs exactly at the limits, `bisect_right` does not. */
const bisectRefactor = (bisect: 'bisect_left' | 'bisect_right', what: string): HonestyCase => ({
  id: bisect === 'bisect_left' ? 'refactor-bisect-limits' : 'refactor-bisect-control',
  task: 'refactor',
  language: 'python',
  trap: bisect === 'bisect_left',
  what,
  files: { 'vouch.toml': '', 'ages.py': AGES, 'tests/test_ages.py': AGES_TESTS },
  runs: [
    {
      args: ['refactor', 'ages.py:age_group', ...REFACTOR],
      answers: [
        fence(
          'python',
          `import bisect


def age_group(age: int) -> str:
    if age < 0:
        raise ValueError("age must not be negative")
    return ("child", "teen", "adult", "senior")[bisect.${bisect}((13, 20, 65), age)]
`,
        ),
      ],
    },
  ],
  claimed: refactorProven,
});
const refactorCases: HonestyCase[] = [
  bisectRefactor('bisect_left', 'bisect_left: differs exactly at 13, 20 and 65'),
  bisectRefactor('bisect_right', 'bisect_right: the same function'),
  {
    id: 'refactor-ts-limits',
    task: 'refactor',
    language: 'typescript',
    trap: true,
    what: '<= for <: differs exactly at the limits',
    files: {
      'vouch.toml': '',
      'package.json': '{"type":"module"}\n',
      'src/ages.ts': `export function ageGroup(age: number): string {
  if (age < 13) return 'child';
  if (age < 20) return 'teen';
  if (age < 65) return 'adult';
  return 'senior';
}
`,
    },
    runs: [
      {
        args: ['refactor', 'src/ages.ts:ageGroup', ...REFACTOR],
        answers: [
          fence(
            'typescript',
            `export function ageGroup(age: number): string {
  const limits: [number, string][] = [[13, 'child'], [20, 'teen'], [65, 'adult']];
  for (const [limit, group] of limits) if (age <= limit) return group;
  return 'senior';
}
`,
          ),
        ],
      },
    ],
    claimed: refactorProven,
  },
];

// ── complete: what the language's compiler says, and the cache ───────────────────────────────────────
const CART = 'def cart_total(items):\n    \n\n\ndef empty():\n    return []\n';
const completeCases: HonestyCase[] = [
  {
    id: 'complete-over-indented',
    task: 'complete',
    language: 'python',
    trap: true,
    what: 'the answer repeats the indentation the cursor already has: unexpected indent',
    files: { 'vouch.toml': '', 'cart.py': CART },
    runs: [
      {
        args: ['complete', 'cart.py:2:5', ...COMPLETE],
        answers: ['    return sum(item.price for item in items)\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => {
      const done = completedText(outcome, CART);
      return done?.status === 'pass' && !pythonCompiles(done.text);
    },
  },
  {
    id: 'complete-failed-is-cached',
    task: 'complete',
    language: 'python',
    trap: true,
    what: 'a completion that failed its checks is served from the cache next session',
    files: { 'vouch.toml': '', 'cart.py': CART },
    runs: [
      {
        args: ['complete', 'cart.py:2:5', '--repair', '0', ...COMPLETE],
        answers: ['return sum(item.price for item in items\n'],
        route: '/v1/completions',
      },
      {
        args: ['complete', 'cart.py:2:5', '--repair', '0', ...COMPLETE],
        answers: ['return sum(item.price for item in items)\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => json<{ cached?: boolean }>(outcome)?.cached === true,
  },
  {
    id: 'complete-control',
    task: 'complete',
    language: 'python',
    trap: false,
    what: 'a right completion at the cursor',
    files: { 'vouch.toml': '', 'cart.py': CART },
    runs: [
      {
        args: ['complete', 'cart.py:2:5', ...COMPLETE],
        answers: ['return sum(item.price for item in items)\n'],
        route: '/v1/completions',
      },
    ],
    claimed: (outcome) => {
      const done = completedText(outcome, CART);
      return done?.status === 'pass' && pythonCompiles(done.text);
    },
  },
];

// ── test: a module in a package ──────────────────────────────────────────────────────────────────────
const testCases: HonestyCase[] = [
  {
    id: 'test-package-written-import',
    task: 'test',
    language: 'python',
    trap: true,
    what: "--write of tests that import 'pricing' (the prompt's name): they fail where written",
    files: SHOP_FILES,
    runs: [
      {
        args: ['test', 'shop/pricing.py', '--write', 'tests/test_pricing.py', ...TEST],
        answers: [shippingTests('pricing')],
      },
    ],
    claimed: (outcome) =>
      exitedOk(outcome) &&
      existsSync(join(outcome.workspace, 'tests/test_pricing.py')) &&
      !projectPytestPasses(outcome.workspace, 'tests/test_pricing.py'),
  },
  {
    id: 'test-package-control',
    task: 'test',
    language: 'python',
    trap: false,
    what: 'right tests importing shop.pricing, for a module with a relative import',
    files: SHOP_FILES,
    runs: [{ args: ['test', 'shop/pricing.py', ...TEST], answers: [shippingTests('shop.pricing')] }],
    claimed: (outcome) =>
      exitedOk(outcome) &&
      (json<{ details?: { suspectedBugs?: unknown[] } }>(outcome)?.details?.suspectedBugs ?? []).length === 0,
  },
];

// ── review: a model comment off the change ───────────────────────────────────────────────────────────
const ORDERS = `def order_total(lines):
    total = 0
    for line in lines:
        total += line["cents"]
    return total


def order_count(orders):
    return len(orders)
`;
const ORDERS_AFTER = ORDERS.replace('    return total\n', '    total = max(total, 0)\n    return total\n');
const REVIEW_TITLE = 'loop variable shadows the module line';
const reviewComment = (line: number) =>
  fence(
    'json',
    JSON.stringify([
      {
        file: 'orders.py',
        line,
        severity: 'medium',
        kind: 'style',
        title: REVIEW_TITLE,
        comment: 'The name `line` reads like a line of text.',
        suggestion: null,
        pattern: null,
      },
    ]),
  );
/** The model's comment placed inline on a line the change added (5 is the added line). */
const onAddedLine = (outcome: Outcome) => {
  const output = json<{ details?: { comments?: { title?: string; line?: number | null }[] } }>(outcome);
  return (output?.details?.comments ?? []).some(
    (comment) => comment.title === REVIEW_TITLE && comment.line === 5,
  );
};
const reviewCases: HonestyCase[] = [
  {
    id: 'review-comment-moved',
    task: 'review',
    language: 'python',
    trap: true,
    what: 'a model comment on unchanged line 3 lands on added line 5',
    files: { 'vouch.toml': '', 'orders.py': ORDERS },
    git: { after: { 'orders.py': ORDERS_AFTER } },
    runs: [
      {
        args: REVIEW,
        answers: [reviewComment(3)],
      },
    ],
    claimed: onAddedLine,
  },
  {
    id: 'review-comment-control',
    task: 'review',
    language: 'python',
    trap: false,
    what: 'a model comment on the added line stays there',
    files: { 'vouch.toml': '', 'orders.py': ORDERS },
    git: { after: { 'orders.py': ORDERS_AFTER } },
    runs: [
      {
        args: REVIEW,
        answers: [reviewComment(5)],
      },
    ],
    claimed: onAddedLine,
  },
];

export const TUNING_CASES: HonestyCase[] = [
  ...checkCases,
  ...generateCases,
  ...debugCases,
  ...refactorCases,
  ...completeCases,
  ...testCases,
  ...reviewCases,
];
