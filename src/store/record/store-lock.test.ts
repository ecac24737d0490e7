import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import { STALE_LOCK_MS, withLockFile } from './store-lock.js';

/**
 * The lock file the user's vouch processes take around their store records (store-origin.ts): one holder
 * at a time, a stale lock taken over, a holder removing only its own, and no `.aside` file left for good.
 * The race between processes is store-lock-race.test.ts's.
 */

afterEach(() => {
  vi.useRealTimers();
});

/** A process id no process has (above any pid_max): the holder a crashed vouch leaves in its lock. */
const DEAD_PID = 2 ** 31 - 2;

/** A lock path in a new folder: `lock` beside nothing else. */
function lockPath(): { dir: string; lock: string } {
  const dir = testFolder('vouch-store-lock-');
  return { dir, lock: join(dir, 'records.json.lock') };
}

/** The name a process `pid` moves the lock aside to (store-lock.ts's form). */
const asideOf = (lock: string, pid: number, hex = 'a1b2c3d4e5f6') => `${lock}.${pid}.${hex}.aside`;

describe('the lock file', () => {
  it('is held while `hold` runs, names this process, and is released after', async () => {
    const { dir, lock } = lockPath();
    const seen = await withLockFile(lock, async () => readFileSync(lock, 'utf8'));
    expect(seen).toBe(`${process.pid}\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is released when `hold` throws', async () => {
    const { dir, lock } = lockPath();
    await expect(
      withLockFile(lock, async () => {
        throw new Error('open failed');
      }),
    ).rejects.toThrow('open failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is taken over from a holder that no longer runs, and from one dated past the bound either way', async () => {
    for (const shift of [0, -2 * STALE_LOCK_MS, 86_400_000]) {
      const { dir, lock } = lockPath();
      // a live holder (this process) when dated out of bounds, a dead one when dated now
      writeFileSync(lock, `${shift === 0 ? DEAD_PID : process.pid}\n`, { mode: 0o600 });
      const when = new Date(Date.now() + shift);
      utimesSync(lock, when, when);
      expect(await withLockFile(lock, async () => readFileSync(lock, 'utf8'))).toBe(`${process.pid}\n`);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('is waited on while a live holder has it, and taken once that holder releases it', async () => {
    const { lock } = lockPath();
    // another live process's lock: this test's own pid (the holder id is all the lock says)
    writeFileSync(lock, `${process.pid}\n`, { mode: 0o600 });
    const order: string[] = [];
    const taken = withLockFile(lock, async () => {
      order.push('held');
    });
    // the waiter polls every 5–25 ms: several polls while the live lock is there
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push('released');
    rmSync(lock);
    await taken;
    expect(order).toEqual(['released', 'held']);
  });

  it('is not removed by a holder whose own lock was taken over meanwhile (held past the 30 s bound)', async () => {
    const { dir, lock } = lockPath();
    await withLockFile(lock, async () => {
      // what a waiter does to a lock older than 30 s: removes it and takes its own
      rmSync(lock);
      writeFileSync(lock, '1\n', { mode: 0o600 });
    });
    // w224: the first holder's release removed the new holder's lock by name
    expect(readFileSync(lock, 'utf8')).toBe('1\n');
    expect(readdirSync(dir)).toEqual(['records.json.lock']);
  });
});

describe('a lock moved aside and left there (its mover died between the move and the removal)', () => {
  it('is removed by the next holder when its mover no longer runs; a live mover’s fresh one is kept', async () => {
    const { dir, lock } = lockPath();
    const dead = asideOf(lock, DEAD_PID);
    const live = asideOf(lock, process.pid);
    writeFileSync(dead, '4242\n', { mode: 0o600 });
    writeFileSync(live, '4243\n', { mode: 0o600 });
    await withLockFile(lock, async () => undefined);
    expect(existsSync(dead)).toBe(false);
    // a live mover may still link it back as the lock it moved by mistake
    expect(readdirSync(dir)).toEqual([live.slice(dir.length + 1)]);
  });

  it('is removed when it was moved aside more than 30 s ago, whoever moved it', async () => {
    const { dir, lock } = lockPath();
    const live = asideOf(lock, process.pid);
    writeFileSync(live, '4243\n', { mode: 0o600 });
    // a mover holds one for two system calls: one moved 31 s ago is a reused pid's (the clock moved on,
    // the change time the move set stays)
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + STALE_LOCK_MS + 1_000);
    await withLockFile(lock, async () => undefined);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is judged by the time of the move, not the lock’s own date (an old lock is what is moved aside)', async () => {
    const { dir, lock } = lockPath();
    const live = asideOf(lock, process.pid);
    writeFileSync(live, '4243\n', { mode: 0o600 });
    const old = new Date(Date.now() - 2 * STALE_LOCK_MS);
    utimesSync(live, old, old);
    await withLockFile(lock, async () => undefined);
    expect(readdirSync(dir)).toEqual([live.slice(dir.length + 1)]);
  });

  it('leaves files of other names alone', async () => {
    const { dir, lock } = lockPath();
    const others = [
      `${join(dir, 'other.lock')}.${DEAD_PID}.a1b2c3d4e5f6.aside`,
      `${lock}.${DEAD_PID}.tmp`,
      `${lock}.x.a1b2c3d4e5f6.aside`,
    ];
    for (const other of others) writeFileSync(other, '1\n', { mode: 0o600 });
    await withLockFile(lock, async () => undefined);
    expect(readdirSync(dir).sort()).toEqual(others.map((other) => other.slice(dir.length + 1)).sort());
  });
});
