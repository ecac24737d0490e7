import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import { runCli } from '../support/run-cli.js';
import { startServeProcess } from '../support/serve-process.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-serve-'));
  made.push(dir);
  writeFileSync(join(dir, 'vouch.toml'), '');
  return dir;
}

describe('vouch serve and vouch token', () => {
  it('serves the API on a fresh workspace with SQLite; tokens made by the CLI work until revoked', async () => {
    const cwd = workspace();
    const created = await runCli(['token', 'create', '--user', 'alice', '--admin', '--json'], { cwd });
    expect(created.code, created.stderr).toBe(0);
    const { token, record } = created.json<{ token: string; record: { id: string; scopes: string[] } }>();
    expect(record.scopes).toEqual(['tasks', 'telemetry', 'admin']);

    const server = await startServeProcess(cwd);
    try {
      expect(server.info).toMatchObject({ host: '127.0.0.1', privacy: 'redact-remote' });
      expect(server.info.tasks).toContain('generate');
      const health = await fetch(`${server.url}/v1/health`);
      expect(health.status).toBe(200);
      const auth = { headers: { authorization: `Bearer ${token}` } };
      expect((await fetch(`${server.url}/v1/stats`, auth)).status).toBe(200);
      expect((await fetch(`${server.url}/v1/stats`)).status).toBe(401);

      const listed = await runCli(['token', 'list', '--json'], { cwd });
      expect(listed.json<{ tokens: { id: string; user: string }[] }>().tokens).toEqual([
        expect.objectContaining({ id: record.id, user: 'alice' }),
      ]);
      expect(listed.stdout).not.toContain(token);
      const revoked = await runCli(['token', 'revoke', record.id, '--json'], { cwd });
      expect(revoked.json()).toEqual({ revoked: record.id });
      // the running server sees the revocation at once: it keeps no token cache
      expect((await fetch(`${server.url}/v1/stats`, auth)).status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
    }
    const { code } = await server.exited;
    expect(code).toBe(130);
  });

  // bad flags, a refused token create that creates nothing, stats and prune: in-process in
  // src/cli/refusals.test.ts

  it('exports accepted suggestions for fine-tuning', async () => {
    const cwd = workspace();
    const store = await openServerStore(join(cwd, '.vouch', 'server.db'));
    const alice = await store.createUser({ name: 'alice' });
    const base = {
      userId: alice.id,
      task: 'generate',
      language: 'python',
      model: 'team:m',
      confidence: 'high',
      verification: 'pass',
      context: [],
    };
    const good = await store.recordSuggestion({
      ...base,
      gatesFailed: [],
      input: { spec: 'double it' },
      code: 'def double(x):\n    return 2 * x\n',
    });
    const unsafe = await store.recordSuggestion({
      ...base,
      gatesFailed: ['security'],
      input: { spec: 'run it' },
      code: 'import os\nos.system(input())\n',
    });
    await store.recordEvents(alice.id, [
      { suggestionId: good.id, kind: 'accepted', face: 'cli' },
      { suggestionId: unsafe.id, kind: 'accepted', face: 'cli' },
    ]);
    await store.close();
    const result = await runCli(['export', 'finetune', '--format', 'openai-chat', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const exported = result.json<{
      records: number;
      excluded: { gate: number };
      lines: { messages: unknown[] }[];
    }>();
    expect(exported.records).toBe(1);
    expect(exported.excluded.gate).toBe(1);
    expect(exported.lines[0]!.messages).toHaveLength(3);
    const bad = await runCli(['export', 'finetune', '--format', 'csv'], { cwd });
    expect(bad.code).toBe(2);
  });
});
