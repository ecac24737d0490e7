import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { indexLockPath, withIndexLock } from './index-lock.js';
import { IndexStore, indexPath } from './index-store.js';
import type { IndexProgress, IndexSummary, UpdateIndexOptions } from './update-index.js';

/**
 * Opens the workspace's index for a command that updates it (`index`, `context`), creating it when
 * missing, and tells `notice` (stderr in the CLI) when a corrupt file was moved aside and a fresh index
 * started: the user should know why this run takes longer.
 */
export function openWorkspaceIndex(root: string, notice: (message: string) => void = () => {}): IndexStore {
  const store = IndexStore.open(root);
  if (store.rebuiltFrom) {
    notice(
      `the index at ${indexPath(root)} was not a readable SQLite database; it was moved to ${store.rebuiltFrom} and is being rebuilt`,
    );
  }
  return store;
}

/**
 * Opens the workspace's index for a command that only reads it (`search`, `map`): undefined when there
 * is none, and nothing is created (a folder that is not a project stays untouched). An index found corrupt
 * is moved aside and rebuilt now, with `onProgress`, so the command still answers.
 */
export async function openIndexForReading({
  root,
  notice,
  onProgress = () => {},
  signal,
}: {
  root: string;
  notice: (message: string) => void;
  onProgress?: (event: IndexProgress) => void;
  signal?: AbortSignal;
}): Promise<IndexStore | undefined> {
  const store = IndexStore.openIfExists(root);
  if (!store?.rebuiltFrom) return store;
  notice(
    `the index at ${indexPath(root)} was not a readable SQLite database; it was moved to ${store.rebuiltFrom}; rebuilding it now`,
  );
  try {
    await refreshIndex({ root, store, onWait: notice, ...(signal ? { signal } : {}) }, onProgress);
  } catch (error) {
    store.close();
    throw error;
  }
  return store;
}

/** A directory the user named on the command line, checked: it must exist and be a folder. */
export function checkedDirectory(path: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new UsageError(`no such directory: ${path}`, {
      hint: 'give the path of the project folder to index',
    });
  }
  if (!statSync(absolute).isDirectory()) {
    throw new UsageError(`${path} is a file, not a directory`, {
      hint: 'give the project folder, not a file in it',
    });
  }
  return absolute;
}

/**
 * Whether a refresh with `listing: 'snapshot'` would find nothing to do: the listing snapshot still holds
 * (no folder, ignore rule or listing code changed), and every listed file has the size and mtime the index
 * stored for it, with no other file stored. False whenever a refresh has to decide: no snapshot, one that
 * cannot be reused, a changed, added or removed file, another process holding the index lock (a refresh
 * would wait for it), or a failed check.
 */
export async function refreshFindsNothing(root: string, store: IndexStore): Promise<boolean> {
  if (existsSync(indexLockPath(root))) return false;
  const { listedFilesNow } = await import('./listing-snapshot.js');
  const listed = await listedFilesNow(root, null);
  if (!listed) return false;
  const stored = store.storedStats();
  const { paths, sizes, mtimes } = listed;
  for (let at = 0; at < paths.length; at++) {
    const file = stored.get(paths[at]!);
    if (!file || file[1] !== sizes[at] || file[2] !== mtimes[at]) return false;
  }
  return paths.length === stored.size;
}

/**
 * Runs a refresh to the end, handing each progress event to `onProgress`. The refresh (workspace listing,
 * tree-sitter, the parse pool) is loaded here, on first use: commands that only read the index start
 * without it.
 */
export async function refreshIndex(
  options: UpdateIndexOptions & { onWait?: (message: string) => void },
  onProgress: (event: IndexProgress) => void = () => {},
): Promise<IndexSummary> {
  const { updateIndex } = await import('./update-index.js');
  const { onWait, ...update } = options;
  // one writer at a time: a second `vouch index` waits for the first instead of failing on a locked database
  return withIndexLock(
    options.root,
    async () => {
      const run = updateIndex(update);
      for (;;) {
        const step = await run.next();
        if (step.done) return step.value;
        onProgress(step.value);
      }
    },
    { ...(onWait ? { onWait } : {}), ...(options.signal ? { signal: options.signal } : {}) },
  );
}
