import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, InlineCompletionItem } from 'vscode-languageserver/node';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import { cacheStateDir } from '../../src/workspace/root.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { tempProject } from '../support/temp-project.js';
import { startTestServer } from '../support/vouch-server.js';

/**
 * Inline completion through `vouch lsp` (the real process over stdio) against a loopback server speaking
 * the OpenAI protocol: shown, accepted by the text appearing in the buffer, replaced by a newer request,
 * hidden when it fails its checks. Needs `npm run build`.
 */

const CART =
  'from shop.prices import net_price\n\n\ndef cart_total(items):\n    \n\n\ndef empty():\n    return []\n';
let fake: FakeProviders;
let workspace: string;
const made: string[] = [];

beforeAll(async () => {
  fake = await startFakeProviders();
  workspace = tempProject(
    'vouch-lsp-inline-',
    {
      'vouch.toml': '',
      'shop/__init__.py': '',
      'shop/prices.py':
        'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
      'shop/cart.py': CART,
    },
    made,
  );
});
afterAll(async () => {
  await fake.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function start(inlineClient = true, env: Record<string, string> = {}): Promise<LspClient> {
  const client = new LspClient(workspace, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: workspace,
    OPENAI_BASE_URL: fake.openAiUrl,
    OLLAMA_HOST: 'http://127.0.0.1:9',
    ...env,
  });
  return client
    .initialize(pathToFileURL(workspace).href, { model: 'openai:qwen2.5-coder-1.5b' }, inlineClient)
    .then(() => {
      client.connection.sendNotification('initialized', {});
      client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri(), languageId: 'python', version: 1, text: CART },
      });
      return client;
    });
}

const uri = () => pathToFileURL(join(workspace, 'shop', 'cart.py')).href;

/** Asks for an inline completion where `cart_total`'s body starts (line 4, column 4). */
function askInline(client: LspClient, triggerKind: 1 | 2 = 2): Promise<InlineCompletionItem[]> {
  return client.connection.sendRequest('textDocument/inlineCompletion', {
    textDocument: { uri: uri() },
    position: { line: 4, character: 4 },
    context: { triggerKind },
  }) as Promise<InlineCompletionItem[]>;
}

/** A buffer of its own per ask: completions are cached by their prefix. */
function rename(client: LspClient, name: string, version: number): void {
  client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: uri(), version },
    contentChanges: [{ text: CART.replace('cart_total', name) }],
  });
}

/**
 * A completion with a medium security finding (`tempfile.mktemp()`: insecure-temp-file, below the gate's
 * blocking severity, so it is shown), asked for in a buffer of its own.
 */
function askWithMediumFinding(client: LspClient, version: number): Promise<InlineCompletionItem[]> {
  fake.script('/v1/completions', { text: 'import tempfile\n    return tempfile.mktemp()\n' });
  rename(client, 'cart_scratch', version);
  return askInline(client);
}

/** Of each suggestion with `mktemp` in its code in the store at `database`: do its failed gates name security. */
function mktempFailedSecurity(database: string): boolean[] {
  const db = new Database(database, { readonly: true });
  try {
    return (
      db.prepare('select gates_failed from suggestions where code like ?').all('%mktemp%') as {
        gates_failed: string;
      }[]
    ).map((row) => row.gates_failed.split(' ').includes('security'));
  } finally {
    db.close();
  }
}

