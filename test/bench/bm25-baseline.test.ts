/**
 * The context-quality benchmark's BM25 baseline (bench/context/bm25-baseline.ts), on a small tree indexed
 * by vouch's own indexer: a baseline that wastes its budget makes vouch look better than it is.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bm25Context } from '../../bench/context/bm25-baseline.js';
import type { Definition } from '../../bench/context/import-baseline.js';
import { shownEnough, targetSurface } from '../../bench/context/target-surface.js';
import { cursorWindow, readCursorFile } from '../../src/context/cursor-window.js';
import { IndexStore } from '../../src/index/index-store.js';
import { updateIndex } from '../../src/index/update-index.js';

const root = mkdtempSync(join(tmpdir(), 'vouch-bm25-'));
let store: IndexStore;

// The cursor's file mentions the invoice words more than any other file does; sixty other files each
// define one short function that the window's words match.
const HELPERS = 60;
const files: Record<string, string> = {
  'billing/invoices.py': [
    'def invoice_total(invoice, ledger):',
    '    return ledger.invoice_total(invoice)',
    '',
    '',
    ...Array.from({ length: 12 }, (_, index) => [
      `def invoice_line_${index}(invoice, ledger, rounding):`,
      '    ledger.post_invoice(invoice, rounding)',
      '    return ledger.invoice_balance(invoice, rounding)',
      '',
      '',
    ]).flat(),
    'def settle_invoice(invoice, ledger, rounding):',
    '    pass',
    '',
  ].join('\n'),
};
for (let index = 0; index < HELPERS; index++) {
  files[`billing/helpers_${index}.py`] =
    `def ledger_helper_${index}(invoice, ledger, rounding=None):\n    return ledger.invoice_balance(invoice, rounding)\n`;
}

beforeAll(async () => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  store = IndexStore.open(root);
  const run = updateIndex({ root, store, poolThreshold: Number.POSITIVE_INFINITY });
  for (;;) if ((await run.next()).done) break;
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

const tags = {
  definitionsIn: (path: string, startLine: number, endLine: number): Definition[] => {
    const lines = readFileSync(join(root, path), 'utf8').split('\n');
    const out: Definition[] = [];
    lines.forEach((line, index) => {
      const name = /^def (\w+)/.exec(line)?.[1];
      if (name && index + 1 >= startLine && index + 1 <= endLine)
        out.push({ path, name, startLine: index + 1, endLine: index + 2 });
    });
    return out;
  },
  linesOf: (path: string) => readFileSync(join(root, path), 'utf8').split('\n'),
};

describe('the BM25 baseline', () => {
  it('spends the budget on other files, signatures first, with as many hits as the budget holds', async () => {
    const text = files['billing/invoices.py']!;
    const cursorLine = text.split('\n').indexOf('def settle_invoice(invoice, ledger, rounding):') + 2;
    const window = cursorWindow(readCursorFile(root, { path: 'billing/invoices.py', line: cursorLine }), 60);
    const pieces = await bm25Context(store, root, window, cursorLine, 2000, 700, tags);
    // the cursor's file is the window's business: no target of a cross-file context is there
    expect(pieces.filter((piece) => piece.path === 'billing/invoices.py')).toEqual([]);
    // every helper's whole signature fits in 2,000 tokens, and each is found by the stricter rule
    let shown = 0;
    for (let index = 0; index < HELPERS; index++) {
      const path = `billing/helpers_${index}.py`;
      const surface = await targetSurface(root, { path, name: `ledger_helper_${index}`, startLine: 1 });
      if (shownEnough(pieces, path, surface)) shown++;
    }
    expect(shown).toBe(HELPERS);
  });
});
