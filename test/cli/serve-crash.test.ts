import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import { startServeProcess } from '../support/serve-process.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('vouch serve under kill -9', () => {
  it('loses no telemetry event it acknowledged', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'vouch-crash-'));
    made.push(cwd);
    // the server's settings are its administrator's: the account's own config (an untrusted workspace's
    // [server] table grants nothing)
    const config = join(cwd, 'server.toml');
    writeFileSync(config, '[server]\nrate_limit_per_minute = 1000000\n');
    const database = join(cwd, '.vouch', 'server.db');
    const store = await openServerStore(database);
    const alice = await store.createUser({ name: 'alice' });
    const { token } = await store.createToken({ userId: alice.id, name: 't', scopes: ['telemetry'] });
    const suggestion = await store.recordSuggestion({
      userId: alice.id,
      task: 'generate',
      language: 'python',
      model: 'm',
      confidence: 'high',
      verification: 'pass',
      gatesFailed: [],
      input: {},
      code: 'x = 1',
      context: [],
    });
    await store.close();

    const server = await startServeProcess(cwd, { VOUCH_CONFIG: config });
    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    // 8 clients post batches of 3 events, each batch marked by its `face`, until the server dies
    const client = async () => {
      while (!stop) {
        const mark = `b${sent++}`;
        const events = Array.from({ length: 3 }, () => ({
          suggestion_id: suggestion.id,
          kind: 'shown',
          face: mark,
        }));
        try {
          const response = await fetch(`${server.url}/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ events }),
          });
          if (response.status === 201) acknowledged.push(mark);
          else await response.text();
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    while (acknowledged.length < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    expect((await server.exited).signal).toBe('SIGKILL');

    const db = new Database(database, { readonly: true });
    const counts = new Map(
      (
        db.prepare('select face, count(*) as n from events group by face').all() as {
          face: string;
          n: number;
        }[]
      ).map((row) => [row.face, row.n]),
    );
    db.close();
    const lost = acknowledged.filter((mark) => counts.get(mark) !== 3);
    expect(lost).toEqual([]);
    // batches are all or nothing, acknowledged or not
    expect([...counts.values()].every((n) => n === 3)).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
  });
});
