import { type Stats, statSync } from 'node:fs';
import { IndexStore, indexPath } from '../../index/index-store.js';

/**
 * The index a long-lived face's completions read from, opened once and kept by the face's task session
 * (tasks/task-session.ts), which closes it. Opening it
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

export class KeptIndex {
  private kept: { store: IndexStore; stamp: string } | undefined;

  constructor(private readonly workspaceRoot: string) {}

  /** The workspace's index, kept open across completions; undefined when the workspace has none. */
  get(): IndexStore | undefined {
    const stamp = stampOf(this.workspaceRoot);
    if (this.kept && this.kept.stamp === stamp) return this.kept.store;
    // Nothing else holds the kept store: completions use it synchronously, between two awaits.
    this.close();
    if (stamp === undefined) return undefined;
    const store = IndexStore.openIfExists(this.workspaceRoot);
    if (!store) return undefined;
    // Taken after the open: opening may itself touch the log (recovery), which is no change of the index.
    this.kept = { store, stamp: stampOf(this.workspaceRoot) ?? stamp };
    return store;
  }

  close(): void {
    this.kept?.store.close();
    this.kept = undefined;
  }
}
