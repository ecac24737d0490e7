import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InlineCompletionItem } from 'vscode-languageserver/node';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { tempProject } from '../support/temp-project.js';

/**
 * Folders nested in one another and each folder's telemetry, in the real `vouch lsp` over stdio (review
 * r34). A buffer held by several workspace folders (A and A/vendor/lib, both added) is served under the
 * strictest privacy policy of them all: A's `local-only` holds in A/vendor/lib, whose own vouch.toml says
 * nothing. A suggestion is recorded in its own folder's store under the strictest `telemetry` of the
 * folders that hold it (`telemetry = false` in B, or in B around B/sub: nothing recorded), its model
 * call audited there, and a `telemetry` edited in a folder's vouch.toml is taken up without a restart.
 * The model is a loopback server speaking OpenAI's protocol. Needs `npm run build`.
 */

const CALC = 'def add(a, b):\n    \n';
const GATE_ONLY = '[security]\nexternal = false\n';
const GIT = 'ref: refs/heads/main\n';
const made: string[] = [];
let fake: FakeProviders;
let client: LspClient;
/** the first folder: default settings, records its suggestions */
let p: string;
/** local-only, with vendor/lib (a repository of its own, no vouch.toml) inside */
let a: string;
/** telemetry = false, with sub (a repository of its own, no vouch.toml) inside */
let b: string;

const uri = (root: string, path = 'calc.py') => pathToFileURL(join(root, path)).href;
const folder = (root: string) => ({ uri: pathToFileURL(root).href, name: root });
const explain = (root: string) =>
  client.connection
    .sendRequest('workspace/executeCommand', { command: 'vouch.explain', arguments: [{ uri: uri(root) }] })
    .catch((error: Error) => error);
let opened = 0;
/**
 * A completion in a buffer of `root` opened for it (a new one each time: no completion cache answers),
 * the model answering `return <mark>`.
 */
async function completeWith(root: string, mark: string): Promise<string[]> {
  opened++;
  const text = `def add_${opened}(a, b):\n    \n`;
  const at = uri(root, `f${opened}.py`);
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: at, languageId: 'python', version: 1, text },
  });
  fake.script('/v1/completions', { text: `return ${mark}\n` });
  const items = (await client.connection.sendRequest('textDocument/inlineCompletion', {
    textDocument: { uri: at },
    position: { line: 1, character: 4 },
    context: { triggerKind: 2 },
  })) as InlineCompletionItem[];
  return items.map((item) => String(item.insertText));
}

/**
 * The code of the suggestions in `root`'s store (none when it has no store, or when the server has
 * created the file for an audit entry and not yet its tables: a store opens on its first write).
 */
function recorded(root: string): string[] {
  const path = join(root, '.vouch', 'server.db');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'suggestions'").get();
    if (!table) return [];
    return (db.prepare('select code from suggestions').all() as { code: string }[]).map((row) => row.code);
  } finally {
    db.close();
  }
}

