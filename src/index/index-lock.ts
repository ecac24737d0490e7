import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { privateDirectory } from '../core/private-files.js';
import { processAlive } from '../core/process-alive.js';
import { indexPath } from './index-store-contract.js';

/**
 * One writer of a workspace's index at a time. A second `vouch index` (or a `vouch context` that
 * refreshes) waits for the first with a note, instead of failing on "database is locked" after SQLite's
 * busy timeout; its own refresh is then quick, the work being done. The lock is a file holding the
 * owner's pid, created exclusively; a lock whose process is gone (a crash, kill -9) is taken over. It sits
 * beside the index, in the user's cache dir: one a repository shipped in `.vouch/` naming pid 1 (always
 * alive) made every refresh wait for ever.
 */
const POLL_MS = 200;

/** The lock file of `root`'s index (asking creates nothing). */
export function indexLockPath(root: string): string {
  return join(dirname(indexPath(root)), 'index.lock');
}

function tryAcquire(path: string): number | undefined {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let owner = Number.NaN;
  try {
    owner = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return tryAcquire(path); // released while we looked
  }
  if (!Number.isInteger(owner) || owner <= 0 || !processAlive(owner)) {
    rmSync(path, { force: true });
    return tryAcquire(path);
  }
  return owner;
}

/** Runs `work` holding the index lock of `root`; `onWait` is told once when another process holds it. */
export async function withIndexLock<T>(
  root: string,
  work: () => Promise<T>,
  options: { onWait?: (message: string) => void; signal?: AbortSignal } = {},
): Promise<T> {
  const path = indexLockPath(root);
  privateDirectory(dirname(path));
  let told = false;
  for (;;) {
    const owner = tryAcquire(path);
    if (owner === undefined) break;
    if (!told) {
      told = true;
      options.onWait?.(`another vouch (pid ${owner}) is updating the index; waiting for it to finish`);
    }
    options.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  }
}
