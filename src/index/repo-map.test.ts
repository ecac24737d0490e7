import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';

// The tokenizer itself, not the context layer's wrapper: index/ sits below context/ (the repo map takes
// its token counter as an argument for that reason).
const NONE = new Set<string>();
const countTokens = (text: string) => countO200k(text, { disallowedSpecial: NONE, allowedSpecial: NONE });

import { buildRepoMap, kthLargest, rankDefinitions } from './repo-map.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const indexed = (files: Record<string, string>) => fixtures.indexed(fixtures.project('vouch-map-', files));

const files: Record<string, string> = {
  'core/database.py': 'class DatabaseConnection:\n    def execute_query(self, sql):\n        return sql\n',
  'billing/invoice_maker.py': 'def render_invoice_pdf(invoice):\n    return invoice\n',
  'billing/api.py':
    'from billing.invoice_maker import render_invoice_pdf\n\ndef invoice_view(request):\n    return render_invoice_pdf(request)\n',
};
for (let index = 0; index < 6; index++) {
  files[`app/view_${index}.py`] =
    `from core.database import DatabaseConnection\n\ndef handler_${index}():\n    connection = DatabaseConnection()\n    return connection.execute_query("x")\n`;
}

describe('kthLargest', () => {
  it('finds the k-th largest value as a full sort would, ties and negatives included', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const length of [1, 2, 3, 10, 101, 1000]) {
      const values = Float64Array.from({ length }, () => (random() < 0.3 ? -1 : Math.floor(random() * 20)));
      const sorted = [...values].sort((a, b) => b - a);
      for (const k of [1, 2, Math.ceil(length / 2), length]) {
        if (k > length) continue;
        expect(kthLargest(values, k)).toBe(sorted[k - 1]);
      }
    }
  });
});

describe('repo map', () => {
  it('ranks the most referenced definitions first', async () => {
    const store = await indexed(files);
    const ranked = rankDefinitions(store);
    expect(
      ranked
        .slice(0, 2)
        .map((definition) => definition.name)
        .sort(),
    ).toEqual(['DatabaseConnection', 'execute_query']);
  });

  it('is personalised toward the request files and identifiers', async () => {
    const store = await indexed(files);
    const byFile = rankDefinitions(store, { focusFiles: ['billing/api.py'] });
    expect(byFile[0]).toMatchObject({ name: 'render_invoice_pdf', path: 'billing/invoice_maker.py' });
    const byName = rankDefinitions(store, { focusIdentifiers: ['invoice_view'] });
    expect(byName[0]!.name).toBe('invoice_view');
  });

  it('leaves excluded files and kinds out of the ranking, not out of the graph', async () => {
    const store = await indexed({ ...files, 'core/settings.py': 'DEFAULT_TIMEOUT_SECONDS = 30\n' });
    const all = rankDefinitions(store);
    expect(all.some((definition) => definition.kind === 'constant')).toBe(true);
    const ranked = rankDefinitions(store, {
      focusFiles: ['billing/api.py'],
      excludeFiles: ['billing/invoice_maker.py'],
      excludeKinds: ['constant'],
      limit: 3,
    });
    expect(ranked).toHaveLength(3);
    expect(ranked.some((definition) => definition.path === 'billing/invoice_maker.py')).toBe(false);
    expect(ranked.some((definition) => definition.kind === 'constant')).toBe(false);
    // The excluded file still passes rank on: what it references ranks as before.
    const without = rankDefinitions(store, { focusFiles: ['billing/api.py'] }).filter(
      (definition) => definition.path !== 'billing/invoice_maker.py' && definition.kind !== 'constant',
    );
    expect(ranked.map((definition) => definition.name)).toEqual(
      without.slice(0, 3).map((definition) => definition.name),
    );
  });

  it('shows signatures grouped by file, within the token budget', async () => {
    const store = await indexed(files);
    const map = buildRepoMap(store, { tokens: 40, countTokens });
    expect(map.tokens).toBeLessThanOrEqual(40);
    expect(countTokens(map.text)).toBeLessThanOrEqual(44);
    expect(map.text).toContain(
      'core/database.py:\n    1│class DatabaseConnection:\n    2│    def execute_query(self, sql):',
    );
    expect(map.text).not.toContain('return');
    const large = buildRepoMap(store, { tokens: 2000, countTokens, excludeFiles: ['core/database.py'] });
    expect(large.text).not.toContain('core/database.py');
    expect(large.definitions.map((definition) => definition.name).sort()).toEqual([
      ...Array.from({ length: 6 }, (_, index) => `handler_${index}`),
      'invoice_view',
      'render_invoice_pdf',
    ]);
  });
});
