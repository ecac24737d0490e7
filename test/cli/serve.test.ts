import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
});
