import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/server/settings.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { ServerStore } from '../../src/store/record/server-store.js';
import { admitSandbox, sandboxLoad, setSandboxCapacity } from '../../src/verify/sandbox/admission.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';

/**
 * Attack: ten concurrent `/v1/check` pinned 2.56 GB of tmpfs — nothing bounded how much work one server
 * took on. The server admits checks and tasks against a cap, queues a few more, and answers 429 with
 * `Retry-After` beyond that; the sandbox layer caps concurrent sandboxes and the memory they claim.
 */

let fake: FakeProviders;
let store: ServerStore;
let workspace: string;
let app: ReturnType<typeof createServerApp>;
let token = '';

beforeAll(async () => {
  fake = await startFakeProviders();
  workspace = mkdtempSync(join(tmpdir(), 'vouch-admission-'));
  store = await openServerStore(join(workspace, '.vouch', 'server.db'));
  app = createServerApp({
    store,
    workspaceRoot: workspace,
    config: {
      model: { default: 'team:gpt-4o-mini' },
      providers: { team: { kind: 'openai', base_url: fake.openAiUrl, max_retries: 0 } },
    },
    settings: { ...DEFAULT_SETTINGS, maxConcurrentTasks: 1, maxQueuedTasks: 1 },
    env: { PATH: process.env.PATH ?? '' },
  });
  const user = await store.createUser({ name: 'alice' });
  token = (await store.createToken({ userId: user.id, name: 't', scopes: ['tasks'] })).token;
});
afterAll(async () => {
  await store.close();
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});
afterEach(() => setSandboxCapacity({}));

const generate = async (spec: string) =>
  app.request('/v1/tasks/generate', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ spec, language: 'python', runChecks: false, useContext: false }),
  });

describe('admission control on the server', () => {
  it('runs up to the cap, queues up to the queue, and answers 429 with Retry-After beyond', async () => {
    let arrived: () => void = () => {};
    const firstArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    fake.handle('/v1/chat/completions', async () => {
      arrived();
      await gate;
      return { text: '```python\ndef add(a, b):\n    return a + b\n```\n' };
    });
    const first = generate('add two numbers');
    await firstArrived;
    const second = generate('add two numbers again');
    const third = await generate('and once more');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const { error } = (await third.json()) as { error: { code: string; hint: string } };
    expect(error.code).toBe('server_busy');
    expect(error.hint).toContain('max_concurrent_tasks');
    // only the running request reached the model; the queued one waits its turn
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(1);
    open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(fake.requestsTo('/v1/chat/completions')).toHaveLength(2);
  });
});

describe('the sandbox layer’s global cap', () => {
  it('admits sandboxes while their count and memory fit, the rest in order as room is freed', async () => {
    setSandboxCapacity({ sandboxes: 2, memoryMb: 1000 });
    const a = await admitSandbox(400);
    const b = await admitSandbox(400);
    let cStarted = false;
    let dStarted = false;
    const c = admitSandbox(300).then((release) => {
      cStarted = true;
      return release;
    });
    const d = admitSandbox(100).then((release) => {
      dStarted = true;
      return release;
    });
    await Promise.resolve();
    expect(sandboxLoad()).toEqual({ running: 2, claimedMb: 800, waiting: 2 });
    a();
    const releaseC = await c;
    // d would fit the memory, but the count is full again: it waits, in order
    expect(cStarted).toBe(true);
    expect(dStarted).toBe(false);
    b();
    const releaseD = await d;
    expect(sandboxLoad()).toEqual({ running: 2, claimedMb: 400, waiting: 0 });
    releaseC();
    releaseD();
    expect(sandboxLoad()).toEqual({ running: 0, claimedMb: 0, waiting: 0 });
  });

  it('a wait given up (the request aborted) leaves the queue', async () => {
    setSandboxCapacity({ sandboxes: 1, memoryMb: 1000 });
    const a = await admitSandbox(100);
    const controller = new AbortController();
    const waitingRun = admitSandbox(100, controller.signal);
    controller.abort(new Error('client gone'));
    await expect(waitingRun).rejects.toThrow('client gone');
    expect(sandboxLoad().waiting).toBe(0);
    a();
  });
});
