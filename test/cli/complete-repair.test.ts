import { describe, expect, it } from 'vitest';
import { fakeModelProject } from '../support/fake-model-project.js';
import { runMain } from '../support/run-main.js';

/** `vouch complete --repair N`: the loop over the real protocols (FIM for the completion, chat for rounds). */

const project = fakeModelProject('vouch-complete-repair-', {
  'vouch.toml': '',
  'shop/__init__.py': '',
  'shop/prices.py':
    'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
  'shop/cart.py':
    'from shop.prices import net_price\n\n\ndef cart_total(items):\n    \n\n\ndef empty():\n    return []\n',
});

const complete = (args: string[]) =>
  runMain(['complete', 'shop/cart.py:5:5', '--model', 'openai:qwen2.5-coder-1.5b', '--json', ...args], {
    cwd: project.workspace,
    env: { OPENAI_BASE_URL: project.fake.openAiUrl },
  });

describe('vouch complete --repair', () => {
  it('sends a completion that does not parse back as a chat and delivers the round that parses', async () => {
    project.fake.script('/v1/completions', { text: 'return sum(net_price(item) for item in items' });
    project.fake.script('/v1/chat/completions', {
      text: '```python\nreturn sum(net_price(item) for item in items)\n```',
    });
    const result = await complete(['--repair', '2']);
    expect(result.code, result.stderr).toBe(0);
    const output = result.json<{
      completion: string;
      status: string;
      rounds: { round: number; status: string; feedback: string[] }[];
    }>();
    expect(output.completion).toBe('return sum(net_price(item) for item in items)');
    expect(output.status).toBe('pass');
    expect(output.rounds).toMatchObject([{ round: 1, status: 'pass' }]);
    expect(output.rounds[0]!.feedback[0]).toMatch(/^syntax: line 5: /);
    const chat = project.fake.requestsTo('/v1/chat/completions')[0]!.body as {
      messages: { role: string; content: string }[];
    };
    expect(chat.messages[1]!.content).toContain('def cart_total(items):\n    <CURSOR>');
  });

  it('stays single-shot without --repair', async () => {
    project.fake.script('/v1/completions', { text: 'return sum(net_price(item) for item in items' });
    const result = await complete([]);
    expect(result.code).toBe(1);
    expect(project.fake.requestsTo('/v1/chat/completions')).toHaveLength(0);
  });
});
