import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fence } from '../../bench/verdict/honesty-case.js';
import {
  HEAVY_PARCEL_TESTS,
  SHOP_WITH_FIXTURE_FILES,
  SIBLING_IMPORT_TESTS,
} from '../../bench/verdict/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `vouch test --write` called a suite passing that had only run in vouch's own arrangement (beside
 * the module, the module's folder on the path), and wrote it where it fails. The suite is now generated
 * where it will be written (the project's conftest files apply: a fixture of tests/conftest.py works), and
 * run once more there as the project runs it before it is written; a suite that fails there is not
 * written, and the command says why and exits 1. The project and both suites are the verdict-honesty
 * corpus's own (bench/verdict/projects.ts: test-conftest-fixture-control, test-written-sibling-import).
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-test-written-', SHOP_WITH_FIXTURE_FILES);
const testCommand = (suite: string) => {
  project.fake.script('/v1/chat/completions', { text: fence('python', suite) });
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
    const result = await testCommand(HEAVY_PARCEL_TESTS);
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
    const result = await testCommand(SIBLING_IMPORT_TESTS);
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
