import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { stateDir } from '../workspace/root.js';
import { withIndexLock } from './index-lock.js';
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
export async function openIndexForReading(
  root: string,
  notice: (message: string) => void,
  onProgress: (event: IndexProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<IndexStore | undefined> {
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
 * stored for it, with no other file stored. The stat pass runs in a `stat` process (or, where that cannot
 * answer, on a worker thread: `listedFilesNow`), so the caller can meanwhile work from the index as it is,
 * and keep that work only when this says true. False whenever a refresh has to decide: no snapshot, one
 * that cannot be reused, a changed, added or removed file, another process holding the index lock (a
 * refresh would wait for it), or a failed check.
 */
export async function refreshFindsNothing(root: string, store: IndexStore): Promise<boolean> {
  if (existsSync(join(stateDir(root), 'index.lock'))) return false;
  const { listedFilesNow } = await import('./listing-snapshot.js');
  // What the last check that found nothing to do saw: the index's generation, then the snapshot's and
  // stat's digest. The same stat output of the same snapshot, against an index of the same content,
  // finds nothing again, so its ≈ 6,000 records are not read nor compared (≈ 20 ms of this thread after
  // the assembly). A change of size or mtime alone changes the output; any change of a file's content or
  // of the set of files changes the generation.
  const generation = store.graphGeneration();
  const seenFile = join(stateDir(root), SEEN_FILE);
  let seen: string | undefined;
  try {
    seen = readFileSync(seenFile, 'utf8');
  } catch {
    seen = undefined;
  }
  const listed = await listedFilesNow(root, null, (digest) => seen === `${generation} ${digest}`);
  if (!listed) return false;
  if (listed.same) return store.graphGeneration() === generation;
  const stored = store.storedStats();
  const { paths, sizes, mtimes } = listed;
  for (let at = 0; at < paths.length; at++) {
    const file = stored.get(paths[at]!);
    if (!file || file[1] !== sizes[at] || file[2] !== mtimes[at]) return false;
  }
  if (paths.length !== stored.size) return false;
  if (listed.digest && store.graphGeneration() === generation) {
    const temporary = `${seenFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${generation} ${listed.digest}`);
      renameSync(temporary, seenFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  }
  return true;
}

/** `.vouch/listing-seen`: what the last refresh check that found nothing to do saw. */
const SEEN_FILE = 'listing-seen';

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
