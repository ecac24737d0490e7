import { type Dirent, readdirSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { VENDORED_DIRECTORIES } from './file-filters.js';
import { cacheStateDir, stateDir } from './root.js';
import { isSecretsFile } from './secrets-file.js';

/**
 * Hard links to what vouch never reads. A secrets file or a store is judged by its name, and a symbolic
 * link by where it leads; a hard link has no "where": `notes.txt` linked to `.env` or to
 * `.vouch/server.db` is the same file under an innocent name, and was served (issue 55). So a regular
 * file with more than one link is compared, by device and inode, with the workspace's secrets files, its
 * stores and `.git/`'s files; only such files pay for the walk, which is remembered for a moment (a task
 * resolves several paths, a listing many).
 */

const CACHE_MS = 2_000;
/** As the sandbox's screen: a tree this large is not walked (a home folder passed as a workspace). */
const MAX_ENTRIES = 200_000;

const cache = new Map<string, { at: number; inodes: Set<string> }>();

const key = (stats: Pick<Stats, 'dev' | 'ino'>) => `${stats.dev}:${stats.ino}`;

/** Whether `stats` (a file of the workspace at `root`) is a secrets file, a store or git's, by another name. */
export function isLinkedSecret(root: string, stats: Stats): boolean {
  if (!stats.isFile() || stats.nlink < 2) return false;
  return secretInodes(root).has(key(stats));
}

/**
 * The paths among `paths` (relative to `root`, regular files) that are hard links to a secrets file, a
 * store or git's: for the sandbox's screen, which hides them as it hides those. Costs a stat per path
 * only when some such file has a second link at all.
 */
export function hardLinksToSecrets(root: string, paths: readonly string[]): string[] {
  const inodes = secretInodes(root);
  if (inodes.size === 0) return [];
  return paths.filter((path) => {
    try {
      const stats = statSync(join(root, path));
      return stats.nlink > 1 && inodes.has(key(stats));
    } catch {
      return false;
    }
  });
}

function secretInodes(root: string): Set<string> {
  const cached = cache.get(root);
  const now = Date.now();
  if (cached && now - cached.at < CACHE_MS) return cached.inodes;
  const inodes = new Set<string>();
  const add = (path: string) => {
    try {
      const stats = statSync(path);
      if (stats.isFile() && stats.nlink > 1) inodes.add(key(stats));
    } catch {
      // gone, or unreadable: nothing to compare
    }
  };
  walk(root, add);
  // the stores, wherever the workspace keeps them (in the tree, or in the cache when it is read-only), and
  // its folder of the user's cache dir (the index, the caches)
  walkAll(stateDir(root), add);
  if (cacheStateDir(root) !== stateDir(root)) walkAll(cacheStateDir(root), add);
  if (cache.size > 16) cache.clear();
  cache.set(root, { at: now, inodes });
  return inodes;
}

function list(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Every file under `dir` (the stores, `.git/`), but git's object store: compressed, and a local clone
 * hard-links every object, so comparing them would cost a stat each for nothing readable.
 */
function walkAll(dir: string, add: (path: string) => void, budget = { entries: MAX_ENTRIES }): void {
  for (const entry of list(dir)) {
    if (--budget.entries < 0) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'objects') walkAll(path, add, budget);
    } else if (entry.isFile()) add(path);
  }
}

/** The secrets files of the workspace, outside dependency folders; every file of `.vouch/` and `.git/`. */
function walk(root: string, add: (path: string) => void): void {
  const pending = [''];
  let entries = 0;
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    const listing = list(relative ? join(root, relative) : root);
    entries += listing.length;
    if (entries > MAX_ENTRIES) return;
    for (const entry of listing) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === '.vouch' || entry.name === '.git') walkAll(join(root, path), add);
      else if (entry.isDirectory()) {
        if (!VENDORED_DIRECTORIES.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && isSecretsFile(path)) add(join(root, path));
    }
  }
}
