import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { EnvironmentError } from '../core/errors.js';
import { embedChunks } from '../index/embeddings.js';
import type { LanguageModel } from '../model/types.js';
import { assembleContext } from './assemble-context.js';
import { renderContextForPrompt } from './render-context.js';
import { countTokens } from './tokens.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const tree = (files: Record<string, string>) => fixtures.project('vouch-context-', files);
const indexed = (root: string) => fixtures.indexed(root);

const filler = (prefix: string, count: number) =>
  Array.from(
    { length: count },
    (_, index) => `def ${prefix}_${index}(value):\n    return value + ${index}\n`,
  ).join('\n');

const files = {
  'pyproject.toml': '[project]\nname = "shop"\ndependencies = ["pandas>=2.1"]\n',
  'shop/pricing.py':
    'def apply_discount(price, percent):\n    """Price after a percentage discount."""\n    return price * (1 - percent / 100)\n',
  'shop/tax.py':
    'class TaxTable:\n    """VAT rates by country."""\n    def rate_for(self, country):\n        return 0.2\n',
  'shop/checkout.py':
    'from shop.pricing import apply_discount\nfrom shop.tax import TaxTable\n\n' +
    'def total(cart, country):\n    table = TaxTable()\n    subtotal = apply_discount(cart.sum, cart.discount)\n    return subtotal * (1 + table.rate_for(country))\n',
  'shop/shipping.py':
    'def shipping_cost(weight_kg):\n    """Shipping cost by parcel weight."""\n    return 5 + weight_kg * 2\n',
  'shop/noise.py': filler('noise', 60),
};

