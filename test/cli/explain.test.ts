import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPLAIN_FILES, EXPLAIN_MODEL } from '../support/cli-explain-project.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { tempProject } from '../support/temp-project.js';

const fake = await fakeProvidersForFile();
let made: string[] = [];
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = tempProject('vouch-explain-cli-', EXPLAIN_FILES, made);
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

const MODEL = EXPLAIN_MODEL;

interface ExplainJson {
  explanation: string;
  notes: string[];
  citations: { path: string; startLine: number }[];
  details: {
    target: { path: string; startLine: number; endLine: number };
    dependencies: { name: string; path: string; line: number }[];
    findings: { line: number; plain: string }[];
  };
}

describe('vouch explain', () => {
  it('explains a symbol with dependencies from the index; citations that do not resolve are dropped and reported', async () => {
    expect((await runMain(['index'], { cwd: workspace })).code).toBe(0);
    fake.script('/v1/chat/completions', {
      text: '## Summary\nSums net prices [shop/cart.py:7] using [shop/prices.py:1] and [shop/tax.py:4].',
    });
    const result = await runMain(['explain', 'shop/cart.py:cart_total', ...MODEL, '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<ExplainJson>();
    expect(output.details.target).toMatchObject({ path: 'shop/cart.py', startLine: 6, endLine: 7 });
    expect(output.details.dependencies).toEqual([
      expect.objectContaining({ name: 'net_price', path: 'shop/prices.py', line: 1 }),
    ]);
    expect(output.explanation).toBe('## Summary\nSums net prices [shop/cart.py:7] using [shop/prices.py:1].');
    expect(output.notes.join(' ')).toContain('[shop/tax.py:4]');
    const body = fake.requestsTo('/v1/chat/completions')[0]!.body as { messages: { content: string }[] };
    expect(body.messages.at(-1)!.content).toContain('- [shop/prices.py:1] def net_price');
  });

  it('says what the security gate finds in a range, in plain words', async () => {
    fake.script('/v1/chat/completions', { text: '## Summary\nLooks a user up.' });
    const result = await runMain(['explain', 'shop/cart.py:10-12', ...MODEL], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Looks a user up.');
    expect(result.stdout).toMatch(/line 12 medium: .*can read or change any data in the database/);
  });

  // refusing a missing file, a range outside the file and an unknown symbol: in-process in
  // src/cli/commands/explain.test.ts

  it('generate --explain explains the delivered code before it is accepted', async () => {
    fake.script(
      '/v1/chat/completions',
      // with its tests: code whose tests ran nothing is not verified, and its repair round would ask for them
      {
        text: '```python\ndef double(x: int) -> int:\n    return 2 * x\n```\n\n```python\nfrom solution import double\n\n\ndef test_double():\n    assert double(3) == 6\n```\nDoubles.',
      },
      { text: '## Summary\nDoubles its argument.\n## How it works\n1. Multiplies by two.' },
    );
    const result = await runMain(
      ['generate', 'double a number', '--lang', 'python', '--explain', ...MODEL, '--json'],
      {
        cwd: workspace,
        env: { OPENAI_BASE_URL: fake.openAiUrl },
      },
    );
    const output = result.json<{ details: { explain: { explanation: string; gate: string } } }>();
    expect(output.details.explain.explanation).toContain('Multiplies by two.');
    expect(output.details.explain.gate).toBe('ran');
    const second = fake.requestsTo('/v1/chat/completions')[1]!.body as { messages: { content: string }[] };
    expect(second.messages.at(-1)!.content).toContain('2      return 2 * x');
  });

  it('never reads a symbolic link to a secrets file or out of the workspace, in explain, fix and complete', async () => {
    writeFileSync(join(workspace, '.env'), 'API_KEY="sk-live-do-not-send"\n');
    symlinkSync('../.env', join(workspace, 'shop', 'settings.py'));
    symlinkSync('/etc/passwd', join(workspace, 'shop', 'users.py'));
    fake.script('/v1/chat/completions', { text: 'unused' });
    const runs = [
      ['explain', 'shop/settings.py'],
      ['fix', 'shop/settings.py'],
      ['complete', 'shop/settings.py:1:1'],
      ['explain', 'shop/users.py'],
      ['fix', 'shop/users.py'],
      ['complete', 'shop/users.py:1:1'],
    ];
    for (const words of runs) {
      const result = await runMain([...words, ...MODEL, '--json'], {
        cwd: workspace,
        env: { OPENAI_BASE_URL: fake.openAiUrl },
      });
      const label = words.join(' ');
      expect(result.code, `${label}: ${result.stderr}`).toBe(2);
      const { error } = result.json<{ error: { message: string } }>();
      expect(error.message, label).toMatch(/leads (?:to a secrets file|outside the workspace)/);
      expect(result.stdout + result.stderr, label).not.toContain('sk-live-do-not-send');
      expect(result.stdout + result.stderr, label).not.toContain('root:x:0');
    }
    expect(fake.requests).toHaveLength(0);
  });
});
