import { lstatSync, mkdtempSync, readdirSync, rm, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { processAlive } from '../core/process-alive.js';

/**
 * The private temporary folders Bandit reads code from that is not on disk as Python reads it (stdin,
 * generated code, a file holding a lone `\r`: w104). Each is removed when its scan ends, and at the
 * process's exit, which the CLI's second Ctrl-C and its grace period after SIGTERM reach without the
 * scan's `finally` (signals.ts). A process killed outright leaves its folder; the next scan to make one
 * removes those of dead processes (r23).
 */
const PREFIX = 'vouch-scan-';
/** `vouch-scan-<pid>-XXXXXX`, and `vouch-scan-XXXXXX` as vouch named them before */
const NAME = /^vouch-scan-(?:(\d+)-)?[A-Za-z0-9]{6}$/;
const SNIPPET = /^snippet-\d+\.py$/;
/** left alone younger than this: the pid of a process in another PID namespace looks dead from here */
const STALE_MS = 60 * 60 * 1000;

const live = new Set<string>();

/** A new scratch folder of this process, the stale ones of dead processes removed first. */
export function makeScratchFolder(): string {
  removeStaleScratchFolders();
  const folder = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  // listened to only while a folder is there: a scan leaves the process as it found it
  if (live.size === 0) process.on('exit', removeLiveScratchFolders);
  live.add(folder);
  return folder;
}

export function removeScratchFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  if (live.delete(folder) && live.size === 0) process.off('exit', removeLiveScratchFolders);
}

/**
 * The same off the thread: a scan's own end. Removing the folder synchronously once held a server's thread
 * about a second (a `rmdir` under load, seen in a profile of `vouch serve` during a hostile /v1/check, w192).
 * The folder stays listed for the `exit` removal until it is gone.
 */
export async function removeScratchFolderLater(folder: string): Promise<void> {
  // node:fs's callback: node:fs/promises (with readline's interface) is ≈ 1–2 ms of a cold scan's CPU to load
  await promisify(rm)(folder, { recursive: true, force: true });
  if (live.delete(folder) && live.size === 0) process.off('exit', removeLiveScratchFolders);
}

/** Synchronous: it runs in the process's `exit` event. */
export function removeLiveScratchFolders(): void {
  for (const folder of live) removeScratchFolder(folder);
}

/**
 * Removes the scratch folders in the temporary directory left by processes that are gone: a name vouch
 * gives them, this user's, older than STALE_MS, holding only Bandit's snippets, and (when the name says)
 * made by a process that no longer runs.
 */
export function removeStaleScratchFolders(now = Date.now()): void {
  const root = tmpdir();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match || (match[1] !== undefined && processAlive(Number(match[1])))) continue;
    const folder = join(root, name);
    try {
      const stat = lstatSync(folder);
      if (!stat.isDirectory() || stat.uid !== process.getuid?.() || now - stat.mtimeMs < STALE_MS) continue;
      if (!readdirSync(folder).every((entry) => SNIPPET.test(entry))) continue;
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // another process removed it first, or it is not ours to read
    }
  }
}