describe('assembleContext', () => {
  it('puts the cursor window, the definitions used near it and the environment in, each with a reason', async () => {
    const root = tree(files);
    const store = await indexed(root);
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'shop/checkout.py', line: 6 },
      store,
    });
    const cursor = context.snippets.find((snippet) => snippet.kind === 'cursor')!;
    expect(cursor).toMatchObject({ path: 'shop/checkout.py', startLine: 1, endLine: 7 });
    const definitions = context.snippets.filter((snippet) => snippet.kind === 'definition');
    const discount = definitions.find((snippet) => snippet.path === 'shop/pricing.py')!;
    expect(discount).toMatchObject({ startLine: 1, endLine: 3 });
    expect(discount.reason).toMatch(/^definition of apply_discount \(function\), used at line 6/);
    expect(discount.source).toContain('Price after a percentage discount.');
    expect(definitions.some((snippet) => snippet.path === 'shop/tax.py' && snippet.startLine === 1)).toBe(
      true,
    );
    expect(context.environment?.packages.find((pkg) => pkg.name === 'pandas')?.declared).toBe(true);
    expect(context.environmentText).toContain('pandas >=2.1');
    expect(context.environmentText).toContain('pd.concat');
    const prompt = renderContextForPrompt(context);
    expect(prompt.indexOf('## Environment')).toBe(0);
    expect(prompt.lastIndexOf('shop/checkout.py:1-7')).toBeGreaterThan(prompt.indexOf('shop/pricing.py:1-3'));
    expect(context.promptTokens).toBe(countTokens(prompt));
    for (const snippet of context.snippets) expect(snippet.tokens).toBe(countTokens(snippet.source));
  });

  it('retrieves chunks for the words of a free request, without a cursor', async () => {
    const root = tree(files);
    const store = await indexed(root);
    const context = await assembleContext({
      workspaceRoot: root,
      request: 'change the shipping cost for heavy parcels (weight)',
      store,
      environment: false,
    });
    const retrieved = context.snippets.filter((snippet) => snippet.kind === 'retrieved');
    expect(retrieved[0]).toMatchObject({ path: 'shop/shipping.py', startLine: 1 });
    expect(retrieved[0]!.reason).toMatch(/^BM25 match #1 for "change the shipping cost/);
    expect(context.snippets.some((snippet) => snippet.kind === 'repo-map')).toBe(true);
  });

  it('shows definitions past the first four as signatures, one heading per file', async () => {
    const helpers = Array.from(
      { length: 10 },
      (_, index) =>
        `def helper_${index}(value, scale=${index}):\n    """Helper ${index}."""\n    total = value * scale\n    return total + ${index}\n`,
    ).join('\n');
    const calls = Array.from({ length: 10 }, (_, index) => `    x = helper_${index}(x)`).join('\n');
    const root = tree({
      'lib/helpers.py': helpers,
      'app/main.py': `from lib.helpers import ${Array.from({ length: 10 }, (_, index) => `helper_${index}`).join(', ')}\n\ndef run(x):\n${calls}\n    return x\n`,
    });
    const store = await indexed(root);
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'app/main.py', line: 14 },
      budgetTokens: 3000,
      environment: false,
      repoMapTokens: 0,
      store,
    });
    const definitions = context.snippets.filter((snippet) => snippet.kind === 'definition');
    const groups = definitions.filter((snippet) => snippet.reason.startsWith('more definitions used here'));
    expect(definitions.length - groups.length).toBe(4);
    expect(groups).toHaveLength(1);
    const shown = definitions.flatMap((snippet) =>
      [...snippet.source.matchAll(/def (helper_\d+)/g)].map((m) => m[1]),
    );
    expect(new Set(shown).size).toBe(10);
    expect(groups[0]!.source.split('\n')).toHaveLength(6);
    expect(groups[0]!.source).toMatch(/^def helper_\d\(value, scale=\d\): …$/m);
    expect(context.promptTokens).toBeLessThanOrEqual(3000);
  });

  it('without a request, fills with retrieved chunks only what the definitions leave', async () => {
    // Every helper shares words with the cursor's code, so BM25 matches abound; the definitions come first.
    const helpers = Array.from(
      { length: 12 },
      (_, index) =>
        `def helper_${index}(value, scale):\n    """Scale a value (helper ${index})."""\n    return value * scale + ${index}\n`,
    ).join('\n');
    // Used well above the cursor: the definitions weigh less than the best BM25 matches would.
    const calls = Array.from({ length: 12 }, (_, index) => `    value = helper_${index}(value, scale)`).join(
      '\n',
    );
    const padding = Array.from({ length: 30 }, () => '    value = value + scale').join('\n');
    const root = tree({
      'lib/helpers.py': helpers,
      'lib/echo.py': Array.from(
        { length: 30 },
        (_, index) =>
          `def echo_${index}(value, scale):\n${'    value = value * scale + value / scale\n'.repeat(12)}    return value\n`,
      ).join('\n'),
      'app/main.py': `from lib.helpers import *\n\ndef run(value, scale):\n${calls}\n${padding}\n    return value\n`,
    });
    const store = await indexed(root);
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'app/main.py', line: 46 },
      budgetTokens: 1100,
      cursorTokens: 150,
      environment: false,
      repoMapTokens: 0,
      store,
    });
    const shown = new Set(
      context.snippets
        .filter((snippet) => snippet.kind === 'definition')
        .flatMap((snippet) => [...snippet.source.matchAll(/def (helper_\d+)/g)].map((m) => m[1])),
    );
    expect(shown.size).toBe(12);
    const kinds = context.snippets.filter((s) => s.kind !== 'cursor').map((snippet) => snippet.kind);
    // Retrieved chunks, if any fit, come after every definition.
    expect(
      kinds.indexOf('retrieved') === -1 || kinds.lastIndexOf('definition') < kinds.indexOf('retrieved'),
    ).toBe(true);
    expect(context.promptTokens).toBeLessThanOrEqual(1100);
  });

  it('falls back to BM25 with a notice when the embedding endpoint fails', async () => {
    const root = tree(files);
    const store = await indexed(root);
    // An embedding model of our own interface: one that works (to give the index vectors), then the same
    // model id with its endpoint gone, failing as the HTTP adapters do.
    const model = (embed: LanguageModel['embed']): LanguageModel => ({
      provider: 'fake',
      modelId: 'words',
      id: 'fake:words',
      location: 'local',
      capabilities: { chat: false, stream: false, fim: false, embed: true, json: false },
      chat: () => Promise.reject(new Error('not scripted')),
      streamChat: () => {
        throw new Error('not scripted');
      },
      fim: () => Promise.reject(new Error('not scripted')),
      embed,
    });
    const working = model(async (request) => ({
      embeddings: request.input.map((text) => [text.length % 7, text.length % 5, 1]),
      usage: { inputTokens: undefined, outputTokens: undefined },
      model: 'words',
    }));
    expect(await embedChunks(store, working)).toBeGreaterThan(0);
    const down = model(() =>
      Promise.reject(
        new EnvironmentError('cannot reach http://127.0.0.1:9/v1/embeddings (ECONNREFUSED)', {
          hint: 'start the server',
        }),
      ),
    );
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'shop/checkout.py', line: 6 },
      request: 'shipping cost weight',
      store,
      environment: false,
      embedModel: down,
    });
    const retrieved = context.snippets.filter((snippet) => snippet.kind === 'retrieved');
    expect(retrieved.some((snippet) => snippet.path === 'shop/shipping.py')).toBe(true);
    for (const snippet of retrieved) expect(snippet.reason).toMatch(/^BM25 match/);
    expect(context.snippets.some((snippet) => snippet.kind === 'definition')).toBe(true);
    expect(context.notices).toEqual([
      'embedding the query with fake:words failed (cannot reach http://127.0.0.1:9/v1/embeddings (ECONNREFUSED)); retrieval used BM25 and the symbol graph only',
    ]);
  });

  it('stays within the token budget, measured on the rendered prompt, and never repeats a range', async () => {
    const root = tree(files);
    const store = await indexed(root);
    for (const budget of [600, 1200, 4000]) {
      const context = await assembleContext({
        workspaceRoot: root,
        cursor: { path: 'shop/checkout.py', line: 6 },
        request: 'noise value discount',
        budgetTokens: budget,
        cursorTokens: 200,
        history: [
          { role: 'user', content: 'make the discount apply before tax' },
          { role: 'assistant', content: 'done' },
        ],
        store,
      });
      expect(context.promptTokens).toBeLessThanOrEqual(budget);
      const code = context.snippets.filter((snippet) => snippet.path);
      for (const [index, a] of code.entries()) {
        for (const b of code.slice(index + 1)) {
          const overlap = a.path === b.path && a.startLine <= b.endLine && b.startLine <= a.endLine;
          expect(overlap, `${a.path}:${a.startLine} vs ${b.startLine}`).toBe(false);
        }
      }
      expect(context.snippets.filter((snippet) => snippet.kind === 'history').map((s) => s.source)).toEqual([
        'user: make the discount apply before tax',
        'assistant: done',
      ]);
    }
    const small = await assembleContext({
      workspaceRoot: root,
      request: 'noise value',
      budgetTokens: 600,
      store,
      environment: false,
    });
    expect(small.dropped).toBeGreaterThan(0);
  });

  it('works without an index and says so; rejects bad cursors clearly', async () => {
    const root = tree(files);
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'shop/checkout.py', line: 2 },
    });
    expect(context.snippets.map((snippet) => snippet.kind)).toEqual(['cursor']);
    expect(context.notices[0]).toMatch(/no index yet/);
    await expect(
      assembleContext({ workspaceRoot: root, cursor: { path: '../outside.py', line: 1 } }),
    ).rejects.toThrow(/outside the workspace/);
    await expect(
      assembleContext({ workspaceRoot: root, cursor: { path: 'shop/tax.py', line: 99 } }),
    ).rejects.toThrow(/line 99 is outside shop\/tax.py \(it has 5 lines\)/);
    writeFileSync(join(root, '.env'), 'SECRET=1\n');
    await expect(assembleContext({ workspaceRoot: root, cursor: { path: '.env', line: 1 } })).rejects.toThrow(
      /secrets file/,
    );
  });

  it('in a long-lived process, answers after the index changed as a store opened afresh does', async () => {
    const root = tree(files);
    const store = await indexed(root);
    const cursor = { path: 'shop/checkout.py', line: 6 };
    const ask = (index: typeof store) => assembleContext({ workspaceRoot: root, cursor, store: index });
    const before = await ask(store);
    // Twice at the same cursor: the second answer comes from what the first kept.
    expect(await ask(store)).toEqual(before);
    writeFileSync(
      join(root, 'shop/pricing.py'),
      // The definition moves down: a row kept from before would point at the wrong lines.
      'import math\n\nHALF = 0.5\n\n\ndef apply_discount(price, percent, rounding=2):\n    """Price after a percentage discount, rounded."""\n    return round(price * (1 - percent / 100), rounding)\n',
    );
    writeFileSync(
      join(root, 'shop/tax.py'),
      'class TaxTable:\n    """VAT rates by country and year."""\n    def rate_for(self, country, year):\n        return 0.2\n\n    def zero_rated(self, item):\n        return False\n',
    );
    await fixtures.indexed(root);
    const after = await ask(store);
    expect(after).toEqual(await ask(fixtures.open(root)));
    expect(after).not.toEqual(before);
    expect(after.snippets.find((snippet) => snippet.source.includes('rounded.'))).toMatchObject({
      path: 'shop/pricing.py',
      startLine: 6,
    });
  });

  it('uses the unsaved buffer over the file on disk', async () => {
    const root = tree(files);
    const store = await indexed(root);
    const text =
      'from shop.shipping import shipping_cost\n\ndef quote(parcel):\n    return shipping_cost(parcel.weight)\n';
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'shop/checkout.py', line: 4, text },
      store,
    });
    expect(context.snippets.find((snippet) => snippet.kind === 'cursor')!.source).toBe(text.trimEnd());
    expect(
      context.snippets.some(
        (snippet) => snippet.kind === 'definition' && snippet.path === 'shop/shipping.py',
      ),
    ).toBe(true);
  });

  it("resolves self.method() through the enclosing class's bases, not a same-named method elsewhere", async () => {
    const root = tree({
      'store/base.py':
        'class StoreBase:\n    def _new_key(self):\n        """A fresh random key."""\n        return "k"\n',
      'cache/other.py': 'class CacheThing:\n    def _new_key(self):\n        return "other"\n',
      'store/db.py':
        'from store import base\n\n\nclass DbStore(base.StoreBase):\n    def create(self):\n        key = self._new_key()\n        return key\n',
    });
    const store = await indexed(root);
    const context = await assembleContext({
      workspaceRoot: root,
      cursor: { path: 'store/db.py', line: 6 },
      store,
      environment: false,
      repoMapTokens: 0,
    });
    // The inherited method is shown (alone or inside its small class); the other class's one, if at
    // all, ranks below it.
    const inherited = context.snippets.find(
      (snippet) => snippet.kind === 'definition' && snippet.source.includes('A fresh random key'),
    );
    expect(inherited).toMatchObject({ path: 'store/base.py' });
    const other = context.snippets.find(
      (snippet) => snippet.kind === 'definition' && snippet.path === 'cache/other.py',
    );
    if (other) expect(other.score).toBeLessThan(inherited!.score);
  });
});
