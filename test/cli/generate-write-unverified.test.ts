import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/**
 * Issue 41: `generate --write` wrote code that was not verified — NOT VERIFIED (its tests ran nothing) or
 * --no-checks — recorded it as accepted, and the fine-tuning export shipped it (an endless loop did).
 * Writing unverified code needs --write-unverified, and it is never accepted data for the export.
 */
const sandbox = await sandboxAvailability();
const project = fakeModelProject('vouch-generate-write-', { 'vouch.toml': '' });
const LOOP = 'def wait(job):\n    while not job.done:\n        pass\n    return job.result\n';
const SKIPPED_TESTS =
  'import pytest\nfrom solution import wait\n\n\n@pytest.mark.skip(reason="slow")\ndef test_wait():\n    assert wait(None) is None\n';
const fence = (code: string) => `\`\`\`python\n${code}\`\`\``;

const generate = (args: string[], answer: string) => {
  project.fake.script('/v1/chat/completions', { text: answer });
  return runMain(
    [
      'generate',
      'wait for the job',
      '--lang',
      'python',
      '--repair',
      '0',
      '--model',
      'openai:gpt-4o-mini',
      ...args,
    ],
    { cwd: project.workspace, env: { OPENAI_BASE_URL: project.fake.openAiUrl } },
  );
};
const exported = async () => {
  const result = await runMain(['export', 'finetune', '--json'], { cwd: project.workspace });
  expect(result.code, result.stderr).toBe(0);
  return result.json<{ records: number; excluded: { unverified: number } }>();
};
const accepted = async () => {
  const stats = await runMain(['stats', '--json'], { cwd: project.workspace });
  return stats.json<{ total: { accepted: number } }>().total.accepted;
};

describe.skipIf(!sandbox.available)('vouch generate --write of unverified code', () => {
  it('does not write NOT VERIFIED code without --write-unverified, and says how', async () => {
    const result = await generate(
      ['--write', 'jobs.py', '--json'],
      `${fence(LOOP)}\n\n${fence(SKIPPED_TESTS)}`,
    );
    expect(result.code, result.stderr).toBe(1);
    const output = result.json<{
      written: string | null;
      not_written: string;
      verification: { status: string };
    }>();
    expect(output.verification.status).toBe('unverified');
    expect(output.written).toBeNull();
    expect(output.not_written).toContain('add --write-unverified to write it anyway');
    expect(existsSync(join(project.workspace, 'jobs.py'))).toBe(false);
    expect(await accepted()).toBe(0);
  });

  it('does not write --no-checks code without --write-unverified', async () => {
    const result = await generate(['--no-checks', '--write', 'jobs.py', '--json'], fence(LOOP));
    expect(result.json<{ not_written: string }>().not_written).toContain('not verified (--no-checks)');
    expect(existsSync(join(project.workspace, 'jobs.py'))).toBe(false);
  });

  it('writes it with --write-unverified, says so, and never records it as accepted or exports it', async () => {
    const result = await generate(['--no-checks', '--write', 'jobs.py', '--write-unverified'], fence(LOOP));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(
      'written to jobs.py NOT VERIFIED (--write-unverified); not recorded as accepted',
    );
    expect(readFileSync(join(project.workspace, 'jobs.py'), 'utf8')).toBe(LOOP);
    expect(await accepted()).toBe(0);
    // even when the user says afterwards they kept it, nothing verified it: not an example to learn from
    const id = /vouch feedback ([0-9a-f-]{36})/.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    const feedback = await runMain(['feedback', id!, 'accepted'], { cwd: project.workspace });
    expect(feedback.code, feedback.stderr).toBe(0);
    const exports = await exported();
    expect(exports.records).toBe(0);
    expect(exports.excluded.unverified).toBe(1);
  });

  it('still writes verified code and records it as accepted', async () => {
    const right = 'def add(a, b):\n    return a + b\n';
    const result = await generate(
      ['--write', 'calc.py', '--json'],
      `${fence(right)}\n\n${fence('from solution import add\n\n\ndef test_add():\n    assert add(2, 2) == 4\n')}`,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<{ written: string }>().written).toBe('calc.py');
    expect(await accepted()).toBe(1);
    expect((await exported()).records).toBe(1);
  });
});
