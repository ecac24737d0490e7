import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

const BROKEN = [
  '```python',
  'def slugify(title: str) -> str',
  '    return "-".join(title.lower().split())',
  '```',
  'Joins the words with hyphens.',
].join('\n');
const FIXED = BROKEN.replace('-> str\n', '-> str:\n');

const fake = await fakeProvidersForFile();
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = testFolder('vouch-repair-');
  writeFileSync(join(workspace, 'vouch.toml'), '');
});

interface Output {
  generated_code: string;
  verification: {
    status: string;
    rounds: { round: number; feedback: string[]; status: string }[];
    checks: { name: string; status: string }[];
  };
}

const ARGS = ['generate', 'slugify a title', '--lang', 'python', '--model', 'openai:gpt-4o-mini', '--json'];

describe('vouch generate --repair', () => {
  it('sends the syntax error back and delivers the repaired code, with the round in the report', {
    timeout: 90_000,
  }, async () => {
    fake.script('/v1/chat/completions', { text: BROKEN }, { text: FIXED });
    // one round: FIXED has no tests, and a second round would ask for them (issue 41)
    const result = await runMain([...ARGS, '--repair', '1'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    const output = result.json<Output>();
    expect(output.generated_code).toContain('-> str:');
    expect(output.verification.rounds).toHaveLength(1);
    expect(output.verification.rounds[0]!.feedback[0]).toMatch(/^syntax: line 1: /);
    expect(output.verification.rounds[0]!.status).not.toBe('fail');
    expect(output.verification.checks.find((check) => check.name === 'syntax')!.status).toBe('pass');
    const requests = fake.requestsTo('/v1/chat/completions');
    expect(requests).toHaveLength(2);
    const messages = (requests[1]!.body as { messages: { role: string; content: string }[] }).messages;
    expect(messages.at(-2)).toMatchObject({ role: 'assistant' });
    expect(messages.at(-1)!.content).toMatch(/did not pass:\n- syntax: line 1: /);
  });

  it('with --repair 0 asks once and exits 1 on the failure; a bad count is a usage error', {
    timeout: 90_000,
  }, async () => {
    fake.script('/v1/chat/completions', { text: BROKEN });
    const result = await runMain([...ARGS, '--repair', '0'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(result.code).toBe(1);
    expect(result.json<Output>().verification.rounds).toEqual([]);
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(1);
    const bad = await runMain([...ARGS, '--repair', '9'], { cwd: workspace });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--repair/);
  });
});
