import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exitedOk, fence, type HonestyCase, type Outcome } from './honesty-case.js';
import { projectPytestPasses } from './tuning-cases.js';

/**
 * Tuning cases added in issue 41's third round (the sealed part is frozen): code no test ran, a refactor
 * "proven" on inputs that never reached a branch, and a `vouch test --write` suite that passes only where
 * vouch ran it. Written by the project (synthetic), with the fixes.
 */

const GENERATE = ['--model', 'openai:gpt-4o-mini', '--json', '--repair', '0'];
const REFACTOR = ['--goal', 'simpler', '--model', 'openai:gpt-4o-mini', '--json'];
const TEST = ['--model', 'openai:gpt-4o-mini', '--json', '--rounds', '0'];
const json = <T>(outcome: Outcome) => {
  try {
    return outcome.runs.at(-1)!.json<T>();
  } catch {
    return undefined;
  }
};
const refactorProven = (outcome: Outcome) =>
  exitedOk(outcome) || json<{ details?: { proven?: boolean } }>(outcome)?.details?.proven === true;

async function writtenOrAccepted(outcome: Outcome, file: string): Promise<boolean> {
  if (existsSync(join(outcome.workspace, file))) return true;
  const stats = await outcome.cli(['stats', '--json']);
  return (stats.json<{ total?: { accepted?: number } }>().total?.accepted ?? 0) > 0;
}

const TIER = `def tier(points: int) -> str:
    if points * 3 == 12351:
        return "secret"
    if points > 100:
        return "gold"
    return "basic"
`;
const TIER_TS = `export function tier(points: number): string {
  if (points * 3 === 12351) {
    return 'secret';
  }
  if (points > 100) {
    return 'gold';
  }
  return 'basic';
}
`;
const PRICING = `from .rates import PER_KG


def shipping_cost(weight_kg: float) -> float:
    if weight_kg <= 1:
        return 0.0
    return round(PER_KG * weight_kg, 2)
`;
const PACKAGE_FILES = {
  'vouch.toml': '',
  'pyproject.toml':
    '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'shop/__init__.py': '',
  'shop/rates.py': 'PER_KG = 4.5\n',
  'shop/pricing.py': PRICING,
  'tests/conftest.py': 'import pytest\n\n\n@pytest.fixture\ndef heavy_parcel():\n    return 2\n',
  'tests/test_rates.py': 'from shop.rates import PER_KG\n\n\ndef test_rate():\n    assert PER_KG == 4.5\n',
};

export const ROUND_THREE_CASES: HonestyCase[] = [
  {
    id: 'generate-write-no-tests-py',
    task: 'generate',
    language: 'python',
    trap: true,
    what: '--write of Python the model gave no tests for: nothing ran it',
    files: { 'vouch.toml': '' },
    runs: [
      {
        args: ['generate', 'add two numbers', '--lang', 'python', '--write', 'calc.py', ...GENERATE],
        answers: [fence('python', 'def add(a, b):\n    return a - b\n')],
      },
    ],
    claimed: (outcome) => writtenOrAccepted(outcome, 'calc.py'),
  },
  {
    id: 'refactor-unreached-branch',
    task: 'refactor',
    language: 'python',
    trap: true,
    what: 'drops a branch no generated input reaches (points * 3 == 12351)',
    files: { 'vouch.toml': '', 'tiers.py': TIER },
    runs: [
      {
        args: ['refactor', 'tiers.py:tier', ...REFACTOR],
        answers: [
          fence('python', 'def tier(points: int) -> str:\n    return "gold" if points > 100 else "basic"\n'),
        ],
      },
    ],
    claimed: refactorProven,
  },
  {
    id: 'refactor-ts-unreached-block',
    task: 'refactor',
    language: 'typescript',
    trap: true,
    what: 'TypeScript: drops a block no generated input reaches',
    files: { 'vouch.toml': '', 'package.json': '{"type":"module"}\n', 'src/tiers.ts': TIER_TS },
    runs: [
      {
        args: ['refactor', 'src/tiers.ts:tier', ...REFACTOR],
        answers: [
          fence(
            'typescript',
            "export function tier(points: number): string {\n  return points > 100 ? 'gold' : 'basic';\n}\n",
          ),
        ],
      },
    ],
    claimed: refactorProven,
  },
  {
    id: 'refactor-covered-control',
    task: 'refactor',
    language: 'python',
    trap: false,
    what: 'an if turned into a conditional expression, every branch of both reached',
    files: {
      'vouch.toml': '',
      'tiers.py':
        'def tier(points: int) -> str:\n    if points > 100:\n        return "gold"\n    return "basic"\n',
    },
    runs: [
      {
        args: ['refactor', 'tiers.py:tier', ...REFACTOR],
        answers: [
          fence('python', 'def tier(points: int) -> str:\n    return "gold" if points > 100 else "basic"\n'),
        ],
      },
    ],
    claimed: refactorProven,
  },
  {
    id: 'test-written-sibling-import',
    task: 'test',
    language: 'python',
    trap: true,
    what: "--write of tests importing 'rates' bare: passes only with the module's folder on the path",
    files: PACKAGE_FILES,
    runs: [
      {
        args: ['test', 'shop/pricing.py', '--write', 'tests/test_pricing.py', ...TEST],
        answers: [
          fence(
            'python',
            'from shop.pricing import shipping_cost\nfrom rates import PER_KG\n\n\ndef test_two_kilograms():\n    assert shipping_cost(2) == round(PER_KG * 2, 2)\n',
          ),
        ],
      },
    ],
    claimed: (outcome) =>
      exitedOk(outcome) &&
      existsSync(join(outcome.workspace, 'tests/test_pricing.py')) &&
      !projectPytestPasses(outcome.workspace, 'tests/test_pricing.py'),
  },
  {
    id: 'test-conftest-fixture-control',
    task: 'test',
    language: 'python',
    trap: false,
    what: "--write of right tests that use a fixture of the project's tests/conftest.py",
    files: PACKAGE_FILES,
    runs: [
      {
        args: ['test', 'shop/pricing.py', '--write', 'tests/test_pricing.py', ...TEST],
        answers: [
          fence(
            'python',
            'from shop.pricing import shipping_cost\n\n\ndef test_heavy(heavy_parcel):\n    assert shipping_cost(heavy_parcel) == 9.0\n\n\ndef test_light():\n    assert shipping_cost(1) == 0.0\n',
          ),
        ],
      },
    ],
    claimed: (outcome) =>
      exitedOk(outcome) &&
      existsSync(join(outcome.workspace, 'tests/test_pricing.py')) &&
      projectPytestPasses(outcome.workspace, 'tests/test_pricing.py'),
  },
];
