import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

let fake: FakeProviders;
let made: string[] = [];
let workspace: string;

beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  workspace = tempProject(
    'vouch-ask-cli-',
    {
      'vouch.toml': '',
      'shop/__init__.py': '',
      'shop/prices.py':
        'def net_price(gross: float, rate: float = 0.2) -> float:\n    """The price without VAT."""\n    return gross / (1 + rate)\n',
    },
    made,
  );
});
afterEach(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made = [];
});

describe('vouch ask', () => {
  it('answers from the index with citations that resolve; the others are dropped and reported', {
    timeout: 90_000,
  }, async () => {
    expect((await runCli(['index'], { cwd: workspace })).code).toBe(0);
    fake.script('/v1/chat/completions', {
      text: 'VAT comes off in net_price [shop/prices.py:1-3] (not [shop/vat.py:9]).',
    });
    const result = await runCli(['ask', 'how is VAT taken off?', '--model', 'openai:gpt-4o-mini', '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<{
      explanation: string;
      citations: { path: string; startLine: number; endLine: number }[];
      notes: string[];
    }>();
    expect(output.citations).toEqual([
      expect.objectContaining({ path: 'shop/prices.py', startLine: 1, endLine: 3 }),
    ]);
    expect(output.explanation).toBe('VAT comes off in net_price [shop/prices.py:1-3] (not ).');
    expect(output.notes.join(' ')).toContain('[shop/vat.py:9]');
    const body = fake.requestsTo('/v1/chat/completions')[0]!.body as { messages: { content: string }[] };
    expect(body.messages.at(-1)!.content).toContain('def net_price');
  });

  it('exits 1 when the answer cites no real code, and 2 on an empty question', {
    timeout: 90_000,
  }, async () => {
    fake.script('/v1/chat/completions', { text: 'Probably in billing.py.' });
    const ungrounded = await runCli(['ask', 'where is billing?', '--model', 'openai:gpt-4o-mini'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl },
    });
    expect(ungrounded.code).toBe(1);
    expect(ungrounded.stdout).toMatch(/not grounded in the code/);
    const empty = await runCli(['ask', ' ', '--model', 'openai:gpt-4o-mini'], { cwd: workspace });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/the question is empty/);
  });
});
