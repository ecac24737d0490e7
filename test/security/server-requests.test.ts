// end-to-end: the server's checks run Bandit and the imports probe in the sandbox
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/server/settings.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { ServerStore } from '../../src/store/record/server-store.js';
import { TaskSession } from '../../src/tasks/task-session.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';

/**
 * Attacks on the team server by one request, in-process (`app.request`, Request in, Response out):
 * nothing one request sends may stop the server or reach another user.
 */

let fake: FakeProviders;
let store: ServerStore;
let workspace: string;
let session: TaskSession;
let app: ReturnType<typeof createServerApp>;
const tokens = { alice: '', bob: '', aliceTelemetry: '' };

beforeAll(async () => {
  fake = await startFakeProviders();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-server-requests-'));
  writeFileSync(join(workspace, 'calc.py'), 'def add(a, b):\n    \n');
  store = await openServerStore(join(workspace, '.vouch', 'server.db'));
  session = new TaskSession(workspace);
  app = createServerApp({
    store,
    workspaceRoot: workspace,
    config: {
      model: { default: 'team:gpt-4o-mini' },
      providers: { team: { kind: 'openai', base_url: fake.openAiUrl, max_retries: 0 } },
    },
    settings: { ...DEFAULT_SETTINGS },
    env: { PATH: process.env.PATH ?? '' },
    session,
  });
  const alice = await store.createUser({ name: 'alice' });
  const bob = await store.createUser({ name: 'bob' });
  tokens.alice = (
    await store.createToken({ userId: alice.id, name: 't', scopes: ['tasks', 'telemetry'] })
  ).token;
  tokens.bob = (await store.createToken({ userId: bob.id, name: 't', scopes: ['tasks', 'telemetry'] })).token;
  tokens.aliceTelemetry = (
    await store.createToken({ userId: alice.id, name: 't', scopes: ['telemetry'] })
  ).token;
});
afterAll(async () => {
  await session.close();
  await store.close();
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

async function post(path: string, token: string, body: string): Promise<Response> {
  return app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
}

describe('one request cannot stop the server', () => {
  it('5,000-deep JSON in /v1/suggestions is a 400, not a 500', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = `{"task":"complete","language":"python","model":"m","confidence":"high","verification":"pass","code":"x = 1","input":{"deep":${deep}}}`;
    const response = await post('/v1/suggestions', tokens.aliceTelemetry, body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(/nest/);
  });

  it('deep JSON inside a string is only text', async () => {
    const body = JSON.stringify({
      task: 'complete',
      language: 'python',
      model: 'm',
      confidence: 'high',
      verification: 'pass',
      code: `x = "${'['.repeat(5000)}"`,
    });
    const response = await post('/v1/suggestions', tokens.aliceTelemetry, body);
    expect(response.status).toBe(201);
  });

  it('a lone surrogate in /v1/check code is checked, not a crash of the import check', async () => {
    const response = await post(
      '/v1/check',
      tokens.alice,
      JSON.stringify({ code: 'import os\nname = "\ud800"\nprint(os.sep, name)\n', language: 'python' }),
    );
    expect(response.status).toBeLessThan(500);
    const result = (await response.json()) as {
      checks: { name: string; status: string; summary?: string }[];
    };
    const imports = result.checks.find((check) => check.name === 'imports');
    expect(imports?.status, JSON.stringify(imports)).not.toBe('error');
  });
});

describe('the completion cache keeps users apart', () => {
  it('answers bob with his own completion, never alice’s cached one', async () => {
    fake.script('/v1/completions', { text: 'return a + b  # alice' }, { text: 'return a + b  # bob' });
    const input = { file: 'calc.py', line: 2, column: 5 };
    const first = await post('/v1/tasks/complete', tokens.alice, JSON.stringify(input));
    expect(first.status, await first.clone().text()).toBe(200);
    const again = (await (await post('/v1/tasks/complete', tokens.alice, JSON.stringify(input))).json()) as {
      details: { cached: boolean };
    };
    expect(again.details.cached).toBe(true);
    const bobs = (await (await post('/v1/tasks/complete', tokens.bob, JSON.stringify(input))).json()) as {
      generated_code: string;
      details: { cached: boolean };
    };
    expect(bobs.details.cached).toBe(false);
    expect(bobs.generated_code).not.toContain('alice');
  });
});
