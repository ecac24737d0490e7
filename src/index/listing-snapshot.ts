import {
  type Dirent,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageForPath } from '../core/languages.js';
import { VENDORED_DIRECTORIES } from '../workspace/file-filters.js';
import {
  DEFAULT_MAX_FILE_BYTES,
  decidedByContent,
  type ListWorkspaceFilesOptions,
  listWorkspaceFiles,
  type WorkspaceFile,
} from '../workspace/files.js';

/**
 * The workspace listing of the last refresh, kept in `.vouch/listing.json` with what could change it, so a
 * refresh that finds nothing changed need not run `git ls-files` (a process of its own, ≈ 80 ms of CPU on
 * Django between the two) nor decide again, path by path, which files count.
 *
 * Which files exist and count can change only when a directory's entries change (a file or folder added,
 * removed or renamed changes its directory's mtime) or when the rules change. So the snapshot holds:
 * - the mtime of every directory under the root except those whose files never count whatever git says
 *   (`.git`, `.vouch`, `node_modules` and the other vendored folders): folders git ignores are watched
 *   too, as are folders with no file that counts, since a file may appear in them;
 * - the size and mtime of every file the rules come from: each `.gitignore` in the tree and above it up
 *   to the repository's top, `.vouchignore`, git's index, `info/exclude` and config, the user's git
 *   config and global ignore file (and a `core.excludesFile` named in those), and vouch's own listing
 *   code (a new build may decide differently);
 * - the files listed (with their size and mtime) and the files left out for their size or content.
 *
 * A refresh reuses it when all of those still match, the listed files are still files under the size
 * limit, files left out for size or content have not changed, and a listed file that had to be sniffed
 * for binary content and has changed is still text. Every listed file is stat'ed anyway (the refresh
 * compares sizes and times to find edited files). A snapshot younger than its watched times by less
 * than two seconds is not trusted (an mtime has a coarse clock: a change right after the listing could
 * keep the time it had), nor is one with `GIT_DIR`-style variables set. A tree of over 20,000 folders
 * gets no snapshot (and is not walked again for an hour): it is listed afresh each time, as before.
 */
const FORMAT = 1;
const RACY_MS = 2_000;
const MAX_DIRECTORIES = 20_000;
const TOO_LARGE_RETRY_MS = 3_600_000;
const GIT_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_CONFIG_GLOBAL'];
/** The listing's own code: a new build of any of these may list differently. */
const CODE = [
  '../workspace/files.js',
  '../workspace/file-filters.js',
  '../core/languages.js',
  './listing-snapshot.js',
];

/** What is written instead when the tree has too many folders to watch. */
interface TooLarge {
  format: number;
  root: string;
  takenAt: number;
  tooLarge: true;
}

interface Snapshot {
  tooLarge?: undefined;
  format: number;
  root: string;
  maxBytes: number | null;
  takenAt: number;
  skipped: number;
  /** directory (relative, '' for the root) → mtime */
  directories: [string, number][];
  /** absolute path → [size, mtime], or [-1, -1] when missing */
  rules: [string, number, number][];
  /** listed files, sorted: path, size, mtime */
  files: [string, number, number][];
  /** left out for their size or content: path, size, mtime */
  leftOut: [string, number, number][];
}

export interface RefreshListing {
  files: WorkspaceFile[];
  /** how many files the rules left out */
  skipped: number;
}

function snapshotPath(root: string): string {
  return join(root, '.vouch', 'listing.json');
}

function statOf(path: string): [number, number] {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info ? [info.size, info.mtimeMs] : [-1, -1];
  } catch {
    return [-1, -1];
  }
}

/**
 * The workspace's files for a refresh: from the snapshot when nothing that decides the listing changed,
 * else listed afresh (`listWorkspaceFiles`) and the snapshot written again.
 */
export async function listForRefresh(
  root: string,
  options: Omit<ListWorkspaceFilesOptions, 'onSkip'> = {},
): Promise<RefreshListing> {
  const stored = readSnapshot(root);
  // A tree found too large to watch is not walked again for an hour: each walk would be wasted.
  const usable =
    !GIT_VARIABLES.some((name) => process.env[name]) &&
    !(stored?.tooLarge && stored.root === root && Date.now() - stored.takenAt < TOO_LARGE_RETRY_MS);
  const reused = usable && stored ? reuse(root, stored, options.maxFileBytes ?? null) : undefined;
  if (reused) return reused;
  const takenAt = Date.now();
  let skipped = 0;
  const leftOutPaths: string[] = [];
  const files = await listWorkspaceFiles(root, {
    ...options,
    onSkip: (path, reason) => {
      skipped++;
      if (reason === 'large' || reason === 'binary') leftOutPaths.push(path);
    },
  });
  if (usable && existsSync(join(root, '.vouch'))) {
    const watched = watchedDirectories(root);
    if (watched) {
      const snapshot: Snapshot = {
        format: FORMAT,
        root,
        maxBytes: options.maxFileBytes ?? null,
        takenAt,
        skipped,
        directories: watched.directories,
        rules: ruleFiles(root, watched.gitignores).map((path) => [path, ...statOf(path)]),
        files: files.map((file) => [file.path, file.size, file.mtimeMs]),
        leftOut: leftOutPaths.map((path) => [path, ...statOf(join(root, path))]),
      };
      write(root, snapshot);
    } else {
      write(root, { format: FORMAT, root, takenAt, tooLarge: true });
    }
  }
  return { files, skipped };
}

