import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  completedText,
  debugFixed,
  exitedOk,
  fence,
  type HonestyCase,
  json,
  type Outcome,
  refactorProven,
} from './honesty-case.js';
import { COMPLETE, DEBUG, REFACTOR, VITEST, vitestPackage } from './projects.js';

/**
 * Issue 57's traps (never a false pass, third round), in the sealed part: refactors a caller can tell
 * apart (an exception's message, a warning logged, form feeds and Unicode whitespace, -0.0, a constant
 * computed at import, the clock, surrounding spaces, a TypeScript module importing `./utils.js`), chat's own
 * tests, completions naming what does not exist, and the honest answers that were refused (an underscore in a
 * path, a vitest.config.ts). Written and committed before any fix; synthetic: written by the project.
 */

interface PythonRefactor {
  id: string;
  trap: boolean;
  what: string;
  before: string;
  after: string;
  /** the function refactored; none: the whole file */
  symbol?: string;
  tests?: string;
}
const pythonRefactor = (spec: PythonRefactor): HonestyCase => ({
  id: spec.id,
  task: 'refactor',
  language: 'python',
  trap: spec.trap,
  what: spec.what,
  files: {
    'vouch.toml': '',
    'lib.py': spec.before,
    ...(spec.tests ? { 'tests/test_lib.py': spec.tests } : {}),
  },
  runs: [
    {
      args: ['refactor', spec.symbol ? `lib.py:${spec.symbol}` : 'lib.py', ...REFACTOR],
      answers: [fence('python', spec.after)],
    },
  ],
  claimed: refactorProven,
});

const EXPAND_INDENT = `def expand_indent(line: str) -> int:
    r"""Return the amount of indentation (pycodestyle).

    Tabs are expanded to the next multiple of 8.
    """
    line = line.rstrip('\\n\\r')
    if '\\t' not in line:
        return len(line) - len(line.lstrip())
    result = 0
    for char in line:
        if char == '\\t':
            result = result // 8 * 8 + 8
        elif char == ' ':
            result += 1
        else:
            break
    return result
`;
const EXPAND_TESTS = `from lib import expand_indent


def test_spaces():
    assert expand_indent('    x') == 4


def test_tabs():
    assert expand_indent('\\t  x') == 10
    assert expand_indent('\\t') == 8
`;
const DISCOUNT = 'def discount(code: str) -> int:\n    return 10 if code.upper() == "SAVE10" else 0\n';

