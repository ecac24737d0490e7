import { rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { runCli } from '../support/run-cli.js';
import { type ServeProcess, startServeProcess } from '../support/serve-process.js';
import { tempProject } from '../support/temp-project.js';

/**
 * Two users against one real `vouch serve` process (test/server/security.test.ts drives every task route
 * in-process): tokens made by the CLI, the workspace's own configuration, the store on disk.
 */

const available = (await sandboxAvailability()).available;
const ENV_SECRET = ['sk-live-', 'served', 'Qm2pLk9vBn4R7'].join('');
const made: string[] = [];
let fake: FakeProviders;
let server: ServeProcess;
let workspace: string;
const tokens: Record<string, string> = {};

const request = (path: string, user: string, body?: unknown, method = body ? 'POST' : 'GET') =>
  fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tokens[user]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe.skipIf(!available)('vouch serve with two users', () => {
  beforeAll(async () => {
    fake = await startFakeProviders();
    workspace = tempProject(
      'vouch-serve-security-',
      {
        // the administrator's config, given as the account's (an untrusted workspace's [server] grants nothing)
        'server.toml': '[server]\ndebug_commands = [["python3", "-m", "pytest"]]\n',
        'app/__init__.py': '',
        'app/calc.py': 'def add(a, b):\n    return a + b\n',
        '.env': `API_KEY=${ENV_SECRET}\n`,
      },
      made,
    );
    symlinkSync('../.env', join(workspace, 'app', 'settings.py'));
    for (const [user, admin] of [
      ['root', true],
      ['alice', false],
      ['bob', false],
    ] as const) {
      const created = await runCli(
        ['token', 'create', '--user', user, ...(admin ? ['--admin'] : []), '--json'],
        {
          cwd: workspace,
        },
      );
      expect(created.code, created.stderr).toBe(0);
      tokens[user] = created.json<{ token: string }>().token;
    }
    server = await startServeProcess(workspace, {
      VOUCH_CONFIG: join(workspace, 'server.toml'),
      OPENAI_BASE_URL: fake.openAiUrl,
      VOUCH_MODEL: 'openai:gpt-4o-mini',
    });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await fake?.close();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps alice's conversation from bob, and the store on disk private", async () => {
    const created = await request('/v1/conversations', 'alice', { title: 'alice only' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await request(`/v1/conversations/${id}`, 'alice')).status).toBe(200);
    expect((await request(`/v1/conversations/${id}`, 'bob')).status).toBe(404);
    expect(await (await request('/v1/conversations', 'bob')).text()).not.toContain('alice only');
    expect(statSync(join(workspace, '.vouch')).mode & 0o777).toBe(0o700);
    expect(statSync(join(workspace, '.vouch', 'server.db')).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that links to a secrets file, and sends nothing to the model', async () => {
    for (const task of ['explain', 'fix']) {
      const response = await request(`/v1/tasks/${task}`, 'bob', { file: 'app/settings.py' });
      const text = await response.text();
      expect(response.status, text).toBe(403);
      expect(text).not.toContain(ENV_SECRET);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("runs only the workspace's debug commands for a tasks token; the sandbox hides the stores from an administrator's", async () => {
    const refused = await request('/v1/tasks/debug', 'bob', { command: ['cat', '.vouch/server.db'] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('command_not_allowed');
    const admin = await request('/v1/tasks/debug', 'root', { command: ['cat', '.vouch/server.db'] });
    const text = await admin.text();
    expect(text).toContain('No such file or directory');
    expect(text).not.toContain('SQLite format');
  });
});
