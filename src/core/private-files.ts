import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * vouch's stores are private to their owner: files 0600 in a 0700 `.vouch/` (the team server's database
 * holds every user's conversations, the audit log and the token table). Stores made by an older vouch
 * (0644 in a 0755 folder) are tightened when they are next opened.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIRECTORY = 0o700;

/**
 * Takes group and other permissions away from an existing `path` (to exactly `wanted`) when it has any.
 * A path owned by someone else cannot be changed and is left as it is; a missing one is nothing to do.
 */
export function keepPrivate(path: string, wanted: number): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return;
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, wanted);
  } catch {
    // not ours to change (another user's workspace, read by this one)
  }
}

/** A folder made private (0700), or an existing one tightened; false when it had to be created. */
export function privateDirectory(path: string): boolean {
  try {
    statSync(path);
  } catch {
    mkdirSync(path, { recursive: true, mode: PRIVATE_DIRECTORY });
    keepPrivate(path, PRIVATE_DIRECTORY);
    return false;
  }
  keepPrivate(path, PRIVATE_DIRECTORY);
  return true;
}

/**
 * A store file that exists and is private before anything opens it: a missing one is created empty with
 * 0600 (SQLite takes an empty file as a new database, and gives its -wal and -shm files the database's
 * permissions), an existing one and its -wal and -shm companions are tightened to 0600.
 */
export function privateStoreFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) keepPrivate(file, PRIVATE_FILE);
}
