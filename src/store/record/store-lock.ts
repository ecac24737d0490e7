import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock older than this was left by a vouch that died while opening a store (an open takes milliseconds). */
export const STALE_LOCK_MS = 30_000;

/** One lock file as read: which file it is (device, inode, modification time) and the holder id it names. */
interface LockFile {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  text: string;
}

/**
 * Runs `hold` while this process holds the lock file `lock` (made with O_EXCL, naming this process), and
 * no other process of the user's that takes the same lock does. A lock whose holder is gone, dated more
 * than 30 s from the clock either way, is taken over.
 *
 * Taken over only if it is still the file judged stale (w224): several waiters judged one stale lock, the
 * first removed it and took a new one, the next removed that new one by name and took its own — two
 * holders at once (6 processes on a stale lock: 26 of 48 held it with another). A stale lock is moved
 * aside by rename and removed only if the file moved is the one judged; else it is put back. The holder
 * removes its lock the same way, so a lock taken over from a holder past 30 s is not removed by it.
 *
 * A process that died between the move aside and the removal left the `.aside` file: the holder removes
 * those no live process can still link back (`removeStaleAsides`).
 */
export async function withLockFile<T>(lock: string, hold: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lock), { recursive: true, mode: 0o700 });
  let mine: LockFile;
  for (;;) {
    try {
      mine = createLock(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = readLock(lock);
      // released since (no file): try again at once
      if (held === undefined) continue;
      if (lockIsStale(held)) await takeOver(lock, held);
      else await sleep(5 + Math.random() * 20);
    }
  }
  try {
    removeStaleAsides(lock);
    return await hold();
  } finally {
    removeLockIf(lock, mine);
  }
}

/**
 * Removes the stale lock `judged` while holding `<lock>.break`, so that one waiter at a time judges and
 * removes: without it, a waiter that judged the stale lock moved aside the lock another had just taken
 * over, and a third took the name before it was linked back — two holders (w229: 1 of 72 rounds at load
 * 12–26). Under the break lock the lock is read again and removed only if it is still the file judged; a
 * break lock whose holder is gone is removed the same way a stale lock is.
 */
async function takeOver(lock: string, judged: LockFile): Promise<void> {
  const breaker = `${lock}.break`;
  let mine: LockFile;
  try {
    mine = createLock(breaker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const other = readLock(breaker);
    if (other !== undefined && lockIsStale(other)) removeLockIf(breaker, other);
    else await sleep(5 + Math.random() * 20);
    return;
  }
  try {
    const now = readLock(lock);
    if (now !== undefined && sameLock(now, judged)) removeLockIf(lock, judged);
  } finally {
    removeLockIf(breaker, mine);
  }
}

/** Makes the lock file (EEXIST when another has it) naming this process: the file made, as read. */
function createLock(lock: string): LockFile {
  const fd = openSync(lock, 'wx', 0o600);
  try {
    const text = `${process.pid}\n`;
    writeSync(fd, text);
    return lockFile(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** The lock file at `path` and what it says, read from one open file; undefined when there is none. */
function readLock(path: string): LockFile | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return lockFile(fd, readFileSync(fd, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

function lockFile(fd: number, text: string): LockFile {
  const stat = fstatSync(fd, { bigint: true });
  return { dev: stat.dev, ino: stat.ino, mtimeNs: stat.mtimeNs, text };
}

function sameLock(a: LockFile, b: LockFile): boolean {
  // the inode alone is not enough: a removed lock's inode is often the next one made
  return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.text === b.text;
}

/** The name a lock is moved aside to by process `pid`: unique, and saying who moved it. */
function asideName(lock: string, pid: number): string {
  return `${lock}.${pid}.${randomBytes(6).toString('hex')}.aside`;
}

/**
 * Removes the lock at `path` if it is still the file `judged`: moved aside by rename (atomic: no other
 * can remove or replace it while it is compared), removed if it is that file, else linked back under its
 * name (unless another took the name in that moment: then the lock moved is lost to its holder — a window
 * of two system calls, where removing by name left the whole judgement as one).
 */
function removeLockIf(path: string, judged: LockFile): void {
  const aside = asideName(path, process.pid);
  try {
    renameSync(path, aside);
  } catch (error) {
    // removed by another since: nothing to remove
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = readLock(aside);
    if (moved !== undefined && !sameLock(moved, judged)) linkSync(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

function lockIsStale(lock: LockFile): boolean {
  // a lock dated ahead of the clock (written before the clock was set back, or by a machine sharing the
  // home whose clock runs ahead) would never age: taken as stale too, or every open waited on it for good
  // behind a holder id that is alive (w220: `vouch serve` hung, silent, on a lock dated tomorrow naming a
  // live process)
  if (outsideStaleBound(lock.mtimeNs)) return true;
  const holder = Number.parseInt(lock.text, 10);
  if (!Number.isInteger(holder) || holder <= 0) return false; // being written: wait
  return !isRunning(holder);
}

function outsideStaleBound(timeNs: bigint): boolean {
  return Math.abs(Date.now() - Number(timeNs / 1_000_000n)) > STALE_LOCK_MS;
}

/** Whether process `pid` runs (EPERM: another user's, alive). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the `.aside` files beside `lock` that no process can still link back as a lock: their mover (the
 * pid in the name) no longer runs, or they were moved aside more than 30 s ago (the change time, which the
 * rename sets; the modification time is the lock's own, old by definition when it was judged stale) — a
 * mover holds one for two system calls, so one that old is a reused pid's. A live mover's fresh one is
 * kept: removing it would lose the live lock it may be about to link back. Best effort: a file that
 * cannot be read or removed stays for the next holder.
 */
export function removeStaleAsides(lock: string): void {
  const prefix = `${basename(lock)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(lock));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    // a lock's (`lock.<pid>.<hex>.aside`) or its break lock's (`lock.break.<pid>.<hex>.aside`)
    const mover = /^(?:break\.)?(\d+)\.[0-9a-f]{12}\.aside$/.exec(name.slice(prefix.length));
    if (!mover) continue;
    const path = join(dirname(lock), name);
    try {
      const moved = lstatSync(path, { bigint: true });
      if (outsideStaleBound(moved.ctimeNs) || !isRunning(Number(mover[1]))) rmSync(path, { force: true });
    } catch {
      // removed by another since, or unreadable: left for the next holder
    }
  }
}
