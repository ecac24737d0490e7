import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { VENDORED_DIRECTORIES } from './file-filters.js';

/**
 * What a listing of a workspace's files (`listWorkspaceFiles`) depends on besides the listed files' own
 * bytes: which names each folder holds, and the files whose text decides what is left out (`.gitignore`,
 * `.vouchignore`, git's index and excludes, git's config naming another excludes file). Taken before a
 * listing, it tells later, with a stat per folder and no process, whether listing again would give the
 * same paths (w123: the settings of a file checked alone were listed again on every save and every
 * `/v1/check`, a `git ls-files` and a walk of git's own for each).
 *
 * A folder whose time moved is read again and its names compared: an editor that saves by writing a new
 * file and renaming it over the old one moves its folder's time without changing what it holds. Every
 * folder is watched but vendored ones (the listing leaves those out whatever they hold), ignored ones
 * included: a file added to a folder that held nothing, or only ignored files, changes that folder.
 */
export interface ListingWatch {
  folders: Map<string, FolderState>;
  /** each rule file's size and time ('absent' when it does not exist, 'unsettled' when just written) */
  rules: Map<string, string>;
}

interface FolderState {
  mtimeMs: number;
  /**
   * its entries' names, sorted, folders marked with a trailing `/`; past MAX_NAMES_KEPT characters, `/` and
   * their SHA-256 (no name starts with `/`): a folder of many files costs the kept watch 45 characters,
   * not its names (review r30)
   */
  names: string;
  /** false when its time was within SETTLED_MS of the reading: it may change again without moving */
  settled: boolean;
}

/**
 * A folder or file written within this many ms of being read may change again without its time moving
 * (a file system's coarse clock): it is read again next time, not trusted.
 */
const SETTLED_MS = 2000;

/** A folder's names longer than this are kept as their digest (FolderState.names). */
const MAX_NAMES_KEPT = 64;

/** The files that decide what a folder's listing leaves out, wherever they sit. */
const IGNORE_FILES = new Set(['.gitignore', '.vouchignore']);

export interface WatchListingOptions {
  /** past this many folders nothing is watched (undefined): the caller lists every time */
  maxFolders: number;
}

/**
 * The watch of `root`'s listing, taken now: take it before listing, so that a change made while the
 * listing runs shows as a change next time. Undefined when it cannot be told cheaply (more folders than
 * `maxFolders`, a folder that cannot be read, git pointed elsewhere by its environment variables).
 */
export function watchListing(root: string, { maxFolders }: WatchListingOptions): ListingWatch | undefined {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return undefined;
  const top = resolve(root);
  const folders = new Map<string, FolderState>();
  const rules = new Map<string, string>();
  const pending = [top];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    if (folders.size >= maxFolders) return undefined;
    const state = readFolder(folder);
    if (!state) return undefined;
    folders.set(folder, state.state);
    for (const name of state.folders) if (!VENDORED_DIRECTORIES.has(name)) pending.push(join(folder, name));
    for (const name of state.files)
      if (IGNORE_FILES.has(name)) rules.set(join(folder, name), stamp(join(folder, name)));
  }
  const git = gitRules(top);
  if (git === undefined) return undefined;
  for (const file of git) rules.set(file, stamp(file));
  return { folders, rules };
}

/**
 * Whether a listing now would give the paths it gave when `watch` was taken. A folder whose time moved
 * but whose names are the same is taken as it is now (its state in `watch` is updated).
 */
export function listingUnchanged(watch: ListingWatch): boolean {
  for (const [file, was] of watch.rules) if (was === 'unsettled' || stamp(file) !== was) return false;
  for (const [folder, was] of watch.folders) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(folder).mtimeMs;
    } catch {
      return false;
    }
    if (was.settled && mtimeMs === was.mtimeMs) continue;
    const now = readFolder(folder);
    if (!now || now.state.names !== was.names) return false;
    watch.folders.set(folder, now.state);
  }
  return true;
}

function readFolder(folder: string): { state: FolderState; folders: string[]; files: string[] } | undefined {
  try {
    // the time before the names: a change between the two shows as a moved time next time
    const mtimeMs = statSync(folder).mtimeMs;
    const entries = readdirSync(folder, { withFileTypes: true });
    const folders: string[] = [];
    const files: string[] = [];
    for (const entry of entries) (entry.isDirectory() ? folders : files).push(entry.name);
    const joined = [...folders.map((name) => `${name}/`), ...files].sort().join('\0');
    const names =
      joined.length > MAX_NAMES_KEPT ? `/${createHash('sha256').update(joined).digest('base64')}` : joined;
    return { state: { mtimeMs, names, settled: Date.now() - mtimeMs >= SETTLED_MS }, folders, files };
  } catch {
    return undefined;
  }
}

function stamp(file: string): string {
  try {
    const info = statSync(file);
    if (Date.now() - info.mtimeMs < SETTLED_MS) return 'unsettled';
    return `${info.size}:${info.mtimeMs}:${info.ino}`;
  } catch {
    return 'absent';
  }
}

