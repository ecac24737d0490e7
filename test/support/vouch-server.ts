import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServerApp } from '../../src/server/app.js';
import { listen } from '../../src/server/serve.js';
import { DEFAULT_SETTINGS, type ServerSettings } from '../../src/server/settings.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { ServerStore } from '../../src/store/record/server-store.js';
import { type FakeProviders, startFakeProviders } from './fake-providers/fake-providers.js';

/**
 * A real vouch server on a loopback port for tests: a temporary workspace, an SQLite store (or the
 * given one), fake model providers as its model (`[providers.team]`, OpenAI-compatible), an administrator
 * and two ordinary users with tokens.
 */
export interface TestServer {
  url: string;
  store: ServerStore;
  fake: FakeProviders;
  workspace: string;
  tokens: { admin: string; alice: string; bob: string; aliceTelemetryOnly: string };
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  settings?: Partial<ServerSettings>;
  /** `[providers.team]` settings beyond kind and base_url (e.g. location = "remote") */
  provider?: Record<string, unknown>;
  store?: ServerStore;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const fake = await startFakeProviders();
  const workspace = mkdtempSync(join(tmpdir(), 'vouch-server-ws-'));
  writeFileSync(join(workspace, 'vouch.toml'), '');
  const store = options.store ?? (await openServerStore(join(workspace, '.vouch', 'server.db')));
  const config = {
    model: { default: 'team:gpt-4o-mini' },
    providers: {
      team: { kind: 'openai', base_url: fake.openAiUrl, max_retries: 0, ...options.provider },
    },
  };
  const app = createServerApp({
    store,
    workspaceRoot: workspace,
    config,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    env: { PATH: process.env.PATH ?? '' },
    onError: (error) => process.stderr.write(`test server: ${String(error)}\n`),
  });
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  const admin = await store.createUser({ name: 'root', admin: true });
  const alice = await store.createUser({ name: 'alice' });
  const bob = await store.createUser({ name: 'bob' });
  const token = async (userId: string, scopes: ('tasks' | 'telemetry' | 'admin')[]) =>
    (await store.createToken({ userId, name: 'test', scopes })).token;
  const tokens = {
    admin: await token(admin.id, ['admin', 'tasks', 'telemetry']),
    alice: await token(alice.id, ['tasks', 'telemetry']),
    bob: await token(bob.id, ['tasks', 'telemetry']),
    aliceTelemetryOnly: await token(alice.id, ['telemetry']),
  };
  return {
    url: server.url,
    store,
    fake,
    workspace,
    tokens,
    request(path, init = {}) {
      const { token: bearer, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        ...(json !== undefined ? { method: rest.method ?? 'POST', body: JSON.stringify(json) } : {}),
      });
    },
    async close() {
      await server.close();
      await store.close();
      await fake.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
