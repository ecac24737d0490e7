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

  it('says what is wrong with bad flags, with exit code 2', async () => {
    const cwd = workspace();
    const scope = await runCli(['token', 'create', '--user', 'bob', '--scope', 'root', '--json'], { cwd });
    expect(scope.code).toBe(2);
    expect(scope.json<{ error: { message: string } }>().error.message).toContain("unknown scope 'root'");
    const user = await runCli(['token', 'create', '--user', '../x'], { cwd });
    expect(user.code).toBe(2);
    const revoke = await runCli(['token', 'revoke', 'nope'], { cwd });
    expect(revoke.code).toBe(2);
    expect(revoke.stderr).toContain("no token with the id 'nope'");
    const port = await runCli(['serve', '--port', '70000'], { cwd });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port');
    const prune = await runCli(['prune', '--older-than', 'soon'], { cwd });
    expect(prune.code).toBe(2);
  });

  it('a token create that fails creates nothing: no user without the admin scope they were refused', async () => {
    const cwd = workspace();
    const refused = await runCli(['token', 'create', '--user', 'dave', '--scope', 'admin', '--json'], {
      cwd,
    });
    expect(refused.code).toBe(2);
    const { error } = refused.json<{ error: { message: string; hint: string } }>();
    expect(error.message).toContain('dave would not be an administrator');
    expect(error.hint).toContain('--admin');
    const listed = await runCli(['token', 'list', '--user', 'dave', '--json'], { cwd });
    expect(listed.code).toBe(2);
    expect(listed.json<{ error: { message: string } }>().error.message).toContain("no user named 'dave'");
    // once created as an administrator, the same request succeeds
    const admin = await runCli(
      ['token', 'create', '--user', 'dave', '--scope', 'admin', '--admin', '--json'],
      {
        cwd,
      },
    );
    expect(admin.code, admin.stderr).toBe(0);
  });

  it('prints stats and prunes with --json', async () => {
    const cwd = workspace();
    const stats = await runCli(['stats', '--json'], { cwd });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.json()).toMatchObject({ scope: 'all', total: { suggestions: 0, acceptanceRate: null } });
    const text = await runCli(['stats'], { cwd });
    expect(text.stdout).toContain('acceptance (everyone)');
    const prune = await runCli(['prune', '--older-than', '90d', '--json'], { cwd });
    expect(prune.json()).toMatchObject({ suggestions: 0, events: 0, audit: 0 });
  });

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
