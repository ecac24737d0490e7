import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotStartPostgres, startPostgres, type TestPostgres } from '../../test/support/postgres.js';
import { startTestServer, type TestServer } from '../../test/support/vouch-server.js';
import { openServerStore } from '../store/record/open-server-store.js';

const unavailable = cannotStartPostgres();
if (unavailable && process.env.CI === 'true') throw new Error(`PostgreSQL tests cannot run: ${unavailable}`);

/** The HTTP API end to end with its store in PostgreSQL: what a team deployment runs. */
describe.skipIf(unavailable !== undefined)(
  `the HTTP API on PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let postgres: TestPostgres;
    let server: TestServer;
    beforeAll(async () => {
      postgres = await startPostgres();
      server = await startTestServer({ store: await openServerStore(await postgres.createDatabase()) });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await postgres?.stop();
    });

    it('runs a task, records telemetry from concurrent clients and reports acceptance', async () => {
      expect(server.store.dialect).toBe('postgres');
      server.fake.handle('/v1/chat/completions', () => ({ text: '```python\nx = 1\n```' }));
      const ids = await Promise.all(
        Array.from({ length: 4 }, async (_, i) => {
          const response = await server.request('/v1/tasks/generate', {
            token: server.tokens.alice,
            json: { spec: `value ${i}`, language: 'python', runChecks: false },
          });
          expect(response.status).toBe(200);
          return ((await response.json()) as { suggestion_id: string }).suggestion_id;
        }),
      );
      const posts = await Promise.all(
        ids.map((id, i) =>
          server.request('/v1/events', {
            token: server.tokens.alice,
            json: {
              events: [
                { suggestion_id: id, kind: 'shown' },
                { suggestion_id: id, kind: i % 2 ? 'accepted' : 'rejected' },
              ],
            },
          }),
        ),
      );
      expect(posts.map((post) => post.status)).toEqual([201, 201, 201, 201]);
      const stats = (await (await server.request('/v1/stats', { token: server.tokens.alice })).json()) as {
        total: { shown: number; accepted: number; acceptanceRate: number };
      };
      expect(stats.total).toMatchObject({ shown: 4, accepted: 2, acceptanceRate: 0.5 });
      const foreign = await server.request('/v1/events', {
        token: server.tokens.bob,
        json: { events: [{ suggestion_id: ids[0], kind: 'accepted' }] },
      });
      expect(foreign.status).toBe(404);
      const audit = await server.request('/v1/admin/audit?limit=10', { token: server.tokens.admin });
      expect(((await audit.json()) as { entries: unknown[] }).entries).toHaveLength(4);
    });

    it('refuses a revoked token at once', async () => {
      const carol = await server.store.createUser({ name: 'carol' });
      const { token, record } = await server.store.createToken({
        userId: carol.id,
        name: 't',
        scopes: ['telemetry'],
      });
      expect((await server.request('/v1/stats', { token })).status).toBe(200);
      await server.store.revokeToken(record.id);
      expect((await server.request('/v1/stats', { token })).status).toBe(401);
    });
  },
);
