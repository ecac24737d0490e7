import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { privateDirectory } from '../core/private-files.js';
import { cacheHome, stateHome } from '../core/user-dirs.js';

/** Files that mark the top of a project, in the order they are looked for at each level. */
const MARKERS = ['vouch.toml', '.git'];

/** The workspace containing `start`: the nearest folder upward with `vouch.toml` or `.git`, else `start`. */
export function findWorkspaceRoot(start: string = process.cwd()): string {
  const origin = resolve(start);
  let dir = origin;
  for (;;) {
    if (MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return origin;
    dir = parent;
  }
}

/**
 * Where vouch keeps a workspace's state (its index, caches, chat history, suggestions; asking creates
 * nothing): `.vouch/` in the workspace, or, where the workspace cannot be written (a read-only checkout or
 * mount, a tree owned by someone else), a folder of the user's cache dir keyed by the workspace:
 * `$XDG_CACHE_HOME/vouch/workspaces/<name>-<hash of its real path>` (default `~/.cache`). A `.vouch/` that
 * exists and can be written is always used; one that exists read-only is left alone.
 */
export function stateDir(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const inTree = join(workspaceRoot, '.vouch');
  // a workspace that is not there yet is made with its .vouch/, as before
  if (!existsSync(workspaceRoot)) return inTree;
  if (writable(existsSync(inTree) ? inTree : workspaceRoot)) return inTree;
  return cacheStateDir(workspaceRoot, env);
}

/**
 * The workspace's folder in the user's cache dir (`$XDG_CACHE_HOME/vouch/workspaces/…`): data derived from
 * the workspace that decides what vouch reports or sends (the scan cache, the secret-scan cache, the
 * listing snapshot, the licence index). A repository can ship anything in its `.vouch/`, so such data is
 * never read from there.
 */
export function cacheStateDir(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheHome(env), 'vouch', 'workspaces', workspaceKey(workspaceRoot));
}

/**
 * The workspace's folder in the user's state dir (`$XDG_STATE_HOME/vouch/workspaces/…`, default
 * `~/.local/state`): what the user chose for this workspace and cannot be found again from it (the
 * copyleft corpora registered for it). Not the repository's to say, so not in its `.vouch/`.
 */
export function userStateDir(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateHome(env), 'vouch', 'workspaces', workspaceKey(workspaceRoot));
}

/** `<name>-<hash of its real path>`: a symbolic link to a workspace is the same workspace. */
function workspaceKey(workspaceRoot: string): string {
  let real = resolve(workspaceRoot);
  try {
    real = realpathSync(real);
  } catch {
    // a workspace that is not there: keyed by its path as given
  }
  const key = createHash('sha256').update(real).digest('hex').slice(0, 16);
  return `${basename(real) || 'root'}-${key}`;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false; // EACCES, EROFS, or gone
  }
}

/**
 * The workspace's state folder (`stateDir`), created: `.vouch/` in the workspace is vouch's only place to
 * write in a user's tree. Created on demand with a
 * `.gitignore` of `*` so its databases are never committed by accident, and private to its owner (0700,
 * core/private-files.ts): it holds the chat history, the index of the code and, for a team server, every
 * user's conversations, the audit log and the token table. A folder an older vouch made 0755 is tightened.
 */
export function vouchDir(workspaceRoot: string): string {
  const dir = stateDir(workspaceRoot);
  if (!privateDirectory(dir)) writeFileSync(join(dir, '.gitignore'), '*\n');
  return dir;
}
