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
import { PRIVATE_FILE, privateDirectory } from '../core/private-files.js';
import { VENDORED_DIRECTORIES } from '../workspace/file-filters.js';
import {
  DEFAULT_MAX_FILE_BYTES,
  decidedByContent,
  type ListWorkspaceFilesOptions,
  listWorkspaceFiles,
  type WorkspaceFile,
} from '../workspace/files.js';
import { cacheStateDir, stateDir } from '../workspace/root.js';

/**
 * The workspace listing of the last refresh, kept in `listing.json` with what could change it, so a
 * refresh that finds nothing changed need not run `git ls-files` (a process of its own, ≈ 80 ms of CPU on
 * Django between the two) nor decide again, path by path, which files count.
 *
 * It lives in the workspace's folder of the user's cache dir (workspace/root.ts `cacheStateDir`), kept only
 * for a workspace that has vouch's state (`.vouch/`), and a `.vouch/listing.json` in the workspace is not
 * read: a snapshot is believed when the times it names still hold, and one a repository ships names what
 * it likes (no folder or rule file to watch, and files the rules leave out, `.env` or a path through
 * `..`), which the index would then read and put in prompts.
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
  return join(cacheStateDir(root), 'listing.json');
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
  if (usable && existsSync(stateDir(root))) {
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
    privateDirectory(dirname(path));
    writeFileSync(temporary, JSON.stringify(snapshot), { mode: PRIVATE_FILE });
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

const isTuple = (value: unknown, kinds: readonly string[]): boolean =>
  Array.isArray(value) &&
  value.length === kinds.length &&
  kinds.every((kind, index) => typeof value[index] === kind);
const allTuples = (value: unknown, kinds: readonly string[]): boolean =>
  Array.isArray(value) && value.every((entry) => isTuple(entry, kinds));

/**
 * The stored file's shape, checked by hand rather than with a zod schema: every cold `vouch context`
 * reads it, and that command never loads zod otherwise. A file of another shape is no snapshot.
 */
function isStoredSnapshot(value: unknown): value is Snapshot | TooLarge {
  if (typeof value !== 'object' || value === null) return false;
  const stored = value as Record<string, unknown>;
  if (
    typeof stored.format !== 'number' ||
    typeof stored.root !== 'string' ||
    typeof stored.takenAt !== 'number'
  )
    return false;
  if (stored.tooLarge === true) return true;
  return (
    stored.tooLarge === undefined &&
    (stored.maxBytes === null || typeof stored.maxBytes === 'number') &&
    typeof stored.skipped === 'number' &&
    allTuples(stored.directories, ['string', 'number']) &&
    allTuples(stored.rules, ['string', 'number', 'number']) &&
    allTuples(stored.files, ['string', 'number', 'number']) &&
    allTuples(stored.leftOut, ['string', 'number', 'number'])
  );
}

