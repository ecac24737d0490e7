// end-to-end: the security gate runs Bandit
import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { type ScriptedModel, scriptedModel } from '../../../test/support/scripted-model.js';
import type { ChatRequest } from '../../model/types.js';
import { type ExplainDetails, runTask, type TaskHost } from '../index.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const FILES = {
  'shop/__init__.py': '',
  'shop/prices.py':
    'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
  'shop/cart.py': [
    'import sqlite3',
    '',
    'from shop.prices import net_price',
    '',
    '',
    'def rounded(value):',
    '    return round(value, 2)',
    '',
    '',
    'def cart_total(items):',
    '    total = sum(net_price(item) for item in items)',
    '    return rounded(total)',
    '',
    '',
    'def find_user(db: sqlite3.Connection, name: str):',
    `    query = f"SELECT * FROM users WHERE name = '{name}'"`,
    '    return db.execute(query).fetchone()',
    '',
  ].join('\n'),
};

const ANSWER = [
  '## Summary',
  'Adds up the net prices of the items [shop/cart.py:10-12].',
  '## How it works',
  '1. Sums `net_price` of each item [shop/cart.py:11] (see [shop/prices.py:1]).',
  '2. Rounds the total [shop/cart.py:12], unlike [shop/cart.py:999] or [shop/gone.py:3].',
].join('\n');

function hostFor(root: string, model: ScriptedModel, extra: Partial<TaskHost> = {}): TaskHost {
  return { workspaceRoot: root, config: {}, model: async () => model, ...extra };
}

describe('explain', () => {
  it('explains a symbol with its dependencies cited from the file and the index, and drops citations that do not resolve', async () => {
    const root = fixtures.project('vouch-explain-', FILES);
    const index = await fixtures.indexed(root);
    const model = scriptedModel([ANSWER]);
    const result = await runTask({
      name: 'explain',
      input: { file: 'shop/cart.py', symbol: 'cart_total' },
      host: hostFor(root, model, { index }),
    });
    expect(resultIssues('explain', result)).toEqual([]);
    const details = result.details as unknown as ExplainDetails;
    expect(details.target).toEqual({
      path: 'shop/cart.py',
      startLine: 10,
      endLine: 12,
      symbol: 'cart_total',
    });
    expect(details.dependencies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'rounded', path: 'shop/cart.py', line: 6, via: 'file' }),
        expect.objectContaining({ name: 'net_price', path: 'shop/prices.py', line: 1, via: 'import' }),
      ]),
    );
    expect(result.explanation).toContain('[shop/cart.py:11]');
    expect(result.explanation).not.toContain('shop/gone.py');
    expect(result.explanation).not.toContain(':999');
    expect(result.notes.join(' ')).toMatch(
      /2 citations did not resolve to code in this workspace and were removed: \[shop\/cart\.py:999\], \[shop\/gone\.py:3\]/,
    );
    expect(result.citations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'shop/prices.py', startLine: 1 }),
        expect.objectContaining({ path: 'shop/cart.py', startLine: 10, endLine: 12 }),
      ]),
    );
    const prompt = (model.requests[0] as ChatRequest).messages.at(-1)!.content;
    expect(prompt).toContain('11      total = sum(net_price(item) for item in items)');
    expect(prompt).toContain('- [shop/prices.py:1] def net_price(gross: float, rate: float = 0.2) -> float:');
    expect(result.verification.status).toBe('none');
  });

  it("states the security gate's findings on the range in plain words", async () => {
    const root = fixtures.project('vouch-explain-', FILES);
    const model = scriptedModel(['## Summary\nLooks a user up by name.']);
    const result = await runTask({
      name: 'explain',
      input: { file: 'shop/cart.py', startLine: 15, endLine: 17 },
      host: hostFor(root, model),
    });
    const details = result.details as unknown as ExplainDetails;
    expect(details.gate).toBe('ran');
    expect(details.findings).toEqual([
      expect.objectContaining({
        line: 17,
        ruleId: 'sql-injection',
        plain: expect.stringContaining('can read or change any data in the database'),
      }),
    ]);
    const prompt = (model.requests[0] as ChatRequest).messages.at(-1)!.content;
    expect(prompt).toMatch(/The security gate found:\n- line 17 \(medium\): .*database/);
    expect(result.notes.join(' ')).toMatch(/no index yet/);
  });

  it('explains code that is in no file (a suggestion), given its language', async () => {
    const root = fixtures.project('vouch-explain-', FILES);
    const result = await runTask({
      name: 'explain',
      input: { code: 'def double(x):\n    return 2 * x\n', language: 'python' },
      host: hostFor(root, scriptedModel(['## Summary\nDoubles x.'])),
    });
    expect(result.explanation).toBe('## Summary\nDoubles x.');
    expect((result.details as unknown as ExplainDetails).target.path).toBe('<code>');
  });

  it('refuses a missing file, a range outside it, an unknown symbol (naming the near ones), and no target', async () => {
    const root = fixtures.project('vouch-explain-', FILES);
    const host = hostFor(root, scriptedModel(['x']));
    await expect(runTask({ name: 'explain', input: { file: 'shop/none.py' }, host })).rejects.toThrow(
      /cannot read shop\/none\.py \(ENOENT\)/,
    );
    await expect(
      runTask({ name: 'explain', input: { file: 'shop/cart.py', startLine: 10, endLine: 90 }, host }),
    ).rejects.toThrow(/lines 10-90 are outside shop\/cart\.py \(it has 17 lines\)/);
    await expect(
      runTask({ name: 'explain', input: { file: 'shop/cart.py', startLine: 12, endLine: 10 }, host }),
    ).rejects.toThrow(/ends before it starts/);
    await expect(
      runTask({ name: 'explain', input: { file: 'shop/cart.py', symbol: 'cart_totl' }, host }),
    ).rejects.toMatchObject({
      message: 'shop/cart.py defines no `cart_totl`',
      hint: 'did you mean `cart_total`?',
    });
    await expect(runTask({ name: 'explain', input: {}, host })).rejects.toThrow(
      /give a file \(or code\) to explain/,
    );
  });
});
