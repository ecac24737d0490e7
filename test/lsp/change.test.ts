import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { diff } from '../support/change-project.js';
import { type LspWithModel, lspWithModel } from '../support/lsp-with-model.js';

/**
 * `vouch.change` in the language server (issue 61), driven as an editor drives it: the real `vouch lsp`
 * over stdio, a loopback model. A verified change is applied through the editor as one workspace edit —
 * the new file created, the changed file replaced whole — and only with `apply`; a change whose new test
 * passes on the old code too is shown and never applied.
 */
const sandbox = await sandboxAvailability();

const PRICING = 'def subtotal(items):\n    return sum(price * quantity for price, quantity in items)\n';
const PRICING_TEST =
  'from pricing import subtotal\n\n\ndef test_subtotal():\n    assert subtotal([(10, 2)]) == 20\n';

const DISCOUNT = diff('pricing.py', [
  '@@ -1,2 +1,6 @@',
  ' def subtotal(items):',
  '     return sum(price * quantity for price, quantity in items)',
  '+',
  '+',
  '+def discounted(amount, percent):',
  '+    return amount * (100 - percent) / 100',
]);
const answer = (test: string) =>
  [
    'A discount.',
    DISCOUNT,
    diff(
      'tests/test_discount.py',
      [
        '@@ -0,0 +1,5 @@',
        ...test
          .trimEnd()
          .split('\n')
          .map((line) => `+${line}`),
      ],
      true,
    ),
  ].join('\n\n');
const EVIDENCE =
  'from pricing import discounted\n\n\ndef test_ten_percent():\n    assert discounted(100, 10) == 90\n';
const IDLE = 'from pricing import subtotal\n\n\ndef test_one_line():\n    assert subtotal([(3, 1)]) == 3\n';

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-change-'));
  mkdirSync(join(project, '.git'));
  mkdirSync(join(project, 'tests'));
  writeFileSync(join(project, 'pricing.py'), PRICING);
  writeFileSync(join(project, 'tests/test_pricing.py'), PRICING_TEST);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.skipIf(!sandbox.available)('vouch.change', () => {
  // one language server for the file, as an editor keeps one: the tests' changes are never written (the
  // editor here only records the edits), so each starts from the same project
  let lsp: LspWithModel;
  beforeAll(async () => {
    lsp = await lspWithModel(project);
  });
  afterAll(() => lsp?.close());
  beforeEach(() => {
    lsp.fake.reset();
    lsp.applied.length = 0;
  });

  it('applies a verified change through the editor (new file created, the other replaced whole), never an unverified one', async () => {
    const { client, fake, applied } = lsp;
    const command = (apply: boolean) => ({
      command: 'vouch.change',
      arguments: [{ request: 'a percentage discount', files: ['pricing.py'], apply }],
    });

    // a new test that passes on the old code too: shown, not applied
    fake.script('/v1/chat/completions', ...Array.from({ length: 3 }, () => ({ text: answer(IDLE) })));
    const idle = (await client.connection.sendRequest('workspace/executeCommand', command(true))) as {
      applied: boolean;
      document: string;
      result: { verification: { status: string } };
    };
    expect(idle.result.verification.status).toBe('unverified');
    expect(idle.applied).toBe(false);
    expect(applied).toEqual([]);
    expect(readFileSync(new URL(idle.document), 'utf8')).toContain('+def discounted(amount, percent):');

    // a verified one, applied as one edit of the workspace
    fake.script('/v1/chat/completions', { text: answer(EVIDENCE) });
    const passed = (await client.connection.sendRequest('workspace/executeCommand', command(true))) as {
      applied: boolean;
      result: { verification: { status: string } };
    };
    expect(passed.result.verification.status).toBe('pass');
    expect(passed.applied).toBe(true);
    expect(applied).toHaveLength(1);
    const testUri = pathToFileURL(join(project, 'tests/test_discount.py')).href;
    expect(applied[0]!.edit.documentChanges).toEqual([
      {
        textDocument: { uri: pathToFileURL(join(project, 'pricing.py')).href, version: null },
        edits: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
            newText: `${PRICING}\n\ndef discounted(amount, percent):\n    return amount * (100 - percent) / 100\n`,
          },
        ],
      },
      { kind: 'create', uri: testUri, options: { overwrite: false, ignoreIfExists: false } },
      {
        textDocument: { uri: testUri, version: null },
        edits: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: EVIDENCE,
          },
        ],
      },
    ]);
    // the server wrote nothing itself: the editor applies the edit
    expect(readFileSync(join(project, 'pricing.py'), 'utf8')).toBe(PRICING);
    expect(existsSync(join(project, 'tests/test_discount.py'))).toBe(false);
  }, 240_000);

  it("without apply, a verified change comes with a proposal that vouch.apply writes through the editor (the editor's Accept)", async () => {
    const { client, fake, applied } = lsp;
    fake.script('/v1/chat/completions', { text: answer(EVIDENCE) });
    const shown = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.change',
      arguments: [{ request: 'a percentage discount', files: ['pricing.py'] }],
    })) as { applied: boolean; proposal?: string; result: { verification: { status: string } } };
    expect(shown.result.verification.status).toBe('pass');
    expect(shown.applied).toBe(false);
    expect(applied).toEqual([]);
    expect(shown.proposal).toMatch(/^proposal-/);

    const accepted = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.apply',
      arguments: [{ proposal: shown.proposal }],
    })) as { applied: boolean; files?: string[] };
    expect(accepted).toMatchObject({ applied: true, files: ['pricing.py', 'tests/test_discount.py'] });
    expect(applied).toHaveLength(1);
    const testUri = pathToFileURL(join(project, 'tests/test_discount.py')).href;
    expect(applied[0]!.edit.documentChanges).toContainEqual({
      kind: 'create',
      uri: testUri,
      options: { overwrite: false, ignoreIfExists: false },
    });
    // the server wrote nothing itself
    expect(readFileSync(join(project, 'pricing.py'), 'utf8')).toBe(PRICING);
  }, 240_000);
});
