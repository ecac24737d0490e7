import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffAnswer } from '../../bench/verdict/honesty-case.js';
import {
  ASSERT_TRUE_HUNK,
  MEAN_FIX_HUNK,
  MEAN_TEST,
  STATS_FILES,
  XFAIL_HUNK,
} from '../../bench/verdict/projects.js';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `vouch debug` accepted a "fix" that weakens the failing test. A diff that edits the test
 * (removes or trivialises assertions, adds skip/xfail, catches the error) is never "fixed" on the re-run
 * alone: the result says what it changed, exits 1, and writes nothing. The project and the two weakening
 * diffs are the verdict-honesty corpus's own (bench/verdict/projects.ts: debug-assert-true, debug-adds-xfail).
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-debug-weakened-', STATS_FILES);

const diff = (path: string, hunk: string[]) => diffAnswer('The fix.', path, hunk);
const ASSERT_TRUE = diff('tests/test_stats.py', ASSERT_TRUE_HUNK);
const XFAIL = diff('tests/test_stats.py', XFAIL_HUNK);
const RIGHT_WITH_A_NEW_TEST = [
  diff('stats.py', MEAN_FIX_HUNK),
  diff('tests/test_stats.py', [
    '@@ -3,3 +3,4 @@',
    ' ',
    ' def test_mean():',
    '     assert mean([1, 2, 3]) == 2',
    '+    assert mean([4]) == 4',
  ]),
].join('\n\n');

interface Output {
  verification: { status: string; checks: { name: string; status: string; reason?: string }[] };
  notes: string[];
  details: { fixed: boolean; testEdits?: { path: string; changes: string[] }[]; rejected?: { diff: string } };
}

const cli = (...answers: string[]) => {
  project.fake.script('/v1/chat/completions', ...answers.map((text) => ({ text })));
  return runMain(
    ['debug', '--model', 'openai:gpt-4o-mini', '--json', '--repair', '0', '--apply', '--', 'pytest', 'tests'],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
};

describe.skipIf(!sandbox.available)('vouch debug: a fix that weakens the test', () => {
  it('a diff that replaces the failing assertion with assert True is not fixed: exit 1, says what it changed, applies nothing', async () => {
    const result = await cli(ASSERT_TRUE);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.details.fixed).toBe(false);
    expect(output.verification.status).toBe('unverified');
    expect(output.details.testEdits).toEqual([
      {
        path: 'tests/test_stats.py',
        changes: [
          'removes 1 assertion(s): `assert mean([1, 2, 3]) == 2`',
          'adds an assertion that cannot fail: `assert True`',
        ],
      },
    ]);
    expect(output.details.rejected?.diff).toContain('+    assert True');
    expect(output.notes.join('\n')).toContain('not fixed: the fix edits the test');
    expect(readFileSync(join(project.workspace, 'tests/test_stats.py'), 'utf8')).toBe(MEAN_TEST);
  });

  it('a diff that marks the failing test xfail is not fixed', async () => {
    const result = await cli(XFAIL);
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<Output>();
    expect(output.details.fixed).toBe(false);
    expect(output.details.testEdits?.[0]?.changes).toContain('marks a test skip or xfail');
    expect(output.verification.checks.find((check) => check.name === 'test-edits')?.status).toBe('error');
  });

  it('a fix of the code that also adds an assertion to the test is fixed', async () => {
    const result = await cli(RIGHT_WITH_A_NEW_TEST);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<Output>();
    expect(output.details.fixed).toBe(true);
    expect(output.details.testEdits).toBeUndefined();
  });
});
