import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageForPath } from '../core/languages.js';
import type { WorkspaceFile } from '../workspace/files.js';
import type { IndexStore, StoredFile } from './index-store.js';

type StoredStats = ReturnType<IndexStore['storedStats']>;

/** Each store's sizes and mtimes, read once per index state: a check runs before every prompt. */
const statsOf = new WeakMap<IndexStore, { version: number; stats: StoredStats }>();

function storedStats(store: IndexStore): StoredStats {
  const version = store.version;
  const kept = statsOf.get(store);
  if (kept && kept.version === version) return kept.stats;
  const stats = store.storedStats();
  statsOf.set(store, { version, stats });
  return stats;
}

/**
 * The paths among `paths` whose file is not what the index holds: deleted, no longer a file, or with
 * another size or mtime (what a refresh compares; a changed file keeps its size and mtime only when
 * written twice within the clock's resolution). Paths the index does not hold are not its to judge.
 */
export function staleIndexedPaths(root: string, store: IndexStore, paths: Iterable<string>): string[] {
  const stats = storedStats(store);
  const stale: string[] = [];
  let hashes: Map<string, StoredFile> | undefined;
  const hashOf = (path: string): string | undefined => {
    hashes ??= store.storedFiles();
    return hashes.get(path)?.hash;
  };
  for (const path of new Set(paths)) {
    const stored = stats.get(path);
    if (!stored) continue;
    const disk = statSync(join(root, path), { throwIfNoEntry: false });
    if (disk?.isFile() && disk.size === stored[1] && disk.mtimeMs === stored[2]) continue;
    // another time but the same bytes (a checkout, a `touch`): what the index says still holds
    if (disk?.isFile() && disk.size === stored[1] && sameContent(root, path, hashOf(path))) continue;
    stale.push(path);
  }
  return stale;
}

/** Whether the file's bytes are the ones the index hashed (a refresh's own hash: SHA-1 of the bytes). */
function sameContent(root: string, path: string, hash: string | undefined): boolean {
  if (!hash) return false;
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
    const outcome = await prepare(file, previous, byHash, inProcessAnalyzer);
    if (outcome.kind === 'touch')
      store.touchFiles([{ id: outcome.id, size: file.size, mtimeMs: file.mtimeMs }]);
    else if (outcome.kind === 'write') store.writeFiles([outcome.write]);
    // unreadable now: nothing it held can be shown, so its rows go until a refresh can read it
    else if (previous) gone.push(previous.id);
  }
  store.deleteFiles(gone);
}
