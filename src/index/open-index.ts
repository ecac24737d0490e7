import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { IndexStore, indexPath } from './index-store.js';
import type { IndexProgress, IndexSummary, UpdateIndexOptions } from './update-index.js';

/**
 * Opens the workspace's index, telling `notice` (stderr in the CLI) when a corrupt file was moved aside
 * and a fresh index started: the user should know why the next run takes longer.
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
 * Runs a refresh to the end, handing each progress event to `onProgress`. The refresh (workspace listing,
 * tree-sitter, the parse pool) is loaded here, on first use: commands that only read the index start
 * without it.
 */
export async function refreshIndex(
  options: UpdateIndexOptions,
  onProgress: (event: IndexProgress) => void = () => {},
): Promise<IndexSummary> {
  const { updateIndex } = await import('./update-index.js');
  const run = updateIndex(options);
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
    onProgress(step.value);
  }
}
