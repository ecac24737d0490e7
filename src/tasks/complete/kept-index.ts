import { type Stats, statSync } from 'node:fs';
import { IndexStore, indexPath } from '../../index/index-store.js';

/**
 * The index a long-lived face's completions read from, opened once per workspace and kept. Opening it
 * for each completion (as a one-shot command does) costs more than the reading: SQLite's open and
 * pragmas, and the module-resolution tables (every indexed path, each name already followed through
 * re-exports) that the context builds per open store — 7–15 ms a completion on Django in the language
 * server, against 1–4 ms with the store kept.
 *
 * The store is reopened when the index changed on disk since it was opened (another process ran
 * `vouch index`: a commit grows the write-ahead log, a checkpoint rewrites the database file), so a
 * completion never reads tables built from an older index than a fresh open would. Two `stat`s a
 * completion, about 20 µs.
 */

interface Kept {
  store: IndexStore;
  stamp: string;
}

const kept = new Map<string, Kept>();

/** What changes when the index is written: the database file and its write-ahead log, as stat sees them. */
function stampOf(workspaceRoot: string): string | undefined {
  const path = indexPath(workspaceRoot);
  const database = statSync(path, { throwIfNoEntry: false });
  if (!database) return undefined;
  const log = statSync(`${path}-wal`, { throwIfNoEntry: false });
  const part = (info: Stats | undefined) =>
    info ? `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}` : '-';
  return `${part(database)}|${part(log)}`;
}

/** The workspace's index, kept open across completions; undefined when the workspace has none. */
export function keptIndex(workspaceRoot: string): IndexStore | undefined {
  const stamp = stampOf(workspaceRoot);
  const current = kept.get(workspaceRoot);
  if (current && current.stamp === stamp) return current.store;
  // Nothing else holds the kept store: completions use it synchronously, between two awaits.
  current?.store.close();
  kept.delete(workspaceRoot);
  if (stamp === undefined) return undefined;
  const store = IndexStore.openIfExists(workspaceRoot);
  if (!store) return undefined;
  // Taken after the open: opening may itself touch the log (recovery), which is no change of the index.
  kept.set(workspaceRoot, { store, stamp: stampOf(workspaceRoot) ?? stamp });
  return store;
}

/** Closes the kept indexes (a face shutting down). */
export function closeKeptIndexes(): void {
  for (const { store } of kept.values()) store.close();
  kept.clear();
}
