import type { ExecFileOptionsWithStringEncoding } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { Ignore } from 'ignore';
import { type LanguageId, languageForPath } from '../core/languages.js';
import {
  BUILD_DIRECTORIES,
  type ExclusionReason,
  isBinaryName,
  isGeneratedName,
  looksBinary,
  VENDORED_DIRECTORIES,
} from './file-filters.js';
import { isLinkedSecret } from './linked-secrets.js';
import { workspaceFileRefusal } from './resolve-path.js';
import { isSecretsFile } from './secrets-file.js';

export { isSecretsFile } from './secrets-file.js';

/**
 * `git`, with node:child_process loaded at the first call: a scan of a file, or of a folder outside a
 * repository, never runs it, and that module's load (net and dgram with it) is ≈ 3–4 ms of a cold
 * process's CPU (issue 59).
 */
async function run(file: string, args: string[], options: ExecFileOptionsWithStringEncoding) {
  const { execFile } = await import('node:child_process');
  return promisify(execFile)(file, args, options);
}

export interface WorkspaceFile {
  /** relative to the workspace root, posix separators */
  path: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
  /** set when vouch has a tree-sitter grammar for the file */
  language?: LanguageId;
}

export interface ListWorkspaceFilesOptions {
  signal?: AbortSignal;
  /** files larger than this are left out (default 1 MiB) */
  maxFileBytes?: number;
  /** receives each left-out file and why (never the content) */
  onSkip?: (path: string, reason: ExclusionReason) => void;
  /** the paths git (or the walk) found, before any is stat'ed: a first index starts its parse workers here */
  onCandidates?: (paths: readonly string[]) => void;
  /**
   * only the paths this accepts are looked at (stat'ed, sniffed) and listed; the others are left out
   * silently, not reported to `onSkip` (`vouch scan --lang python`: Django's 3,500 other files, issue 59)
   */
  only?: (path: string) => boolean;
  /**
   * the listing looks at no more than this many paths (every file found, before `only`): a folder that is
   * no repository is walked no further (workspace-settings.ts: a home folder is never walked whole)
   */
  maxCandidates?: number;
  /** told when `maxCandidates` cut the listing short */
  onCapped?: () => void;
  /**
   * told of each folder left out by its name (vendored, build output) that the walk does not enter, so that a
   * scan can name it (r49); a repository's are told file by file to `onSkip` (`vendored`) instead
   */
  onSkipFolder?: (path: string) => void;
  /**
   * files of a language vouch reads under `.vouch/` are listed: vouch writes no code there, so code in it is
   * the project's, or planted (r49: `.vouch/evil.py` imported by app.py passed unscanned)
   */
  codeInVouchFolder?: boolean;
  /**
   * folders (relative to `root`, posix separators) neither walked nor listed: the caller has their files
   * from a listing of its own (workspace-settings.ts `listedWhole`: a scan's folder, walked once, not twice)
   */
  leaveOut?: readonly string[];
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** Extensions known to be text, so the file need not be opened to sniff for NUL bytes. */
const TEXT_EXTENSIONS = new Set(
  (
    'md markdown rst txt adoc json jsonc json5 yaml yml toml ini cfg conf xml html htm css scss sass less ' +
    'vue svelte astro sql graphql gql proto csv tsv sh bash zsh fish ps1 bat cmd mk cmake gradle properties ' +
    'po pot svg rb php lock tf hcl nix ex exs erl hrl clj cljs elm hs ml mli fs fsx r jl pl pm dart zig nim v sv vhd m mm tex'
  ).split(' '),
);

/**
 * The files of the workspace that count as its source: git's ignore rules (through `git ls-files` inside a
 * repository, else every `.gitignore` read with the `ignore` package) plus `.vouchignore`; vendored folders,
 * binaries, minified/generated files, lockfiles, very large files and secrets files left out. Secrets files
 * are recognised by name, so they are never opened. Sorted by path.
 */
export async function listWorkspaceFiles(
  root: string,
  options: ListWorkspaceFilesOptions = {},
): Promise<WorkspaceFile[]> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const skip = options.onSkip ?? (() => {});
  let fromGit = await gitFiles(root, options.signal);
  // A folder that the enclosing repository ignores (or an empty new repository) lists nothing through git.
  if (fromGit?.length === 0) fromGit = undefined;
  const cap = options.maxCandidates ?? Number.POSITIVE_INFINITY;
  const walking = {
    signal: options.signal,
    cap,
    ...(options.onSkipFolder ? { onSkipFolder: options.onSkipFolder } : {}),
    ...(options.codeInVouchFolder ? { enterVouch: true } : {}),
    ...(options.leaveOut?.length ? { leaveOut: new Set(options.leaveOut) } : {}),
  };
  let candidates = fromGit ?? walk(root, walking);
  if (fromGit && options.leaveOut?.length) {
    const prefixes = options.leaveOut.map((folder) => `${folder}/`);
    candidates = candidates.filter((path) => !prefixes.some((prefix) => path.startsWith(prefix)));
  }
  if (candidates.length > cap) {
    candidates = candidates.slice(0, cap);
    options.onCapped?.();
  }
  options.onCandidates?.(candidates);
  const vouchIgnore = readIgnoreFile(join(root, '.vouchignore'));

