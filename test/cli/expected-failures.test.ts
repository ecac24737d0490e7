import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: an expected failure (pytest's xfail, unittest's expectedFailure, vitest's it.fails), a skip or a
 * todo is never evidence that code works — not in `vouch check --test`, and under the model's own tests in
 * `vouch generate` the code is not verified.
 */
const sandbox = await sandboxAvailability();
const WRONG_ADD = 'def add(a, b):\n    return a - b\n';
const VITEST = join(import.meta.dirname, '../../node_modules/vitest');
const project = fakeModelProject('vouch-expected-failures-', {
  'vouch.toml': '',
  'calc.py': WRONG_ADD,
  'tests/test_xfail.py':
    'import pytest\n\nfrom calc import add\n\n\n@pytest.mark.xfail\ndef test_add():\n    assert add(2, 2) == 4\n',
  'tests/test_expected.py':
    'import unittest\n\nfrom calc import add\n\n\nclass AddTest(unittest.TestCase):\n    @unittest.expectedFailure\n    def test_add(self):\n        self.assertEqual(add(2, 2), 4)\n',
  'tests/test_mixed.py':
    'import pytest\n\nfrom calc import add\n\n\ndef test_zero():\n    assert add(0, 0) == 0\n\n\n@pytest.mark.xfail(reason="known")\ndef test_add():\n    assert add(2, 2) == 4\n',
  'package.json': JSON.stringify({ name: 'shop', type: 'module', devDependencies: { vitest: '^4.1.0' } }),
  'src/sum.ts': 'export function sum(a: number, b: number): number {\n  return a - b;\n}\n',
  'src/sum.test.ts':
    "import { expect, it } from 'vitest';\nimport { sum } from './sum';\n\nit.fails('adds', () => {\n  expect(sum(2, 2)).toBe(4);\n});\n",
});

interface CheckJson {
  status: string;
  checks: { name: string; status: string; reason?: string; details?: { tests: { status: string }[] } }[];
}
const check = (args: string[]) => runMain(['check', ...args, '--json'], { cwd: project.workspace });
const testsOf = (output: CheckJson) => output.checks.find((entry) => entry.name === 'tests')!;

describe.skipIf(!sandbox.available)('expected failures are not evidence', () => {
  it('check --test: an xfail test around a wrong assertion is not a pass (pytest)', async () => {
    const result = await check(['calc.py', '--test', 'tests/test_xfail.py']);
    expect(result.code, result.stdout).toBe(1);
    const output = result.json<CheckJson>();
    expect(output.status).toBe('unverified');
    expect(testsOf(output).reason).toContain('1 declared to fail (xfail, expectedFailure, it.fails) and did');
    expect(testsOf(output).details?.tests).toEqual([
      expect.objectContaining({ status: 'skipped', expectedFailure: true }),
    ]);
  });

  it("check --test: unittest's @expectedFailure is not a pass", async () => {
    const result = await check(['calc.py', '--test', 'tests/test_expected.py']);
    expect(result.code, result.stdout).toBe(1);
    expect(result.json<CheckJson>().status).toBe('unverified');
  });

  it('check --test: an xfail that failed beside a passing test still leaves the code not verified', async () => {
    const result = await check(['calc.py', '--test', 'tests/test_mixed.py']);
    expect(result.code, result.stdout).toBe(1);
    const output = result.json<CheckJson>();
    expect(output.status).toBe('unverified');
    expect(testsOf(output).reason).toBe(
      'pytest: 1/2 passed; 1 declared to fail (xfail, expectedFailure, it.fails) and did: the code does not do what that test asks, so it is not verified',
    );
  });

  it("check --test: vitest's it.fails around a wrong expectation is not a pass", async () => {
    mkdirSync(join(project.workspace, 'node_modules'));
    symlinkSync(VITEST, join(project.workspace, 'node_modules/vitest'));
    const result = await check(['src/sum.ts', '--test', 'src/sum.test.ts']);
    expect(result.code, result.stdout).toBe(1);
    const output = result.json<CheckJson>();
    expect(output.status).toBe('unverified');
    expect(testsOf(output).reason).toContain('vitest: 0/1 passed; 1 declared to fail');
  });

  it("generate: under the model's own tests, an xfail test makes the code not verified (exit 1)", async () => {
    project.fake.script('/v1/chat/completions', {
      text: `\`\`\`python\n${WRONG_ADD}\`\`\`\n\n\`\`\`python\nimport pytest\nfrom solution import add\n\n\ndef test_zero():\n    assert add(0, 0) == 0\n\n\n@pytest.mark.xfail\ndef test_add():\n    assert add(2, 2) == 4\n\`\`\``,
    });
    const result = await runMain(
      [
        'generate',
        'add two numbers',
        '--lang',
        'python',
        '--repair',
        '0',
        '--model',
        'openai:gpt-4o-mini',
        '--json',
      ],
      { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
    );
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<{
      verification: { status: string; checks: { name: string; reason?: string }[] };
    }>();
    expect(output.verification.status).toBe('unverified');
    expect(output.verification.checks.find((entry) => entry.name === 'tests')?.reason).toContain(
      '1 declared to fail (xfail, expectedFailure, it.fails) and did',
    );
  });
});
