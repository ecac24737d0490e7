import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlineCompletionItem } from 'vscode-languageserver/node';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { StoredAuditEntry } from '../../src/store/record/server-store.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { tempProject } from '../support/temp-project.js';

/**
 * The workspace's privacy policy in `vouch lsp` (the real process over stdio): under `local-only` a
 * remote model gets no request and the refusal is audited; a model on this machine answers, audited
 * with sizes and no code. Needs `npm run build`.
 */

const CALC = 'def add(a, b):\n    \n';
let fake: FakeProviders;
const made: string[] = [];

beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function audit(workspace: string): Promise<StoredAuditEntry[]> {
  const store = await openServerStore(join(workspace, '.vouch', 'server.db'));
  try {
    return await store.listAudit();
  } finally {
    await store.close();
  }
}

async function complete(toml: string): Promise<{ workspace: string; items: InlineCompletionItem[] }> {
  const workspace = tempProject('vouch-lsp-privacy-', { 'vouch.toml': toml, 'calc.py': CALC }, made);
  const client = new LspClient(workspace, {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: workspace,
    OPENAI_BASE_URL: fake.openAiUrl,
    OLLAMA_HOST: 'http://127.0.0.1:9',
  });
  try {
    await client.initialize(pathToFileURL(workspace).href, { model: 'openai:qwen2.5-coder-1.5b' });
    client.connection.sendNotification('initialized', {});
    const uri = pathToFileURL(join(workspace, 'calc.py')).href;
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: CALC },
    });
    const items = (await client.connection.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
      context: { triggerKind: 2 },
    })) as InlineCompletionItem[];
    return { workspace, items };
  } finally {
    await client.close();
  }
}

describe('the privacy policy in vouch lsp', () => {
  it('local-only: a remote model gets no request, and the refusal is in the audit log', async () => {
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    const { workspace, items } = await complete(
      '[privacy]\npolicy = "local-only"\n\n[providers.openai]\nlocation = "remote"\n',
    );
    expect(items).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    await expect
      .poll(async () => (await audit(workspace)).map((entry) => [entry.outcome, entry.location]))
      .toEqual([['refused: local-only', 'remote']]);
  });

  it('local-only: a model on this machine answers, audited with sizes and without the code', async () => {
    fake.reset();
    fake.script('/v1/completions', { text: 'return a + b\n' });
    const { workspace, items } = await complete('[privacy]\npolicy = "local-only"\n');
    expect(items.map((item) => item.insertText)).toEqual(['return a + b']);
    await expect.poll(async () => (await audit(workspace)).length).toBe(1);
    const [entry] = await audit(workspace);
    expect(entry).toMatchObject({
      operation: 'fim',
      location: 'local',
      outcome: 'ok',
      policy: 'local-only',
      endpoint: `${fake.openAiUrl}/completions`,
    });
    expect(entry!.promptChars).toBeGreaterThan(0);
    expect(JSON.stringify(entry)).not.toContain('a + b');
  });
});