function readSnapshot(root: string): Snapshot | TooLarge | undefined {
  try {
    const stored: unknown = JSON.parse(readFileSync(snapshotPath(root), 'utf8'));
    return isStoredSnapshot(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** What a stat says of a path: enough to tell a change. */
interface Stat {
  isFile: boolean;
  size: number;
  mtimeMs: number;
}

function statNow(path: string): Stat | undefined {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    return info ? { isFile: info.isFile(), size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a stored snapshot is a listing (not a "too large") taken by this code of this root with this size limit. */
function fits(
  stored: Snapshot | TooLarge | undefined,
  root: string,
  maxBytes: number | null,
): stored is Snapshot {
  return (
    stored !== undefined &&
    !stored.tooLarge &&
    stored.format === FORMAT &&
    stored.root === root &&
    stored.maxBytes === maxBytes
  );
}

function reuse(
  root: string,
  stored: Snapshot | TooLarge,
  maxBytes: number | null,
): RefreshListing | undefined {
  if (!fits(stored, root, maxBytes)) return undefined;
  const listed = unchangedListing({ root, snapshot: stored, maxBytes, stat: statNow });
  if (!listed) return undefined;
  const files: WorkspaceFile[] = [];
  for (const [path, absolutePath, size, mtimeMs] of listed) {
    const file: WorkspaceFile = { path, absolutePath, size, mtimeMs };
    const language = languageForPath(path);
    if (language) file.language = language;
    files.push(file);
  }
  return { files, skipped: stored.skipped };
}

/**
 * The snapshot's files as they are now (path, absolute path, size, mtime) when nothing that decides the
 * listing changed since it was taken, else undefined. `stat` is asked about every watched directory,
 * rule file, file left out and listed file, in that order.
 */
function unchangedListing({
  root,
  snapshot,
  maxBytes,
  stat,
}: {
  root: string;
  snapshot: Snapshot;
  maxBytes: number | null;
  stat: (path: string) => Stat | undefined;
}): [path: string, absolutePath: string, size: number, mtimeMs: number][] | undefined {
  try {
    const racy = snapshot.takenAt - RACY_MS;
    const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
    const absolute = (path: string) => (sep === '/' ? `${prefix}${path}` : join(root, ...path.split('/')));
    const timeOf = (path: string) => stat(path)?.mtimeMs ?? -1;
    for (const [directory, mtime] of snapshot.directories) {
      const now = timeOf(directory === '' ? root : absolute(directory));
      if (now !== mtime || now > racy) return undefined;
    }
    for (const [path, size, mtime] of snapshot.rules) {
      const info = stat(path);
      const [sizeNow, mtimeNow] = info ? [info.size, info.mtimeMs] : [-1, -1];
      if (sizeNow !== size || mtimeNow !== mtime || mtimeNow > racy) return undefined;
    }
    for (const [path, size, mtime] of snapshot.leftOut) {
      const info = stat(absolute(path));
      const [sizeNow, mtimeNow] = info ? [info.size, info.mtimeMs] : [-1, -1];
      if (sizeNow !== size || mtimeNow !== mtime) return undefined;
    }
    const limit = maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    const files: [string, string, number, number][] = [];
    for (const [path, size, mtime] of snapshot.files) {
      const absolutePath = absolute(path);
      const info = stat(absolutePath);
      if (!info?.isFile || info.size > limit) return undefined;
      // Content decided whether this one counts: changed, it is listed afresh (and sniffed again).
      if ((info.size !== size || info.mtimeMs !== mtime) && decidedByContent(path)) return undefined;
      files.push([path, absolutePath, info.size, info.mtimeMs]);
    }
    return files;
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

/** The listed files and what a stat says of each now (see `listedFilesNow`). */
export interface ListedFiles {
  /** repository-relative paths */
  paths: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
}

/**
 * The snapshot's files with their size and mtime now, when nothing that decides the listing changed (as
 * `listForRefresh` would reuse it). Undefined when there is no snapshot, or it cannot be reused (a refresh
 * must list the workspace): the caller refreshes.
 *
 * The stats run on this thread, one `statSync` a path (≈ 4,600 on Django). They ran for a while in a GNU
 * `stat` process fed by `xargs` through temporary files (issue 24), with a worker thread where that could
 * not answer: measured again in issue 45, the process saved ≈ 20 ms of CPU (a tenth of a cold
 * `vouch context`), which the 300 ms target does not need, for 180 lines that only GNU systems could run;
 * the worker cost ≈ 80 ms more than either (bench/notes/2026-11-25-context-45-django-and-speed-tricks.md, "Speed tricks").
 */
export async function listedFilesNow(
  root: string,
  maxBytes: number | null = null,
): Promise<ListedFiles | undefined> {
  if (GIT_VARIABLES.some((name) => process.env[name])) return undefined;
  const snapshot = readSnapshot(root);
  if (!fits(snapshot, root, maxBytes)) return undefined;
  const listed = unchangedListing({ root, snapshot, maxBytes, stat: statNow });
  return listed ? packListed(listed) : undefined;
}

function packListed(
  listed: [path: string, absolutePath: string, size: number, mtimeMs: number][],
): ListedFiles & { sizes: Float64Array<ArrayBuffer>; mtimes: Float64Array<ArrayBuffer> } {
  const paths: string[] = new Array(listed.length);
  const sizes = new Float64Array(listed.length);
  const mtimes = new Float64Array(listed.length);
  listed.forEach(([path, , size, mtime], index) => {
    paths[index] = path;
    sizes[index] = size;
    mtimes[index] = mtime;
  });
  return { paths, sizes, mtimes };
}