describe('inline completion in vouch lsp', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await start();
  });
  afterAll(async () => client.close());

  it('shows a checked completion at the cursor, and counts it accepted when its text appears', async () => {
    fake.reset();
    fake.script('/v1/completions', {
      text: 'return sum(net_price(item) for item in items)\n\n\ndef unrelated():\n    pass\n',
    });
    const items = await askInline(client);
    expect(items).toHaveLength(1);
    expect(items[0]!.insertText).toBe('return sum(net_price(item) for item in items)');
    expect(items[0]!.range).toEqual({ start: { line: 4, character: 4 }, end: { line: 4, character: 4 } });
    expect(items[0]!.command?.command).toBe('vouch.accepted');
    const prompt = (fake.requestsTo('/v1/completions')[0]!.body as { prompt: string }).prompt;
    expect(prompt).toContain('def cart_total(items):\n    <|fim_suffix|>');

    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(), version: 2 },
      contentChanges: [
        {
          range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } },
          text: items[0]!.insertText,
        },
      ],
    });
    await expect.poll(() => client.suggestions.map((event) => event.outcome)).toEqual(['shown', 'accepted']);
    expect(client.suggestions[1]!.model).toBe('openai:qwen2.5-coder-1.5b');
    expect(client.suggestions[1]!.verification).toBe('pass');
    // recorded where `vouch stats` reads: the workspace's store, by the local user, from the lsp face (on
    // the telemetry thread, each write an fsync); the poll ends as soon as the record is there, and its
    // bound is the suite's (vitest.config.ts), not a shorter one of its own a loaded machine can pass
    await expect
      .poll(async () => {
        const store = await openServerStore(join(workspace, '.vouch', 'server.db'));
        try {
          const { total, byTask } = await store.stats();
          return [total.shown, total.accepted, byTask.map((bucket) => bucket.key)];
        } finally {
          await store.close();
        }
      })
      .toEqual([1, 1, ['complete']]);
    // undo, for the next test
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(), version: 3 },
      contentChanges: [{ text: CART }],
    });
  });

  it('never shows a completion that does not parse', async () => {
    fake.reset();
    rename(client, 'cart_sum', 4);
    fake.script('/v1/completions', { text: 'return sum(net_price(item) for item in items\n' });
    const items = await askInline(client);
    expect(items).toEqual([]);
    expect(fake.requestsTo('/v1/completions')).toHaveLength(1);
  });

  it('a newer request for the buffer cancels the one in flight', async () => {
    fake.reset();
    rename(client, 'cart_count', 5);
    fake.script('/v1/completions', { kind: 'fault', fault: 'hang' }, { text: 'return list(items)\n' });
    const first = askInline(client);
    await expect.poll(() => fake.requestsTo('/v1/completions').length).toBe(1);
    const second = await askInline(client, 1);
    expect(await first).toEqual([]);
    expect(second[0]!.insertText).toBe('return list(items)');
  });

  it('the same completion asked for again at the same place is one suggestion; another one replaces it', async () => {
    fake.reset();
    rename(client, 'cart_max', 6);
    fake.script('/v1/completions', { text: 'return max(items)\n' }, { text: 'return min(items)\n' });
    const ask = () => askInline(client, 1);
    const first = await ask();
    const id = first[0]!.command!.arguments![0];
    await expect.poll(() => client.suggestions.at(-1)).toMatchObject({ id, outcome: 'shown' });
    const recorded = client.suggestions.length;
    const again = await ask();
    expect(again).toEqual(first);
    expect(fake.requestsTo('/v1/completions')).toHaveLength(1);
    // the engineer moves on: the next suggestion replaces the one shown, which is rejected once
    rename(client, 'cart_min', 7);
    const other = await ask();
    expect(other[0]!.insertText).toBe('return min(items)');
    await expect
      .poll(() => client.suggestions.slice(recorded).map((event) => [event.outcome, event.id === id]))
      .toEqual([
        ['rejected', true],
        ['shown', false],
      ]);
  });

  it('records a completion shown with a medium security finding as failing the security gate (issue 59, second review)', async () => {
    fake.reset();
    const items = await askWithMediumFinding(client, 8);
    expect(items).toHaveLength(1);
    const id = items[0]!.command!.arguments![0];
    await expect.poll(() => client.suggestions.at(-1)).toMatchObject({ id, outcome: 'shown' });
    // the workspace's store keeps it out of the fine-tuning export: its gates failed name security
    await expect.poll(() => mktempFailedSecurity(join(workspace, '.vouch', 'server.db'))).toEqual([true]);
  });

  // the same server: an editor asks for an explanation of the buffers it completes in
  it('explains the selection through the explain task and opens the report', async () => {
    fake.reset();
    fake.handle('/v1/chat/completions', () => ({
      text: 'Summary: converts a gross price to a net price.\n\nSteps:\n1. Divides the gross by one plus the rate.',
    }));
    const prices = pathToFileURL(join(workspace, 'shop', 'prices.py')).href;
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: prices,
        languageId: 'python',
        version: 1,
        text: readFileSync(join(workspace, 'shop', 'prices.py'), 'utf8'),
      },
    });
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: prices },
      range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: [] },
    })) as { title: string; command?: { command: string; arguments: unknown[] } }[];
    const explain = actions.find((action) => action.command?.command === 'vouch.explain')!;
    expect(explain.title).toBe('vouch: explain this code');
    const outcome = (await client.connection.sendRequest('workspace/executeCommand', explain.command)) as {
      document: string;
      result: { task: string; explanation: string; verification: { status: string } };
    };
    expect(outcome.result.task).toBe('explain');
    expect(outcome.result.explanation).toContain('converts a gross price to a net price');
    expect(client.shown).toContain(outcome.document);
    expect(readFileSync(new URL(outcome.document), 'utf8')).toMatch(/^# vouch explain/);
    const prompt = JSON.stringify(fake.requestsTo('/v1/chat/completions')[0]!.body);
    expect(prompt).toContain('def net_price(gross: float, rate: float = 0.2) -> float:');
  });
});