function write(root: string, snapshot: Snapshot | TooLarge): void {
  const path = snapshotPath(root);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(snapshot));
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

function readSnapshot(root: string): Snapshot | TooLarge | undefined {
  try {
    return JSON.parse(readFileSync(snapshotPath(root), 'utf8')) as Snapshot | TooLarge;
  } catch {
    return undefined;
  }
}

function reuse(
  root: string,
  stored: Snapshot | TooLarge,
  maxBytes: number | null,
): RefreshListing | undefined {
  if (stored.tooLarge) return undefined;
  const snapshot = stored;
  try {
    if (snapshot.format !== FORMAT || snapshot.root !== root || snapshot.maxBytes !== maxBytes)
      return undefined;
    const racy = snapshot.takenAt - RACY_MS;
    const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
    const absolute = (path: string) => (sep === '/' ? `${prefix}${path}` : join(root, ...path.split('/')));
    for (const [directory, mtime] of snapshot.directories) {
      const [, now] = statOf(directory === '' ? root : absolute(directory));
      if (now !== mtime || now > racy) return undefined;
    }
    for (const [path, size, mtime] of snapshot.rules) {
      const [sizeNow, mtimeNow] = statOf(path);
      if (sizeNow !== size || mtimeNow !== mtime || mtimeNow > racy) return undefined;
    }
    for (const [path, size, mtime] of snapshot.leftOut) {
      const [sizeNow, mtimeNow] = statOf(absolute(path));
      if (sizeNow !== size || mtimeNow !== mtime) return undefined;
    }
    const limit = maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    const files: WorkspaceFile[] = [];
    for (const [path, size, mtime] of snapshot.files) {
      const absolutePath = absolute(path);
      const info = statSync(absolutePath, { throwIfNoEntry: false });
      if (!info?.isFile() || info.size > limit) return undefined;
      // Content decided whether this one counts: changed, it is listed afresh (and sniffed again).
      if ((info.size !== size || info.mtimeMs !== mtime) && decidedByContent(path)) return undefined;
      const file: WorkspaceFile = { path, absolutePath, size: info.size, mtimeMs: info.mtimeMs };
      const language = languageForPath(path);
      if (language) file.language = language;
      files.push(file);
    }
    return { files, skipped: snapshot.skipped };
  } catch {
    return undefined;
  }
}

/**
 * Every directory under the root but those whose files never count, with its mtime, and the `.gitignore`
 * files in them; undefined when there are too many directories to watch.
 */
function watchedDirectories(
  root: string,
): { directories: [string, number][]; gitignores: string[] } | undefined {
  const directories: [string, number][] = [];
  const gitignores: string[] = [];
  const visit = (relative: string): boolean => {
    const absolute = relative === '' ? root : join(root, relative);
    directories.push([relative, statOf(absolute)[1]]);
    if (directories.length > MAX_DIRECTORIES) return false;
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const entry of entries) {
      if (entry.name === '.gitignore') gitignores.push(join(absolute, entry.name));
      if (!entry.isDirectory() || VENDORED_DIRECTORIES.has(entry.name)) continue;
      if (!visit(relative === '' ? entry.name : `${relative}/${entry.name}`)) return false;
    }
    return true;
  };
  return visit('') ? { directories, gitignores } : undefined;
}

/** The files git's and vouch's ignore rules come from (whether they exist or not), and the listing's code. */
function ruleFiles(root: string, gitignores: readonly string[]): string[] {
  // A .gitignore added later changes its directory's time; those there now are watched themselves.
  const files = [join(root, '.vouchignore'), ...gitignores];
  // Up to the repository's top: its .gitignore files apply to the root too.
  let top: string | undefined;
  for (let dir = root; ; dir = dirname(dir)) {
    if (dir !== root) files.push(join(dir, '.gitignore'));
    if (existsSync(join(dir, '.git'))) {
      top = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (top) {
    let gitDir = join(top, '.git');
    try {
      // A worktree or submodule: `.git` is a file naming the real git directory.
      if (statSync(gitDir).isFile())
        gitDir = resolve(top, /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDir, 'utf8'))?.[1]?.trim() ?? '.git');
    } catch {
      // unreadable: its files below are then recorded as missing, and any change shows
    }
    files.push(join(gitDir, 'index'), join(gitDir, 'info', 'exclude'), join(gitDir, 'config'));
    const common = join(gitDir, 'commondir');
    if (existsSync(common)) {
      const commonDir = resolve(gitDir, readFileSync(common, 'utf8').trim());
      files.push(join(commonDir, 'info', 'exclude'), join(commonDir, 'config'));
    }
  }
  const home = homedir();
  const xdg = process.env.XDG_CONFIG_HOME || join(home, '.config');
  const configs = [
    join(home, '.gitconfig'),
    join(xdg, 'git', 'config'),
    ...files.filter((f) => f.endsWith('config')),
  ];
  files.push(join(home, '.gitconfig'), join(xdg, 'git', 'config'), join(xdg, 'git', 'ignore'));
  for (const config of configs) {
    try {
      const named = /^\s*excludesfile\s*=\s*(.+?)\s*$/im.exec(readFileSync(config, 'utf8'))?.[1];
      if (named) files.push(resolve(named.replace(/^~(?=\/|$)/, home).replace(/^"(.*)"$/, '$1')));
    } catch {
      // no such config
    }
  }
  for (const code of CODE) files.push(fileURLToPath(new URL(code, import.meta.url)));
  return [...new Set(files)];
}
