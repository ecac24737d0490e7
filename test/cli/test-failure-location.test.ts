import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * A failing test points at the line of the assertion that failed, with the whole message: not line 1,
 * and not a message cut after 500 characters in the middle of a word.
 */
const sandbox = await sandboxAvailability();
const WORDS = Array.from({ length: 120 }, (_, index) => `word${index}`).join(' ');

const CALC = 'def mean(values):\n    return sum(values) / len(values) + 1\n';
const TESTS = [
  'from calc import mean',
  '',
  '',
  'def test_mean():',
  '    values = [1, 2, 3]',
  `    assert mean(values) == 2, "the mean is wrong: ${WORDS} end-of-message"`,
  '',
].join('\n');
const UNITTESTS = [
  'import unittest',
  '',
  'from calc import mean',
  '',
  '',
  'class MeanTest(unittest.TestCase):',
  '    def test_mean(self):',
  `        self.assertEqual(mean([1, 2, 3]), 2, "the mean is wrong: ${WORDS} end-of-message")`,
  '',
].join('\n');

interface Report {
  checks: { name: string; findings: { ruleId: string; file: string; line: number; message: string }[] }[];
}

function project(testFile: string, tests: string): string {
  const workspace = testFolder('vouch-test-location-');
  writeFileSync(join(workspace, 'vouch.toml'), '');
  writeFileSync(join(workspace, 'calc.py'), CALC);
  mkdirSync(join(workspace, 'tests'));
  writeFileSync(join(workspace, testFile), tests);
  return workspace;
}

describe.skipIf(!sandbox.available)('a failing test, as check reports it', () => {
  it.each([
    ['pytest', 'tests/test_calc.py', TESTS, 6],
    ['unittest', 'tests/test_unit.py', UNITTESTS, 8],
  ])('%s: the assertion’s line and the whole message', async (_, testFile, tests, line) => {
    const workspace = project(testFile, tests);
    const result = await runMain(['check', 'calc.py', '--test', testFile, '--json'], {
      cwd: workspace,
    });
    expect(result.code, result.stderr).toBe(1);
    const failed = (result.json() as Report).checks
      .flatMap((check) => check.findings)
      .filter((finding) => finding.ruleId === 'test-failed');
    expect(failed).toHaveLength(1);
    // the line is the assertion's, in the test file as the user named it (not vouch's copy of it)
    expect(failed[0]).toMatchObject({ file: testFile, line });
    expect(failed[0]!.message).toContain(`${WORDS} end-of-message`);
  });

  it('node:test: a JavaScript test in another folder runs where it lives and is named by its file', async () => {
    const workspace = testFolder('vouch-test-location-js-');
    writeFileSync(join(workspace, 'vouch.toml'), '');
    writeFileSync(join(workspace, 'package.json'), '{"type":"module"}\n');
    writeFileSync(
      join(workspace, 'calc.js'),
      'export function mean(values) {\n  return values.reduce((a, b) => a + b, 0) / values.length + 1;\n}\n',
    );
    mkdirSync(join(workspace, 'test'));
    writeFileSync(
      join(workspace, 'test/calc.test.js'),
      "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { mean } from '../calc.js';\n\ntest('mean', () => {\n  assert.equal(mean([1, 2, 3]), 2);\n});\n",
    );
    const result = await runMain(['check', 'calc.js', '--test', 'test/calc.test.js', '--json'], {
      cwd: workspace,
    });
    expect(result.code, result.stderr).toBe(1);
    const failed = (result.json() as Report).checks
      .flatMap((check) => check.findings)
      .filter((finding) => finding.ruleId === 'test-failed');
    // before: the copy beside calc.js could not import '../calc.js' and no test ran; now the test itself fails
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ file: 'test/calc.test.js' });
    expect(failed[0]!.message).toMatch(/test `mean` failed/);
  });
});
