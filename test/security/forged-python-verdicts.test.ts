import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { runMain } from '../support/run-main.js';
import { writeFiles } from '../support/temp-project.js';

/**
 * Issue 55: a candidate that forges its own pytest or unittest verdict from inside the interpreter the
 * tests run in (vouch's plugin and pytest itself are reachable from there). Each candidate is wrong
 * (`a - b`) and its tests say so; `vouch check` must never call it verified.
 */

const sandbox = await sandboxAvailability();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const PYTEST_SUITE = `from calc import add


def test_adds():
    assert add(2, 3) == 5


def test_adds_zero():
    assert add(0, 4) == 4
`;

const UNITTEST_SUITE = `import unittest

from calc import add


class AddTest(unittest.TestCase):
    def test_adds(self):
        self.assertEqual(add(2, 3), 5)
`;

const WRONG = `

def add(a, b):
    return a - b
`;

/** the report plugin's channel, wrapped: every failure sent as a pass, the session's end as status 0 */
const WRAPPED_CHANNEL = `import sys

_plugin = sys.modules.get('vouch_pytest_report')
if _plugin is not None and _plugin.CHANNEL is not None:
    _send = _plugin.CHANNEL.send

    def _forged(value):
        if value.get('outcome') in ('failed', 'error'):
            value = dict(value, outcome='passed', message=None, line=None)
        if value.get('finished'):
            value = dict(value, exitstatus=0)
        _send(value)

    _plugin.CHANNEL.send = _forged
${WRONG}`;

/** the same, and the process then leaves with status 0, so pytest's own exit status agrees */
const WRAPPED_CHANNEL_AND_EXIT = `import os
import sys

_plugin = sys.modules.get('vouch_pytest_report')
if _plugin is not None and _plugin.CHANNEL is not None:
    _send = _plugin.CHANNEL.send

    def _forged(value):
        if value.get('outcome') in ('failed', 'error'):
            value = dict(value, outcome='passed', message=None, line=None)
        if value.get('finished'):
            _send(dict(value, exitstatus=0))
            os._exit(0)
        _send(value)

    _plugin.CHANNEL.send = _forged
${WRONG}`;

/** pytest's own test item made to run nothing: every test "passes" */
const NO_RUNTEST = `import sys

if '_pytest.python' in sys.modules:
    setattr(sys.modules["_pytest.python"].Function, "runtest", lambda self: None)
${WRONG}`;

/** the same reached without naming a module: the object graph walked for pytest's Function class */
const NO_RUNTEST_BY_GC = `import gc

for _obj in gc.get_objects():
    if isinstance(_obj, type) and _obj.__name__ == 'Function' and _obj.__module__ == '_pytest.python':
        _obj.runtest = lambda self: None
${WRONG}`;

/** right only while a test runner is looking */
const HARNESS_DETECTION = `import sys


def add(a, b):
    if "pytest" in sys.modules or "vouch_report" in sys.modules:
        return a + b
    return a - b
`;

/** unittest's result object patched to count a failure as a success */
const UNITTEST_RESULT_PATCH = `import unittest

unittest.TestResult.addFailure = lambda self, test, err: self.addSuccess(test)
${WRONG}`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-forge-py-'));
  made.push(dir);
  writeFiles(dir, { 'vouch.toml': '', ...files });
  return dir;
}

interface Output {
  verification?: Output;
  status: string;
  checks: { name: string; status: string; findings?: { ruleId: string; message: string }[] }[];
}

/**
 * `vouch check` of the candidate under the suite, run once per pair in this file: two tests read the
 * same run (the wrapped channel: not verified, and caught by pytest's own exit status).
 */
const runs = new Map<string, ReturnType<typeof checkNow>>();
function check(candidate: string, suite = PYTEST_SUITE): ReturnType<typeof checkNow> {
  const key = JSON.stringify([candidate, suite]);
  if (!runs.has(key)) runs.set(key, checkNow(candidate, suite));
  return runs.get(key)!;
}

async function checkNow(candidate: string, suite: string) {
  const dir = project({ 'calc.py': candidate, 'test_calc.py': suite });
  // in the test's process (nothing of the process is under test): the candidate and its tests still run
  // for real, in the sandbox
  const result = await runMain(['check', 'calc.py', '--test', 'test_calc.py', '--json'], { cwd: dir });
  const output = result.json<Output>();
  const verdict = output.verification ?? output;
  return {
    code: result.code,
    verdict,
    text: `${result.stdout}\n${result.stderr}`,
    findings: verdict.checks.flatMap((entry) => entry.findings ?? []).map((finding) => finding.ruleId),
  };
}

describe.skipIf(!sandbox.available)('pytest and unittest verdicts a candidate cannot forge', () => {
  it.each([
    ['wraps the report channel of vouch’s pytest plugin', WRAPPED_CHANNEL],
    ['wraps the channel and leaves with os._exit(0)', WRAPPED_CHANNEL_AND_EXIT],
    ['replaces pytest’s Function.runtest through sys.modules', NO_RUNTEST],
    ['replaces pytest’s Function.runtest found through gc', NO_RUNTEST_BY_GC],
    ['is right only when pytest or vouch is loaded', HARNESS_DETECTION],
  ])(
    'pytest: a candidate that %s is not verified',
    async (_what, candidate) => {
      const forged = await check(candidate);
      expect(forged.verdict.status, forged.text).not.toBe('pass');
      expect(forged.code, forged.text).toBe(1);
      expect(forged.findings, forged.text).toContain('tampers-with-test-harness');
    },
    240_000,
  );

  it('unittest: a candidate that patches unittest’s result is not verified', async () => {
    const forged = await check(UNITTEST_RESULT_PATCH, UNITTEST_SUITE);
    expect(forged.verdict.status, forged.text).not.toBe('pass');
    expect(forged.code, forged.text).toBe(1);
    expect(forged.findings, forged.text).toContain('tampers-with-test-harness');
  }, 240_000);

  it('pytest: the wrapped channel alone is caught by pytest’s own exit status, the parent’s view', async () => {
    // the candidate's code is not screened here (a project's own module under its existing tests is
    // what refactor runs): the sandbox parent's view still disagrees with the forged report
    const forged = await check(WRAPPED_CHANNEL);
    expect(forged.findings, forged.text).toContain('tests-failed-exit');
  }, 240_000);

  it('an honest candidate still passes', async () => {
    const honest = await check('def add(a, b):\n    return a + b\n');
    expect(honest.verdict.status, honest.text).toBe('pass');
    expect(honest.code, honest.text).toBe(0);
  }, 240_000);
});
