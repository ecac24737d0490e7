import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runCli } from '../support/run-cli.js';

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
  const workspace = mkdtempSync(join(tmpdir(), 'vouch-test-location-'));
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
  ])(
    '%s: the assertion’s line and the whole message',
    async (_, testFile, tests, line) => {
      const workspace = project(testFile, tests);
      const result = await runCli(['check', 'calc.py', '--test', testFile, '--json'], {
        cwd: workspace,
        timeoutMs: 120_000,
      });
      expect(result.code, result.stderr).toBe(1);
      const failed = (result.json() as Report).checks
        .flatMap((check) => check.findings)
        .filter((finding) => finding.ruleId === 'test-failed');
      expect(failed).toHaveLength(1);
      // the line is the assertion's in the test file (the file is still named as vouch's copy of it)
      expect(failed[0]).toMatchObject({ line });
      expect(failed[0]!.message).toContain(`${WORDS} end-of-message`);
    },
    150_000,
  );
});