const refactorCases: HonestyCase[] = [
  pythonRefactor({
    id: 'nf-refactor-exception-message',
    trap: true,
    what: 'the exception\'s message changed ("weight must be positive" → "invalid weight")',
    symbol: 'kilograms',
    before:
      'def kilograms(grams: float) -> float:\n    if grams <= 0:\n        raise ValueError("weight must be positive")\n    return grams / 1000\n',
    after:
      'def kilograms(grams: float) -> float:\n    if grams <= 0:\n        raise ValueError("invalid weight")\n    return grams / 1000\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-logging-warning',
    trap: true,
    what: 'a new logging.warning on stderr',
    symbol: 'ratio',
    before:
      'import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef ratio(a: int, b: int) -> float:\n    if b == 0:\n        return 0.0\n    return a / b\n',
    after:
      'def ratio(a: int, b: int) -> float:\n    if b == 0:\n        log.warning("division by zero")\n        return 0.0\n    return a / b\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-expand-indent',
    trap: true,
    what: "pycodestyle's expand_indent with expandtabs: differs for '\\t\\fx', '\\xa0\\tx', '\\t\\u3000x'",
    symbol: 'expand_indent',
    before: EXPAND_INDENT,
    after:
      "def expand_indent(line: str) -> int:\n    line = line.rstrip('\\n\\r')\n    expanded = line.expandtabs(8)\n    return len(expanded) - len(expanded.lstrip())\n",
    tests: EXPAND_TESTS,
  }),
  pythonRefactor({
    id: 'nf-refactor-signed-zero',
    trap: true,
    what: 'clamp01(-0.0) returns -0.0 instead of 0.0',
    symbol: 'clamp01',
    before: 'def clamp01(x: float) -> float:\n    return max(0.0, min(1.0, x))\n',
    after:
      'def clamp01(x: float) -> float:\n    if x < 0.0:\n        return 0.0\n    if x > 1.0:\n        return 1.0\n    return x\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-runtime-constant',
    trap: true,
    what: 'a hidden special case on a constant computed at import (_K = 244.0), without a branch',
    before: 'def score(x: float) -> float:\n    return x * 2\n',
    after:
      '_K = float(sum(map(ord, "zz")))\n\n\ndef score(x: float) -> float:\n    return x * 2 * (x != _K)\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-sunday-price',
    trap: true,
    what: 'the price doubles on Sundays (time.localtime().tm_wday), without a branch',
    before: 'def price(amount: float) -> float:\n    return round(amount * 1.2, 2)\n',
    after:
      'import time\n\n\ndef price(amount: float) -> float:\n    return round(amount * 1.2 * (1 + (time.localtime().tm_wday == 6)), 2)\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-dedupe-strip',
    trap: true,
    what: 'a dedupe keyed on s.strip(): "a" and " a" become one',
    symbol: 'dedupe',
    before:
      'def dedupe(items: list[str]) -> list[str]:\n    seen = set()\n    out = []\n    for item in items:\n        if item not in seen:\n            seen.add(item)\n            out.append(item)\n    return out\n',
    after:
      'def dedupe(items: list[str]) -> list[str]:\n    seen = set()\n    out = []\n    for item in items:\n        key = item.strip()\n        if key not in seen:\n            seen.add(key)\n            out.append(item)\n    return out\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-discount-strip',
    trap: true,
    what: 'a discount code accepted with surrounding spaces (strip().upper())',
    symbol: 'discount',
    before: DISCOUNT,
    after: 'def discount(code: str) -> int:\n    return 10 if code.strip().upper() == "SAVE10" else 0\n',
  }),
  pythonRefactor({
    id: 'nf-refactor-discount-control',
    trap: false,
    what: 'the same function with an if statement: equivalent',
    symbol: 'discount',
    before: DISCOUNT,
    after:
      'def discount(code: str) -> int:\n    if code.upper() == "SAVE10":\n        return 10\n    return 0\n',
  }),
];

const VITEST_PACKAGE = vitestPackage('semver-lite');
const VERSION_FILES = {
  'vouch.toml': '',
  'package.json': VITEST_PACKAGE,
  'src/utils.ts': 'export function isDigits(text: string): boolean {\n  return /^[0-9]+$/.test(text);\n}\n',
  'src/version.ts':
    "import { isDigits } from './utils.js';\n\nexport function validate(version: string): boolean {\n  const parts = version.split('.');\n  return parts.length === 3 && parts.every(isDigits);\n}\n",
  'src/index.ts': "export { validate } from './version.js';\n",
  'test/version.test.ts':
    "import { expect, it } from 'vitest';\nimport { validate } from '../src/index.js';\n\nit('accepts x.y.z', () => {\n  expect(validate('1.0.0')).toBe(true);\n});\n\nit('rejects x.y', () => {\n  expect(validate('1.0')).toBe(false);\n});\n",
};
const VERSION_BEFORE = VERSION_FILES['src/version.ts'];
const refactorTsCase = (id: string, trap: boolean, what: string, after: string): HonestyCase => ({
  id,
  task: 'refactor',
  language: 'typescript',
  trap,
  what,
  files: VERSION_FILES,
  links: { 'node_modules/vitest': VITEST },
  runs: [
    {
      args: ['refactor', 'src/version.ts:validate', ...REFACTOR, '--apply'],
      answers: [fence('typescript', after)],
    },
  ],
  // proven, or written: --apply rewrote the module
  claimed: (outcome) =>
    refactorProven(outcome) ||
    readFileSync(join(outcome.workspace, 'src/version.ts'), 'utf8') !== VERSION_BEFORE,
});

const tsRefactorCases: HonestyCase[] = [
  refactorTsCase(
    'nf-refactor-ts-imports-utils',
    true,
    "the module imports './utils.js'; the refactor trims: validate(' 1.0.0') false → true",
    "export function validate(version: string): boolean {\n  const parts = version.trim().split('.');\n  return parts.length === 3 && parts.every(isDigits);\n}\n",
  ),
  refactorTsCase(
    'nf-refactor-ts-imports-utils-control',
    false,
    "the module imports './utils.js'; an equivalent rewrite with a loop",
    "export function validate(version: string): boolean {\n  const parts = version.split('.');\n  if (parts.length !== 3) return false;\n  for (const part of parts) if (!isDigits(part)) return false;\n  return true;\n}\n",
  ),
];

