import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  exitedOk,
  fence,
  type HonestyCase,
  projectPytestPasses,
  refactorProven,
  writtenOrAccepted,
} from './honesty-case.js';
import {
  GENERATE,
  HEAVY_PARCEL_TESTS,
  REFACTOR,
  SHOP_WITH_FIXTURE_FILES,
  SIBLING_IMPORT_TESTS,
  TEST,
  WRONG_ADD,
} from './projects.js';

/**
 * Tuning cases added in issue 41's third round (the sealed part is frozen): code no test ran, a refactor
 * "proven" on inputs that never reached a branch, and a `vouch test --write` suite that passes only where
 * vouch ran it. Written by the project (synthetic), with the fixes.
 */

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
        answers: [fence('python', WRONG_ADD)],
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
    files: SHOP_WITH_FIXTURE_FILES,
    runs: [
      {
        args: ['test', 'shop/pricing.py', '--write', 'tests/test_pricing.py', ...TEST],
        answers: [fence('python', SIBLING_IMPORT_TESTS)],
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
    files: SHOP_WITH_FIXTURE_FILES,
    runs: [
      {
        args: ['test', 'shop/pricing.py', '--write', 'tests/test_pricing.py', ...TEST],
        answers: [fence('python', HEAVY_PARCEL_TESTS)],
      },
    ],
    claimed: (outcome) =>
      exitedOk(outcome) &&
      existsSync(join(outcome.workspace, 'tests/test_pricing.py')) &&
      projectPytestPasses(outcome.workspace, 'tests/test_pricing.py'),
  },
];
