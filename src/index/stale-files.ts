import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageForPath } from '../core/languages.js';
import type { WorkspaceFile } from '../workspace/files.js';
import type { IndexStore, StoredFile } from './index-store.js';

/**
 * The stored rows a check has read, per store and index state: a check reads the rows of the files it is
 * asked about and no other (a cold `vouch context` asks about the ≈ 90 files one answer shows, of 2,244 on
 * Django), and a long-lived process asking again in the same index state reads none. `null`: not indexed.
 */
const rowsOf = new WeakMap<IndexStore, { version: number; rows: Map<string, StoredFile | null> }>();

function storedRows(store: IndexStore, paths: readonly string[]): Map<string, StoredFile | null> {
  const version = store.version;
  let kept = rowsOf.get(store);
  if (kept?.version !== version) {
    kept = { version, rows: new Map() };
    rowsOf.set(store, kept);
  }
  const { rows } = kept;
  const unread = paths.filter((path) => !rows.has(path));
  if (unread.length > 0) {
    const found = store.storedFilesAt(unread);
    for (const path of unread) rows.set(path, found.get(path) ?? null);
  }
  return rows;
}

/**
 * The paths among `paths` whose file is not what the index holds: deleted, no longer a file, or with
 * another size, or another mtime and other bytes than the SHA-1 the index stored (a checkout or a `touch`
 * changes the time alone). Paths the index does not hold are not its to judge. The disk is asked on every
 * call; only the index's rows are kept, until the index changes.
 */
export function staleIndexedPaths(root: string, store: IndexStore, paths: Iterable<string>): string[] {
  const asked = [...new Set(paths)];
  const rows = storedRows(store, asked);
  const stale: string[] = [];
  for (const path of asked) {
    const stored = rows.get(path);
    if (!stored) continue;
    const disk = statSync(join(root, path), { throwIfNoEntry: false });
    if (disk?.isFile() && disk.size === stored.size && disk.mtimeMs === stored.mtimeMs) continue;
    // another time but the same bytes (a checkout, a `touch`): what the index says still holds
    if (disk?.isFile() && disk.size === stored.size && sameContent(root, path, stored.hash)) continue;
    stale.push(path);
  }
  return stale;
}

/** Whether the file's bytes are the ones the index hashed (a refresh's own hash: SHA-1 of the bytes). */
function sameContent(root: string, path: string, hash: string): boolean {
  try {
    return (
      createHash('sha1')
        .update(readFileSync(join(root, path)))
        .digest('hex') === hash
    );
  } catch {
    return false;
  }
}

/**
 * Brings the index's rows of `paths` up to date with the disk, as a refresh would for them alone: a file
 * gone is deleted, a changed one read and parsed again (on this thread: a prompt touches a few files).
 */
export async function refreshIndexedFiles(
  root: string,
  store: IndexStore,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) return;
  const { prepare } = await import('./update-index.js');
  const { inProcessAnalyzer } = await import('./parse-pool.js');
  const stored = store.storedFiles();
  const byHash = new Map<string, StoredFile>();
  const wanted = new Set(paths);
  for (const file of stored.values()) if (!wanted.has(file.path)) byHash.set(file.hash, file);
  const gone: number[] = [];
  for (const path of wanted) {
    const previous = stored.get(path);
    const absolutePath = join(root, path);
    const disk = statSync(absolutePath, { throwIfNoEntry: false });
    if (!disk?.isFile()) {
      if (previous) gone.push(previous.id);
      continue;
    }
    const language = languageForPath(path);
    const file: WorkspaceFile = {
      path,
      absolutePath,
      size: disk.size,
      mtimeMs: disk.mtimeMs,
      ...(language ? { language } : {}),
    };
    const outcome = await prepare(file, { previous, byHash, analyzer: inProcessAnalyzer });
    if (outcome.kind === 'touch')
      store.touchFiles([{ id: outcome.id, size: file.size, mtimeMs: file.mtimeMs }]);
    else if (outcome.kind === 'write') store.writeFiles([outcome.write]);
    // unreadable now: nothing it held can be shown, so its rows go until a refresh can read it
    else if (previous) gone.push(previous.id);
  }
  store.deleteFiles(gone);
}
