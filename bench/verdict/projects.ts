import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fence } from './honesty-case.js';

/**
 * The small projects, model answers and command lines that more than one part of the verdict-honesty
 * corpus uses, and that the CLI tests of the same fixes use too (test/cli/debug-weakened-test.test.ts,
 * test-command-package.test.ts, test-command-where-written.test.ts): one definition, so a case and its test
 * cannot drift apart. Synthetic: written by the project.
 */

// the real path: a checkout whose node_modules is itself a link would give the project a link the
// sandbox cannot follow (it mounts the real folder)
export const VITEST = realpathSync(join(import.meta.dirname, '../../node_modules/vitest'));
/** A project's package.json that installs vitest 4 (linked in as `node_modules/vitest`). */
export const vitestPackage = (name: string) =>
  JSON.stringify({ name, type: 'module', devDependencies: { vitest: '^4.1.0' } });

// ── the command lines, past the task's own arguments ─────────────────────────────────────────────────
export const GENERATE = ['--model', 'openai:gpt-4o-mini', '--json', '--repair', '0'];
export const REFACTOR = ['--goal', 'simpler', '--model', 'openai:gpt-4o-mini', '--json'];
export const TEST = ['--model', 'openai:gpt-4o-mini', '--json', '--rounds', '0'];
export const COMPLETE = ['--model', 'openai:qwen2.5-coder-1.5b', '--json'];
/** `vouch debug …` up to the `--`; the failing command follows */
export const DEBUG = ['debug', '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--'];
/** `vouch review` of the case's git change, exit 0 whatever it finds */
export const REVIEW = [
  'review',
  '--patch',
  'change.patch',
  '--model',
  'openai:gpt-4o-mini',
  '--json',
  '--fail-on',
  'none',
];

// ── code, right and wrong ────────────────────────────────────────────────────────────────────────────
export const WRONG_ADD = 'def add(a, b):\n    return a - b\n';
export const RIGHT_ADD = 'def add(a, b):\n    return a + b\n';
export const WRONG_SUM = 'export function sum(a: number, b: number): number {\n  return a - b;\n}\n';
export const RIGHT_SUM = 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n';

// ── stats: a mean that adds 1, and the test that catches it (debug) ──────────────────────────────────
export const MEAN = 'def mean(values):\n    return sum(values) / len(values) + 1\n';
export const MEAN_TEST = 'from stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2, 3]) == 2\n';
export const STATS_FILES = { 'vouch.toml': '', 'stats.py': MEAN, 'tests/test_stats.py': MEAN_TEST };
/** The "fix" that replaces the failing assertion with `assert True` (a hunk of tests/test_stats.py). */
export const ASSERT_TRUE_HUNK = [
  '@@ -3,3 +3,3 @@',
  ' ',
  ' def test_mean():',
  '-    assert mean([1, 2, 3]) == 2',
  '+    assert True',
];
/** The "fix" that marks the failing test xfail (a hunk of tests/test_stats.py). */
export const XFAIL_HUNK = [
  '@@ -1,5 +1,8 @@',
  '+import pytest',
  ' from stats import mean',
  ' ',
  ' ',
  '+@pytest.mark.xfail',
  ' def test_mean():',
  '     assert mean([1, 2, 3]) == 2',
];
/** The right fix, in stats.py. */
export const MEAN_FIX_HUNK = [
  '@@ -1,2 +1,2 @@',
  ' def mean(values):',
  '-    return sum(values) / len(values) + 1',
  '+    return sum(values) / len(values)',
];

// ── shop: a module in a package, with a relative import (test) ───────────────────────────────────────
export const PRICING = `from .rates import PER_KG


def shipping_cost(weight_kg: float) -> float:
    if weight_kg <= 1:
        return 0.0
    return round(PER_KG * weight_kg, 2)
`;
const SHOP = {
  'vouch.toml': '',
  'pyproject.toml':
    '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'shop/__init__.py': '',
  'shop/rates.py': 'PER_KG = 4.5\n',
  'shop/pricing.py': PRICING,
  'tests/test_rates.py': 'from shop.rates import PER_KG\n\n\ndef test_rate():\n    assert PER_KG == 4.5\n',
};
/** The shop package with an empty conftest.py at its root (pytest's rootdir-style import). */
export const SHOP_FILES = { ...SHOP, 'conftest.py': '' };
/** The shop package whose tests/conftest.py holds a fixture, `heavy_parcel` (2 kg). */
export const SHOP_WITH_FIXTURE_FILES = {
  ...SHOP,
  'tests/conftest.py': 'import pytest\n\n\n@pytest.fixture\ndef heavy_parcel():\n    return 2\n',
};
/** Right tests of shipping_cost, importing it from `module` (the package's name, or a wrong one). */
export const shippingTests = (module: string) =>
  fence(
    'python',
    `from ${module} import shipping_cost


def test_free_up_to_one_kilogram():
    assert shipping_cost(1) == 0.0


def test_two_kilograms():
    assert shipping_cost(2) == 9.0
`,
  );
/** Right tests that use tests/conftest.py's `heavy_parcel`. */
export const HEAVY_PARCEL_TESTS =
  'from shop.pricing import shipping_cost\n\n\ndef test_heavy(heavy_parcel):\n    assert shipping_cost(heavy_parcel) == 9.0\n\n\ndef test_light():\n    assert shipping_cost(1) == 0.0\n';
/** Tests importing `rates` bare: they pass only with the module's folder on the path. */
export const SIBLING_IMPORT_TESTS =
  'from shop.pricing import shipping_cost\nfrom rates import PER_KG\n\n\ndef test_two_kilograms():\n    assert shipping_cost(2) == round(PER_KG * 2, 2)\n';
