import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotStartPostgres, startPostgres, type TestPostgres } from '../../test/support/postgres.js';
import { type ServeProcess, startServeProcess } from '../../test/support/serve-process.js';
import { openServerStore } from '../store/record/open-server-store.js';
import type { ServerStore } from '../store/record/server-store.js';
import { createSharedRateLimiter } from './rate-limit.js';

describe('the shared rate limiter', () => {
  let folder: string;
  let store: ServerStore;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'vouch-rate-limit-'));
    store = await openServerStore(join(folder, 'server.db'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('allows the limit per minute and says when the next request may go', async () => {
    let time = 60_000 * 1000; // the start of a minute
    const limiter = createSharedRateLimiter(store, 2, () => time);
    expect(await limiter.take('a')).toBeUndefined();
    expect(await limiter.take('a')).toBeUndefined();
    // over the limit: in the next minute the estimate is 2 × (1 − g) + 1 ≤ 2 once g ≥ ½, so 60 + 30 s
    expect(await limiter.take('a')).toBe(90);
    time += 90_000;
    expect(await limiter.take('a')).toBeUndefined();
    // 2 × ½ + 1 + 1 > 2: this one waits for the previous minute's share to shrink to nothing
    expect(await limiter.take('a')).toBe(30);
    time += 30_000;
    expect(await limiter.take('a')).toBeUndefined();
  });
});

const unavailable = cannotStartPostgres();
if (unavailable && process.env.CI === 'true') throw new Error(`PostgreSQL tests cannot run: ${unavailable}`);

/** Two `vouch serve` processes on one PostgreSQL, as behind a load balancer: one limit between them. */
describe.skipIf(unavailable !== undefined)(
  `rate limits across server processes on PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let postgres: TestPostgres;
    let servers: ServeProcess[] = [];
    let workspace: string;
    let token: string;
    let other: string;
    beforeAll(async () => {
      postgres = await startPostgres();
      const url = await postgres.createDatabase();
      workspace = mkdtempSync(join(tmpdir(), 'vouch-rate-limit-ws-'));
      // the server's settings are its administrator's (an untrusted workspace's [server] grants nothing)
      const config = join(workspace, 'server.toml');
      writeFileSync(config, '[server]\nrate_limit_per_minute = 4\n');
      const store = await openServerStore(url);
      const user = await store.createUser({ name: 'alice' });
      token = (await store.createToken({ userId: user.id, name: 'a', scopes: ['telemetry'] })).token;
      other = (await store.createToken({ userId: user.id, name: 'b', scopes: ['telemetry'] })).token;
      await store.close();
      servers = await Promise.all(
        [0, 1].map(() => startServeProcess(workspace, { VOUCH_DATABASE_URL: url, VOUCH_CONFIG: config })),
      );
    }, 120_000);
    afterAll(async () => {
      for (const server of servers) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await postgres?.stop();
      rmSync(workspace, { recursive: true, force: true });
    });

    it('enforces one limit per token however its requests are spread over the processes', async () => {
      const ask = (index: number, bearer = token) =>
        fetch(`${servers[index % 2]!.url}/v1/stats`, { headers: { authorization: `Bearer ${bearer}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await ask(i)).status);
      // four between the two processes (each alone would have let four through: eight)
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const refused = await ask(1);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      // another token has its own limit
      expect((await ask(0, other)).status).toBe(200);
    });
  },
);