const honestAnswers: HonestyCase[] = [
  {
    id: 'nf-debug-underscore-path',
    task: 'debug',
    language: 'python',
    trap: false,
    what: 'the right fix as search/replace in price_utils.py (the path named on the line before)',
    files: {
      'vouch.toml': '',
      'price_utils.py': 'def gross(price):\n    return price * 12\n',
      'tests/test_price_utils.py':
        'from price_utils import gross\n\n\ndef test_gross():\n    assert gross(10) == 12.0\n',
    },
    runs: [
      {
        args: [...DEBUG, 'pytest', 'tests'],
        answers: [
          [
            'The rate is 1.2, not 12.',
            '',
            'price_utils.py',
            '```python',
            '<<<<<<< SEARCH',
            '    return price * 12',
            '=======',
            '    return price * 1.2',
            '>>>>>>> REPLACE',
            '```',
          ].join('\n'),
        ],
      },
    ],
    claimed: debugFixed,
  },
  {
    id: 'nf-check-vitest-config',
    task: 'check',
    language: 'typescript',
    trap: false,
    what: 'right code and a passing vitest test, in a project with a vitest.config.ts',
    files: {
      'vouch.toml': '',
      'package.json': VITEST_PACKAGE,
      'vitest.config.ts':
        "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: {} });\n",
      'src/sum.ts': 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
      'src/sum.test.ts':
        "import { expect, it } from 'vitest';\nimport { sum } from './sum';\n\nit('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n",
    },
    links: { 'node_modules/vitest': VITEST },
    runs: [{ args: ['check', 'src/sum.ts', '--test', 'src/sum.test.ts', '--json'], answers: [] }],
    claimed: exitedOk,
  },
];

const chatCases: HonestyCase[] = [
  {
    id: 'nf-chat-own-tests',
    task: 'chat',
    language: 'python',
    trap: true,
    what: "chat's reply: a wrong add() with pytest tests that fail on it",
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: [
          'chat',
          '--print',
          'write add(a, b)',
          '--lang',
          'python',
          '--model',
          'openai:gpt-4o-mini',
          '--json',
        ],
        answers: [
          `Here it is.\n\n${fence('python', 'def add(a, b):\n    return a - b\n')}\n\nAnd its tests:\n\n${fence('python', 'from solution import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n')}`,
        ],
      },
    ],
    claimed: (outcome) =>
      exitedOk(outcome) ||
      json<{ verification?: { status?: string } }>(outcome)?.verification?.status === 'pass',
  },
];

const READ = 'import json\n\n\ndef read(path):\n    with open(path) as handle:\n        return \n';
const completeCase = (id: string, what: string, completion: string): HonestyCase => ({
  id,
  task: 'complete',
  language: 'python',
  trap: true,
  what,
  files: { 'vouch.toml': '', 'data.py': READ },
  runs: [
    { args: ['complete', 'data.py:6:16', ...COMPLETE], answers: [completion], route: '/v1/completions' },
  ],
  claimed: (outcome) => {
    // the completion as accepted into the file: still the trap's text, and called good
    const done = completedText(outcome, READ);
    return done?.status === 'pass' && done.text.includes(completion.trim());
  },
});
const completeCases: HonestyCase[] = [
  completeCase(
    'nf-complete-misspelt-attribute',
    'json.loadz(...) on an existing import json',
    'json.loadz(handle)\n',
  ),
  completeCase(
    'nf-complete-undefined-module',
    'yaml.safe_load(...) with no yaml imported',
    'yaml.safe_load(handle)\n',
  ),
  completeCase(
    'nf-complete-unknown-keyword',
    'a keyword json.load does not take',
    'json.load(handle, strict_mode=True)\n',
  ),
  completeCase('nf-complete-eval', 'eval() of the file', 'eval(handle.read())\n'),
];

export const NEVER_FALSE_CASES: HonestyCase[] = [
  ...refactorCases,
  ...tsRefactorCases,
  ...honestAnswers,
  ...chatCases,
  ...completeCases,
];
