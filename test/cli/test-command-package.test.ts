import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `vouch test` on a module in a package imported it as a top-level module: its relative import
 * failed ("attempted relative import", a bogus suspected bug), and --write wrote `from pricing import …`,
 * which fails where it is written. A module in a package is imported by its package name.
 */
const sandbox = await sandboxAvailability();
const PRICING = `from .rates import PER_KG


def shipping_cost(weight_kg: float) -> float:
    if weight_kg <= 1:
        return 0.0
    return round(PER_KG * weight_kg, 2)
`;
const project = fakeModelProject('vouch-test-package-', {
  'vouch.toml': '',
  'pyproject.toml':
    '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'conftest.py': '',
  'shop/__init__.py': '',
  'shop/rates.py': 'PER_KG = 4.5\n',
  'shop/pricing.py': PRICING,
  'tests/test_rates.py': 'from shop.rates import PER_KG\n\n\ndef test_rate():\n    assert PER_KG == 4.5\n',
});
const TESTS =
  '```python\nfrom pricing import shipping_cost\n\n\ndef test_free_up_to_one_kilogram():\n    assert shipping_cost(1) == 0.0\n\n\ndef test_two_kilograms():\n    assert shipping_cost(2) == 9.0\n```';

describe.skipIf(!sandbox.available)('vouch test: a module in a package', () => {
  it('tells the model the package import, runs the tests with it, and writes the import the project needs', async () => {
    project.fake.script('/v1/chat/completions', { text: TESTS });
    const result = await runMain(
      [
        'test',
        'shop/pricing.py',
        '--write',
        'tests/test_pricing.py',
        '--rounds',
        '0',
        '--json',
        '--model',
        'openai:gpt-4o-mini',
      ],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    expect(result.code, result.stdout).toBe(0);
    const output = result.json<{ details: { passed: number; suspectedBugs?: unknown[] } }>();
    expect(output.details.passed).toBe(2);
    expect(output.details.suspectedBugs ?? []).toEqual([]);
    const prompt = (
      project.fake.requestsTo('/v1/chat/completions')[0]!.body as { messages: { content: string }[] }
    ).messages.at(-1)!.content;
    expect(prompt).toContain('from shop.pricing import shipping_cost');
    expect(readFileSync(join(project.workspace, 'tests/test_pricing.py'), 'utf8')).toContain(
      'from shop.pricing import shipping_cost',
    );
  });
});