  const files: WorkspaceFile[] = [];
  // Paths from git and the walk are clean (no `.`, `..` or doubled separators): joined by concatenation,
  // which is what path.join would make of them, at a fraction of its cost over thousands of files.
  const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
  const absolute = (path: string): string =>
    sep === '/' ? `${prefix}${path}` : join(root, ...path.split('/'));
  // Synchronous throughout (stat, sniff): thousands of promise round trips cost more CPU than the calls.
  for (const [index, path] of candidates.entries()) {
    if (index % 256 === 0) options.signal?.throwIfAborted();
    if (options.only && !options.only(path)) continue;
    const reason = nameExclusion(path, {
      gitDecidesBuildFolders: fromGit !== undefined,
      codeInVouchFolder: options.codeInVouchFolder === true,
    });
    if (reason) {
      skip(path, reason);
      continue;
    }
    if (vouchIgnore?.ignores(path)) {
      skip(path, 'ignored');
      continue;
    }
    const absolutePath = absolute(path);
    let info: Stats | undefined;
    try {
      // lstat: a regular file costs one call as before; a symbolic link (git tracks them) is followed
      // only when the one resolver says where it leads may be read (not /etc/shadow, not ../.env)
      info = lstatSync(absolutePath, { throwIfNoEntry: false });
      if (info?.isSymbolicLink()) {
        const refusal = workspaceFileRefusal(root, path);
        if (refusal) {
          skip(path, refusal === 'outside' ? 'link-outside' : 'link');
          continue;
        }
        info = statSync(absolutePath, { throwIfNoEntry: false });
      }
    } catch {
      info = undefined;
    }
    if (!info) continue; // deleted since git listed it, or a dangling symlink
    if (!info.isFile()) continue;
    // a hard link to .env or .vouch/server.db is that file under another name (linked-secrets.ts)
    if (info.nlink > 1 && isLinkedSecret(root, info)) {
      skip(path, 'secrets');
      continue;
    }
    if (info.size > maxBytes) {
      skip(path, 'large');
      continue;
    }
    const language = languageForPath(path);
    if (!language && !TEXT_EXTENSIONS.has(extension(path)) && sniffBinary(absolutePath)) {
      skip(path, 'binary');
      continue;
    }
    const file: WorkspaceFile = { path, absolutePath, size: info.size, mtimeMs: info.mtimeMs };
    if (language) file.language = language;
    files.push(file);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

/** Whether the listing opens the file to decide that it counts (no grammar, no known text extension). */
export function decidedByContent(path: string): boolean {
  return !languageForPath(path) && !TEXT_EXTENSIONS.has(extension(path));
}

/** Why a path is left out by its name alone, or undefined when it may count. */
function nameExclusion(
  path: string,
  {
    gitDecidesBuildFolders,
    codeInVouchFolder,
  }: { gitDecidesBuildFolders: boolean; codeInVouchFolder: boolean },
): ExclusionReason | undefined {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  for (let index = 0; index < parts.length - 1; index++) {
    const folder = parts[index]!;
    if (folder === '.vouch' && codeInVouchFolder && languageForPath(name)) continue;
    if (VENDORED_DIRECTORIES.has(folder)) return 'vendored';
    if (!gitDecidesBuildFolders && BUILD_DIRECTORIES.has(folder)) return 'vendored';
  }
  if (isSecretsFile(path)) return 'secrets';
  if (isBinaryName(name)) return 'binary';
  if (isGeneratedName(name)) return 'generated';
  return undefined;
}

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

function sniffBinary(absolutePath: string): boolean {
  // Synchronous, as the stats above: a handful of files, each a few microseconds of work.
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, 'r');
    const buffer = Buffer.alloc(8000);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return looksBinary(buffer.subarray(0, bytesRead));
  } catch {
    return true; // unreadable: leave it out rather than fail the listing
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readIgnoreFile(file: string): Ignore | undefined {
  if (!existsSync(file)) return undefined;
  try {
    // The matcher loads only for a workspace with ignore files to read (git applies its own otherwise).
    const ignore = createRequire(import.meta.url)('ignore') as typeof import('ignore');
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Tracked and untracked-but-not-ignored files under `root`, as git sees them, or undefined when `root` is
 * not inside a git work tree (or git is missing). Paths come relative to `root` since git runs there.
 */
async function gitFiles(root: string, signal?: AbortSignal): Promise<string[] | undefined> {
  if (!mayBeInRepository(root)) return undefined;
  try {
    // core.fsmonitor off: a repository's own config may name a command git runs to list it, and vouch only
    // reads the repositories it is given (they may not be the user's)
    const args = [
      '-c',
      'core.fsmonitor=false',
      'ls-files',
      '-z',
      '-co',
      '--exclude-standard',
      '--deduplicate',
    ];
    const { stdout } = await run('git', args, {
      cwd: root,
      maxBuffer: 512 * 1024 * 1024,
      signal,
      encoding: 'utf8',
    });
    return stdout.split('\0').filter((path) => path.length > 0);
  } catch (error) {
    signal?.throwIfAborted();
    void error;
    return undefined;
  }
}

/**
 * Every path the workspace holds, before any is left out: git's tracked and untracked-not-ignored files, else
 * the walk (at most `cap` paths). Vendored, binary, large and secrets files are in it: `change`'s baseline
 * key covers every file a test may read (review r46).
 */
export async function workspacePaths(root: string, cap = 200_000): Promise<string[]> {
  const fromGit = await gitFiles(root);
  return fromGit && fromGit.length > 0 ? fromGit : walk(root, { signal: undefined, cap });
}

/**
 * Whether git could find a repository for `root`: a `.git` (the folder, or the file of a worktree or a
 * submodule) in it or a folder above it, a folder above that is a git folder itself (`HEAD` and `objects`:
 * a bare repository, which `core.worktree` can give a work tree), or git's own variables naming one.
 * Otherwise `git ls-files` can only fail, and starting it to hear so cost every scan of a folder outside
 * a repository ≈ 13 ms of CPU (issue 59: a one-file scan's 5%).
 */
function mayBeInRepository(root: string): boolean {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return true;
  let directory = resolve(root);
  for (;;) {
    if (existsSync(join(directory, '.git'))) return true;
    if (existsSync(join(directory, 'HEAD')) && existsSync(join(directory, 'objects'))) return true;
    const parent = dirname(directory);
    if (parent === directory) return false;
    directory = parent;
  }
}

/** A walk that honours every `.gitignore` on the way down, for folders that are not git repositories. */
/** The walk stops once it has found one path more than `cap` (so a caller can tell it was cut short). */
function walk(
  root: string,
  {
    signal,
    cap,
    onSkipFolder,
    enterVouch,
    leaveOut,
  }: {
    signal: AbortSignal | undefined;
    cap: number;
    onSkipFolder?: (path: string) => void;
    /** walk into `.vouch/` (its files other than code are left out by name after) */
    enterVouch?: boolean;
    /** folders not entered (`ListWorkspaceFilesOptions.leaveOut`) */
    leaveOut?: ReadonlySet<string>;
  },
): string[] {
  const found: string[] = [];
  const rules: { base: string; rules: Ignore }[] = [];
  const rootRules = readIgnoreFile(join(root, '.gitignore'));
  if (rootRules) rules.push({ base: '', rules: rootRules });

  const ignored = (path: string, isDirectory: boolean): boolean =>
    rules.some(({ base, rules: matcher }) => {
      if (base && !path.startsWith(`${base}/`)) return false;
      const local = base ? path.slice(base.length + 1) : path;
      return matcher.ignores(isDirectory ? `${local}/` : local);
    });

  // Synchronous, as the stats after it: a promise and a thread-pool round trip per folder cost twice the
  // CPU of the calls (Django's 2,554 folders: ~90 against ~45 ms; issue 59).
  const visit = (directory: string): void => {
    signal?.throwIfAborted();
    if (found.length > cap) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(join(root, directory), { withFileTypes: true });
    } catch {
      return;
    }
    const nested = directory ? readIgnoreFile(join(root, directory, '.gitignore')) : undefined;
    if (nested) rules.push({ base: directory, rules: nested });
    for (const entry of entries) {
      const path = directory ? `${directory}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (leaveOut?.has(path) || ignored(path, true)) continue;
        if (
          (VENDORED_DIRECTORIES.has(entry.name) || BUILD_DIRECTORIES.has(entry.name)) &&
          !(enterVouch && entry.name === '.vouch')
        ) {
          onSkipFolder?.(path);
          continue;
        }
        visit(path);
      } else if (entry.isFile() && !ignored(path, false)) {
        found.push(path);
      } else if (entry.isSymbolicLink() && !ignored(path, false)) {
        // listed as git lists one: the listing follows it where the resolver allows, and says why not elsewhere
        if (VENDORED_DIRECTORIES.has(entry.name) || BUILD_DIRECTORIES.has(entry.name)) continue;
        found.push(path);
      }
    }
    if (nested) rules.pop();
  };
  visit('');
  return found;
}

/** Turns an absolute or cwd-relative path into a workspace-relative posix path, or undefined when outside. */
export function workspaceRelative(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel.startsWith('..') || rel === '' || /^[a-zA-Z]:/.test(rel) || rel.startsWith(sep)) return undefined;
  return rel.split(sep).join(posix.sep);
}
