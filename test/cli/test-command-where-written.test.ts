import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `vouch test --write` called a suite passing that had only run in vouch's own arrangement (beside
 * the module, the module's folder on the path), and wrote it where it fails. The suite is now generated
 * where it will be written (the project's conftest files apply: a fixture of tests/conftest.py works), and
 * run once more there as the project runs it before it is written; a suite that fails there is not
 * written, and the command says why and exits 1.
 */
const sandbox = await sandboxAvailability();
const PRICING = `from .rates import PER_KG


def shipping_cost(weight_kg: float) -> float:
    if weight_kg <= 1:
        return 0.0
    return round(PER_KG * weight_kg, 2)
`;
const project = fakeModelProject('vouch-test-written-', {
  'vouch.toml': '',
  'pyproject.toml':
    '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
  'shop/__init__.py': '',
  'shop/rates.py': 'PER_KG = 4.5\n',
  'shop/pricing.py': PRICING,
  'tests/conftest.py': 'import pytest\n\n\n@pytest.fixture\ndef heavy_parcel():\n    return 2\n',
  'tests/test_rates.py': 'from shop.rates import PER_KG\n\n\ndef test_rate():\n    assert PER_KG == 4.5\n',
});
const fence = (code: string) => `\`\`\`python\n${code}\`\`\``;
const testCommand = (suite: string) => {
  project.fake.script('/v1/chat/completions', { text: fence(suite) });
  return runMain(
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
};
interface Output {
  verification: { status: string; checks: { name: string; status: string; reason?: string }[] };
  details: { passed: number; written?: boolean; droppedTests?: { name: string }[] };
}

describe.skipIf(!sandbox.available)('vouch test --write: run where it is written', () => {
  it("generates the suite where it goes, so a fixture of the project's conftest.py works", async () => {
    const result = await testCommand(
      'from shop.pricing import shipping_cost\n\n\ndef test_heavy(heavy_parcel):\n    assert shipping_cost(heavy_parcel) == 9.0\n\n\ndef test_light():\n    assert shipping_cost(1) == 0.0\n',
    );
    expect(result.code, result.stdout).toBe(0);
    const output = result.json<Output>();
    expect(output.details.passed).toBe(2);
    expect(output.details.droppedTests ?? []).toEqual([]);
    expect(output.verification.checks).toContainEqual(
      expect.objectContaining({ name: 'tests-where-written', status: 'pass' }),
    );
    expect(readFileSync(join(project.workspace, 'tests/test_pricing.py'), 'utf8')).toContain('heavy_parcel');
  });

  it("does not write a suite that passes only in vouch's arrangement, says why, and exits 1", async () => {
    // `rates` imports only with the module's folder on the path, as vouch ran it; the project has no such path
    const result = await testCommand(
      'from shop.pricing import shipping_cost\nfrom rates import PER_KG\n\n\ndef test_two_kilograms():\n    assert shipping_cost(2) == round(PER_KG * 2, 2)\n',
    );
    expect(result.code, result.stdout).toBe(1);
    const output = result.json<Output>();
    expect(output.details.written).toBe(false);
    const check = output.verification.checks.find((entry) => entry.name === 'tests-where-written');
    expect(check?.status).toBe('fail');
    expect(check?.reason).toContain(
      'the tests do not pass at tests/test_pricing.py, run as the project runs them',
    );
    expect(existsSync(join(project.workspace, 'tests/test_pricing.py'))).toBe(false);
  });
});
