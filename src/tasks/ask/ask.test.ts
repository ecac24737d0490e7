import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { type ScriptedModel, scriptedModel } from '../../../test/support/scripted-model.js';
import type { ChatRequest } from '../../model/types.js';
import { type AskDetails, runTask, type TaskHost } from '../index.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const FILES = {
  'vouch.toml': '',
  'shop/__init__.py': '',
  'shop/prices.py':
    'def net_price(gross: float, rate: float = 0.2) -> float:\n    """The price without VAT."""\n    return gross / (1 + rate)\n',
  'shop/cart.py':
    'from shop.prices import net_price\n\n\ndef cart_total(items):\n    return sum(net_price(item) for item in items)\n',
};

function hostFor(root: string, model: ScriptedModel, extra: Partial<TaskHost> = {}): TaskHost {
  return { workspaceRoot: root, config: {}, model: async () => model, checks: [], ...extra };
}

describe('ask', () => {
  it('answers from retrieval; citations that resolve are kept, the others removed and reported', async () => {
    const root = fixtures.project('vouch-ask-', FILES);
    const index = await fixtures.indexed(root);
    const model = scriptedModel([
      'VAT is taken off in `net_price` [shop/prices.py:1-3], called by [shop/cart.py:5]; see also [shop/vat.py:2] and [shop/prices.py:40].',
    ]);
    const result = await runTask({
      name: 'ask',
      input: { question: 'how is VAT taken off the price?' },
      host: hostFor(root, model, { index }),
    });
    expect(resultIssues('ask', result)).toEqual([]);
    expect(result.citations).toEqual([
      expect.objectContaining({ path: 'shop/prices.py', startLine: 1, endLine: 3 }),
      expect.objectContaining({ path: 'shop/cart.py', startLine: 5, endLine: 5 }),
    ]);
    expect(result.explanation).not.toMatch(/vat\.py|:40/);
    expect((result.details as unknown as AskDetails).dropped).toEqual([
      '[shop/vat.py:2]',
      '[shop/prices.py:40]',
    ]);
    expect(result.notes.join(' ')).toMatch(/2 citations did not resolve/);
    expect(result.context.some((source) => source.path === 'shop/prices.py')).toBe(true);
    const prompt = (model.requests[0] as ChatRequest).messages.at(-1)!.content;
    expect(prompt).toContain('def net_price');
    expect(prompt).toMatch(/Question: how is VAT taken off the price\?$/);
  });

  it('removes a claim whose only citations were removed, whole, and never leaves its words dangling', async () => {
    const root = fixtures.project('vouch-ask-', FILES);
    const index = await fixtures.indexed(root);
    const model = scriptedModel([
      [
        'VAT is taken off in `net_price` [shop/prices.py:1-3]. It also rounds [shop/round.py:3] and [shop/cents.py:9]. The cart sums the net prices [shop/cart.py:5].',
        '- `cart_total` calls it [shop/cart.py:5]; the result is cached [shop/cache.py:2].',
        '- Refunds go through `refund` [shop/refunds.py:4].',
        'The rate is 0.2 by default [shop/prices.py:1] and [shop/vat.py:7].',
      ].join('\n'),
    ]);
    const result = await runTask({
      name: 'ask',
      input: { question: 'how is VAT taken off?' },
      host: hostFor(root, model, { index }),
    });
    expect(result.explanation).toBe(
      [
        'VAT is taken off in `net_price` [shop/prices.py:1-3]. The cart sums the net prices [shop/cart.py:5].',
        '- `cart_total` calls it [shop/cart.py:5].',
        'The rate is 0.2 by default [shop/prices.py:1].',
      ].join('\n'),
    );
    expect((result.details as unknown as AskDetails).dropped).toEqual([
      '[shop/round.py:3]',
      '[shop/cents.py:9]',
      '[shop/cache.py:2]',
      '[shop/refunds.py:4]',
      '[shop/vat.py:7]',
    ]);
  });

  it('says an answer that cites nothing real is not grounded', async () => {
    const root = fixtures.project('vouch-ask-', FILES);
    const index = await fixtures.indexed(root);
    const result = await runTask({
      name: 'ask',
      input: { question: 'where are prices computed?' },
      host: hostFor(root, scriptedModel(['Somewhere in [billing/core.py:10].']), { index }),
    });
    expect(result.citations).toEqual([]);
    expect(result.confidence).toBe('low');
    expect((result.details as unknown as AskDetails).ungrounded).toBe(true);
    expect(result.notes.join(' ')).toMatch(/not grounded in the code/);
  });

  it('refuses an empty question', async () => {
    const root = fixtures.project('vouch-ask-', FILES);
    await expect(
      runTask({ name: 'ask', input: { question: '  ' }, host: hostFor(root, scriptedModel(['x'])) }),
    ).rejects.toThrow(/question: ask a question about the code/);
  });

  it('chat keeps only the citations that resolve, with the same grounding', async () => {
    const root = fixtures.project('vouch-ask-', FILES);
    const result = await runTask({
      name: 'chat',
      input: { message: 'where is the total?' },
      host: hostFor(root, scriptedModel(['In [shop/cart.py:4-5], not [shop/total.py:1].'])),
    });
    expect(result.citations).toEqual([
      expect.objectContaining({ path: 'shop/cart.py', startLine: 4, endLine: 5 }),
    ]);
    expect(result.notes.join(' ')).toMatch(/\[shop\/total\.py:1\]/);
  });
});
