// end-to-end: node processes of the built vouch (dist/) waiting together on a stale store-records lock
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { processesAtOnce } from '../../../test/support/processes-at-once.js';

/**
 * w224 (w220 read it, not reproduced): several vouch processes waiting on one stale `server-stores.json.lock`
 * all judge it stale; the first removes it and takes a new lock; a second, which judged the *old* lock
 * stale, then removed the first's new one and took its own — two holders at once, so the store records
 * could be written by both (a lost record, or two servers on one store). Each process here holds the lock
 * for a moment and says whether another held it at the same time.
 */

const STORE_ORIGIN = pathToFileURL(
  join(import.meta.dirname, '..', '..', '..', 'dist', 'store', 'record', 'store-origin.js'),
).href;

/**
 * Loads vouch's store lock, says `ready`, and on a line from its stdin takes the lock: inside, it makes the
 * folder `inside` (there already: another holds the lock too), waits a moment and removes it; prints `ok`
 * or `two holders`.
 */
const SCRIPT = `
const { mkdirSync, rmdirSync } = await import('node:fs');
const { withStoreRecordsLock } = await import(process.argv[1]);
const inside = process.argv[2];
console.log('ready');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();
const outcome = await withStoreRecordsLock(undefined, async () => {
  try {
    mkdirSync(inside);
  } catch {
    return 'two holders';
  }
  await new Promise((resolve) => setTimeout(resolve, 30));
  rmdirSync(inside);
  return 'ok';
});
console.log(outcome);
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** `count` processes of one user (state dir `state`) that take the lock at once: their outcomes. */
const lockAtOnce = (count: number, state: string, inside: string) =>
  processesAtOnce(
    SCRIPT,
    Array.from({ length: count }, () => [STORE_ORIGIN, inside]),
    { XDG_STATE_HOME: state },
  );

/** A process id that ran and is gone: the holder a crashed vouch leaves in its lock. */
function deadPid(): number {
  const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number.parseInt(gone.stdout, 10);
}

it('gives a stale store-records lock to one of the processes waiting on it, never to two', async () => {
  const outcomes: string[] = [];
  for (let round = 0; round < 12; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-lock-race-'));
    made.push(dir);
    const state = join(dir, 'state');
    mkdirSync(join(state, 'vouch'), { recursive: true, mode: 0o700 });
    const lock = join(state, 'vouch', 'server-stores.json.lock');
    // stale two ways in turn: its holder is gone, or it is older than the 30 s an open may take
    writeFileSync(lock, `${round % 2 === 0 ? deadPid() : process.pid}\n`, { mode: 0o600 });
    if (round % 2 === 1) {
      const old = new Date(Date.now() - 120_000);
      utimesSync(lock, old, old);
    }
    outcomes.push(...(await lockAtOnce(6, state, join(dir, 'inside'))));
    // released, and every lock moved aside removed by its mover: nothing left beside the records
    expect(readdirSync(join(state, 'vouch'))).toEqual([]);
  }
  expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual([]);
  expect(outcomes).toHaveLength(72);
}, 240_000);
