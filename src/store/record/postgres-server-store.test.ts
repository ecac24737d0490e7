import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotStartPostgres, startPostgres, type TestPostgres } from '../../../test/support/postgres.js';
import { UsageError } from '../../core/errors.js';
import { dashboardStoreContract } from './dashboard-store.case.js';
import { openServerStore } from './open-server-store.js';
import { serverStoreContract } from './server-store.case.js';

const unavailable = cannotStartPostgres();
// Under CI a missing PostgreSQL fails the suite: a skipped store contract is never a pass there.
if (unavailable && process.env.CI === 'true') throw new Error(`PostgreSQL tests cannot run: ${unavailable}`);

describe.skipIf(unavailable !== undefined)(
  `postgres server store${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let server: TestPostgres;
    beforeAll(async () => {
      server = await startPostgres();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });

    serverStoreContract('postgres', async () => openServerStore(await server.createDatabase()));
    dashboardStoreContract('postgres', async () => openServerStore(await server.createDatabase()));

    it('runs migrations once when several processes open the same database together', async () => {
      const url = await server.createDatabase();
      const stores = await Promise.all([openServerStore(url), openServerStore(url), openServerStore(url)]);
      await stores[0]!.createUser({ name: 'alice' });
      expect((await stores[2]!.listUsers()).map((user) => user.name)).toEqual(['alice']);
      await Promise.all(stores.map((store) => store.close()));
    });

    it('says which database could not be opened, without its password', async () => {
      const error = await openServerStore('postgres://vouch:s3cret@127.0.0.1:9/none').catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect(String((error as Error).message)).not.toContain('s3cret');
    });
  },
);

it('gives up on a server that accepts the connection and never answers (PGCONNECT_TIMEOUT), saying so', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const before = process.env.PGCONNECT_TIMEOUT;
  process.env.PGCONNECT_TIMEOUT = '1';
  try {
    const error = await openServerStore(`postgres://vouch:s3cret@127.0.0.1:${port}/none`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/cannot open the PostgreSQL database .*timeout/);
    expect((error as Error).message).not.toContain('s3cret');
  } finally {
    if (before === undefined) delete process.env.PGCONNECT_TIMEOUT;
    else process.env.PGCONNECT_TIMEOUT = before;
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});
