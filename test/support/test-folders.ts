import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * Temporary folders the suite makes, removed when they are done with: a run of a few CLI files made
 * thousands of `vouch-home-*` folders in /tmp and removed none (bench/notes/2026-11-26-temp-folders.md).
 */

/**
 * Runs `cleanup` when the test running now has finished — after its `afterEach` hooks, so they can still
 * read what it cleans up — and says whether it could: outside a test (a `beforeAll`, a benchmark that
 * borrows a support) there is no test to wait for, and the caller cleans up itself.
 */
export function whenTestFinishes(cleanup: () => unknown): boolean {
  try {
    onTestFinished(async () => {
      await cleanup();
    });
    return true;
  } catch {
    return false;
  }
}

/** Removes `path` and all under it; a folder already gone is fine. */
export function removeFolder(path: string): void {
  // a process that was just killed may still have had a file open in it: rmdir then finds it not empty
  rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/**
 * A new temporary folder (`prefix` and six random characters under the system's temporary folder),
 * removed when the test that made it has finished. Made outside a test, it is the caller's to remove.
 */
export function testFolder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  whenTestFinishes(() => removeFolder(path));
  return path;
}

/**
 * A new temporary folder for the tests of a `describe` (or of a file, made at its top level), removed after
 * the last of them (`afterAll`). Made where the tests are collected, not inside a test or a hook.
 */
export function suiteFolder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => removeFolder(path));
  return path;
}