/**
 * The files outside the walked folders whose text changes what git lists under `root`: the repository's
 * index, `info/exclude` and config, the `.gitignore`s of the folders from the repository's top down to
 * `root`, the user's and the system's config and excludes files, and the excludes file `core.excludesFile`
 * names. Empty when `root` is in no repository found by a `.git` upward (the listing then walks, reading
 * only the walked folders' ignore files); undefined when git may still find one another way (a bare
 * repository above, whose work tree its config names).
 */
function gitRules(root: string): string[] | undefined {
  let top: string | undefined;
  for (let folder = root; ; folder = dirname(folder)) {
    if (existsSync(join(folder, '.git'))) {
      top = folder;
      break;
    }
    if (existsSync(join(folder, 'HEAD')) && existsSync(join(folder, 'objects'))) return undefined;
    if (dirname(folder) === folder) return [];
  }
  const gitFolder = gitDirectory(join(top, '.git'));
  if (!gitFolder) return undefined;
  const files = [
    join(gitFolder, 'index'),
    join(gitFolder, 'info', 'exclude'),
    join(gitFolder, 'config'),
    join(gitFolder, 'config.worktree'),
  ];
  // a worktree's own folder names the repository's common one, where info/exclude and config live
  const common = readText(join(gitFolder, 'commondir'))?.trim();
  if (common) {
    const shared = resolve(gitFolder, common);
    files.push(join(shared, 'info', 'exclude'), join(shared, 'config'));
  }
  for (let folder = dirname(root); top !== root; folder = dirname(folder)) {
    files.push(join(folder, '.gitignore'));
    if (folder === top || dirname(folder) === folder) break;
  }
  const home = homedir();
  const xdg = process.env.XDG_CONFIG_HOME || join(home, '.config');
  files.push(
    join(home, '.gitconfig'),
    join(xdg, 'git', 'config'),
    join(xdg, 'git', 'ignore'),
    '/etc/gitconfig',
  );
  const configs = ['/etc/gitconfig', join(xdg, 'git', 'config'), join(home, '.gitconfig')];
  if (common) configs.push(join(resolve(gitFolder, common), 'config'));
  configs.push(join(gitFolder, 'config'), join(gitFolder, 'config.worktree'));
  const named = excludesFile(root, configs);
  if (named === UNREADABLE) return undefined;
  if (named) files.push(named);
  return files;
}

/** The git folder a `.git` stands for: itself, or the one a worktree's or submodule's `.git` file names. */
function gitDirectory(dotGit: string): string | undefined {
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return undefined;
  }
  const named = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '')?.[1];
  if (!named) return undefined;
  return isAbsolute(named) ? named : resolve(dirname(dotGit), named);
}

/** What `excludesFile` answers when git's config cannot be read for sure: no watch, the project is listed each time. */
const UNREADABLE = Symbol('unreadable');

/**
 * The excludes file git's config names (`core.excludesFile`), read from the config files themselves in git's
 * order (system, XDG, user, repository: the last one set wins), not by starting `git config`: the watch is
 * taken inside the gate's check, and a child process there costs what the kept listing saves (and fails
 * the unit tier's guard). Anything this small reader cannot be sure of — an `include`/`includeIf`, a value
 * with quotes or escapes, `~user`, git's config moved by its environment variables — is `UNREADABLE`, and
 * the project is then listed again at each check, as before the kept listing.
 */
function excludesFile(root: string, configs: string[]): string | undefined | typeof UNREADABLE {
  for (const name of [
    'GIT_CONFIG',
    'GIT_CONFIG_GLOBAL',
    'GIT_CONFIG_SYSTEM',
    'GIT_CONFIG_NOSYSTEM',
    'GIT_CONFIG_COUNT',
  ])
    if (process.env[name] !== undefined) return UNREADABLE;
  let named: string | undefined;
  for (const config of configs) {
    const text = readText(config);
    if (text === undefined) continue;
    let section = '';
    for (const raw of text.split(/\r?\n/)) {
      let line = raw;
      const header = /^\s*\[([^\]]*)\](.*)$/.exec(line);
      if (header) {
        const inside = header[1]!.trim();
        if (/^include(if)?\b/i.test(inside)) return UNREADABLE;
        section = /^[A-Za-z0-9.-]+$/.test(inside)
          ? inside.toLowerCase()
          : `${inside.toLowerCase()} (subsection)`;
        line = header[2]!;
      }
      const entry = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$/.exec(line);
      if (!entry || section !== 'core' || entry[1]!.toLowerCase() !== 'excludesfile') continue;
      const value = (entry[2] ?? '').replace(/\s[#;].*$/, '').trim();
      if (/["\\]/.test(value) || (value.startsWith('~') && !value.startsWith('~/'))) return UNREADABLE;
      named = value.startsWith('~/') ? join(homedir(), value.slice(2)) : value;
    }
  }
  return named ? resolve(root, named) : undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