/** How many model calls `root`'s audit log holds. */
async function audited(root: string): Promise<number> {
  if (!existsSync(join(root, '.vouch', 'server.db'))) return 0;
  const store = await openServerStore(join(root, '.vouch', 'server.db'));
  try {
    return (await store.listAudit()).length;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  fake = await startFakeProviders();
  p = tempProject(
    'vouch-lsp-strict-p-',
    { '.git/HEAD': GIT, 'calc.py': CALC, 'vouch.toml': GATE_ONLY },
    made,
  );
  a = tempProject(
    'vouch-lsp-strict-a-',
    {
      '.git/HEAD': GIT,
      'calc.py': CALC,
      // the loopback model counts as remote in A: its local-only refuses it
      'vouch.toml': `${GATE_ONLY}\n[privacy]\npolicy = "local-only"\n\n[providers.openai]\nlocation = "remote"\n`,
      'vendor/lib/.git/HEAD': GIT,
      'vendor/lib/calc.py': CALC,
    },
    made,
  );
  b = tempProject(
    'vouch-lsp-strict-b-',
    {
      '.git/HEAD': GIT,
      'calc.py': CALC,
      'vouch.toml': `telemetry = false\n${GATE_ONLY}`,
      'sub/.git/HEAD': GIT,
      'sub/calc.py': CALC,
    },
    made,
  );
  const home = mkdtempSync(join(tmpdir(), 'vouch-lsp-strict-home-'));
  made.push(home);
  client = new LspClient(p, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    NO_COLOR: '1',
    OLLAMA_HOST: 'http://127.0.0.1:9',
    OPENAI_BASE_URL: fake.openAiUrl,
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(p).href,
    workspaceFolders: [folder(p)],
    capabilities: { workspace: { workspaceFolders: true }, textDocument: { inlineCompletion: {} } },
    initializationOptions: { model: 'openai:qwen2.5-coder-1.5b' },
  });
  client.connection.sendNotification('initialized', {});
  client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
    event: { added: [a, join(a, 'vendor/lib'), b, join(b, 'sub')].map(folder), removed: [] },
  });
  for (const root of [p, a, join(a, 'vendor/lib'), b, join(b, 'sub')])
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(root), languageId: 'python', version: 1, text: CALC },
    });
}, 120_000);
afterAll(async () => {
  await client?.close();
  await fake?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

it('a folder nested in a local-only one sends nothing: completions and commands', async () => {
  fake.reset();
  fake.script('/v1/chat/completions', { text: '`add` adds its two arguments.' });
  expect(await completeWith(join(a, 'vendor/lib'), 'a + b')).toEqual([]);
  await explain(join(a, 'vendor/lib'));
  expect(await completeWith(a, 'a + b')).toEqual([]);
  expect(fake.requests).toHaveLength(0);
  // control: the first folder's completion and command reach the model its policy allows
  expect(await completeWith(p, 'a + b')).toEqual(['return a + b']);
  await explain(p);
  expect(fake.requestsTo('/v1/completions')).toHaveLength(1);
  expect(fake.requestsTo('/v1/chat/completions').length).toBeGreaterThan(0);
}, 180_000);

it("a suggestion is recorded in its own folder's store under its own telemetry, audited there", async () => {
  fake.reset();
  // B and B/sub: telemetry = false in B; answered (B allows the remote model), recorded nowhere
  expect(await completeWith(b, 'a + b # in-b')).toEqual(['return a + b # in-b']);
  expect(await completeWith(join(b, 'sub'), 'a + b # in-sub')).toEqual(['return a + b # in-sub']);
  // control: P's suggestion is recorded in P's store (after B's: one thread wrote them all before)
  expect(await completeWith(p, 'a + b # in-p')).toEqual(['return a + b # in-p']);
  await expect.poll(() => recorded(p), { timeout: 30_000 }).toContainEqual(expect.stringContaining('# in-p'));
  expect(recorded(p).filter((code) => code.includes('# in-b') || code.includes('# in-sub'))).toEqual([]);
  expect(recorded(b)).toEqual([]);
  expect(recorded(join(b, 'sub'))).toEqual([]);
  // each model call in its own folder's audit log (the audit is written whatever telemetry says)
  await expect.poll(() => audited(b), { timeout: 30_000 }).toBe(1);
  await expect.poll(() => audited(join(b, 'sub')), { timeout: 30_000 }).toBe(1);
}, 180_000);

it("a folder's telemetry edited in its vouch.toml is taken up without a restart", async () => {
  writeFileSync(join(b, 'vouch.toml'), `telemetry = true\n${GATE_ONLY}`);
  expect(await completeWith(b, 'a + b # b-on')).toEqual(['return a + b # b-on']);
  await expect.poll(() => recorded(b), { timeout: 30_000 }).toEqual([expect.stringContaining('# b-on')]);
  writeFileSync(join(b, 'vouch.toml'), `telemetry = false\n${GATE_ONLY}`);
  expect(await completeWith(b, 'a + b # b-off')).toEqual(['return a + b # b-off']);
  // P's next suggestion recorded: B's, had it been, would be written by now too
  expect(await completeWith(p, 'a + b # p-after')).toEqual(['return a + b # p-after']);
  await expect
    .poll(() => recorded(p), { timeout: 30_000 })
    .toContainEqual(expect.stringContaining('# p-after'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(recorded(b)).toEqual([expect.stringContaining('# b-on')]);
}, 180_000);
