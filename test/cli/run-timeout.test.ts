import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * A candidate that never returns: its tests ran 120 s per round (365 s with the default two repair
 * rounds). Each run now has a limit that fits a function's tests, and `--timeout` sets it.
 */

const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-run-timeout-', { 'vouch.toml': '' });

const LOOPING = [
  '```python',
  'def wait_for(flag):',
  '    while not flag():',
  '        pass',
  '    return True',
  '```',
  '',
  '```python',
  'from waiting import wait_for',
  '',
  '',
  'def test_waits():',
  '    assert wait_for(lambda: False)',
  '```',
].join('\n');

interface Output {
  verification: {
    checks: {
      name: string;
      status: string;
      durationMs: number;
      findings: { ruleId: string; hint: string }[];
    }[];
  };
}

/** The one scenario both tests run: a looping candidate, no repair round, a 3 s limit per run. */
async function generateLooping(extra: string[]) {
  project.fake.script('/v1/chat/completions', { text: LOOPING });
  return runMain(
    [
      'generate',
      'wait for a flag',
      '--file',
      'waiting.py',
      '--model',
      'openai:m',
      '--repair',
      '0',
      '--timeout',
      '3',
      ...extra,
    ],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
}

describe.skipIf(!sandbox.available)('a per-run time limit (--timeout)', () => {
  it('generate stops a looping candidate at --timeout and says how to give a slow suite longer', async () => {
    const result = await generateLooping(['--json']);
    expect(result.code, result.stderr).toBe(1);
    const tests = result.json<Output>().verification.checks.find((check) => check.name === 'tests');
    expect(tests?.findings.map((finding) => finding.ruleId)).toContain('tests-timeout');
    expect(tests?.findings.find((finding) => finding.ruleId === 'tests-timeout')?.hint).toMatch(
      /each run may take 3 s; a slower suite: --timeout SECONDS/,
    );
    // the run ended at its limit (3 s), not at the old 120 s: generous for a busy machine's sandbox start
    expect(tests?.durationMs).toBeLessThan(30_000);
  });

  it('shows progress on stderr off a terminal, in plain lines', async () => {
    const result = await generateLooping([]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^vouch: verify…$/m);
    expect(result.stderr).toMatch(/^vouch: check syntax: pass \(\d+\.\d s\)$/m);
    expect(result.stderr).toMatch(/^vouch: check tests: fail \(\d+\.\d s\)/m);
    // plain lines: no colour, no carriage returns of a redrawn bar
    expect(result.stderr).not.toMatch(/\u001b|\r/);
  });

  // a bad --timeout as a usage error before asking the model: in-process in src/cli/refusals.test.ts
});