it('gives clients without inline completion a plain completion item', async () => {
  // the first test's completion of this buffer is on disk (the workspace has a .vouch/ since its first
  // model call wrote the audit log): this one must reach the model
  // (the disk layer lives in the user's cache dir since r43: this server's HOME is the workspace)
  rmSync(join(workspace, '.vouch', 'complete-cache'), { recursive: true, force: true });
  for (const env of [{ HOME: workspace }, { ...process.env, HOME: workspace }])
    rmSync(join(cacheStateDir(workspace, env), 'complete-cache'), { recursive: true, force: true });
  const client = await start(false);
  try {
    fake.reset();
    fake.script('/v1/completions', { text: 'return len(items)\n' });
    const items = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: uri() },
      position: { line: 4, character: 4 },
    })) as CompletionItem[];
    expect(items).toHaveLength(1);
    expect(items[0]!.label).toBe('return len(items)');
    expect(items[0]!.textEdit).toEqual({
      range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } },
      newText: 'return len(items)',
    });
  } finally {
    await client.close();
  }
});

it("sends suggestions to the team's vouch server when VOUCH_SERVER_URL and VOUCH_TOKEN are set", async () => {
  const server = await startTestServer();
  const before = await localSuggestions();
  const client = await start(true, { VOUCH_SERVER_URL: `${server.url}/`, VOUCH_TOKEN: server.tokens.alice });
  try {
    fake.reset();
    // a completion that hard-codes a secret is not offered: the gate's rules block it (issue 57)
    fake.script('/v1/completions', { text: 'token = "ghp_R8x2LmQ4vN7pK1sT9wY3zB6cD0fH5jA2eG8u"\n' });
    rename(client, 'cart_token', 2);
    const refused = await askInline(client);
    expect(refused).toHaveLength(0);
    // one the engineer's own vouch-ignore covers is offered, and its secret still stays on the engineer's
    // machine: the server gets a placeholder
    fake.script('/v1/completions', {
      text: 'token = "ghp_R8x2LmQ4vN7pK1sT9wY3zB6cD0fH5jA2eG8u"  # vouch-ignore CWE-798: a fixture token\n',
    });
    rename(client, 'cart_tokens', 3);
    const items = await askInline(client);
    expect(items).toHaveLength(1);
    await client.connection.sendRequest('workspace/executeCommand', items[0]!.command);
    await expect
      .poll(async () => {
        const stats = (await (await server.request('/v1/stats', { token: server.tokens.alice })).json()) as {
          total: { shown: number; accepted: number };
        };
        return [stats.total.shown, stats.total.accepted];
      })
      .toEqual([1, 1]);
    const database = new Database(join(server.workspace, '.vouch', 'server.db'), { readonly: true });
    try {
      const codes = database.prepare('select code from suggestions').all() as { code: string }[];
      expect(codes).toHaveLength(1);
      expect(codes[0]!.code).toMatch(/^token = "<<SECRET_1>>" {2}# vouch-ignore CWE-798: a fixture token$/);
    } finally {
      database.close();
    }
    // a completion with a medium finding (`tempfile.mktemp()`) is shown; the server is told its security gate failed
    const medium = await askWithMediumFinding(client, 4);
    expect(medium).toHaveLength(1);
    await expect
      .poll(() => mktempFailedSecurity(join(server.workspace, '.vouch', 'server.db')))
      .toEqual([true]);
    // nothing went to the workspace's own store
    expect(await localSuggestions()).toBe(before);
  } finally {
    await client.close();
    await server.close();
  }
});

it('refuses to start with VOUCH_SERVER_URL but no token, saying what to set', async () => {
  const client = new LspClient(workspace, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: workspace,
    VOUCH_SERVER_URL: 'http://127.0.0.1:9',
  });
  try {
    await expect(client.initialize(pathToFileURL(workspace).href)).rejects.toThrow(/VOUCH_TOKEN/);
  } finally {
    await client.close();
  }
});

async function localSuggestions(): Promise<number> {
  const store = await openServerStore(join(workspace, '.vouch', 'server.db'));
  try {
    return (await store.stats()).total.suggestions;
  } finally {
    await store.close();
  }
}
