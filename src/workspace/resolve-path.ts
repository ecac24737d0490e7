import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { UsageError } from '../core/errors.js';
import { isLinkedSecret } from './linked-secrets.js';
import { isSecretsFile } from './secrets-file.js';

/**
 * The one way a path named from outside — a CLI argument, a task input, an HTTP request, a frame of a
 * traceback in a log — becomes a file vouch reads. A path is refused when
 * - it is absolute outside the workspace or climbs out of it (`..`),
 * - it names a secrets file (`.env`, keys, credentials: workspace/secrets-file.ts) or vouch's stores
 *   (`.vouch/`),
 * - it names anything in git's folder (`.git/`: remote URLs with tokens, the history of deleted `.env`
 *   files, logs),
 * - its real path (every symbolic link on the way followed) lies outside the workspace, or is a secrets
 *   file, a store or git's under another name (`app/link.py` → `/etc/shadow`, → `../.env`,
 *   → `.vouch/server.db`, → `.git/config`),
 * - it is a hard link to one of those (linked-secrets.ts).
 * The real path is what is read, so a link changed between the check and the read cannot lead elsewhere
 * than what was checked (the read follows `absolutePath`, which has no link left in it).
 */

export type PathRefusal = 'outside' | 'secrets' | 'store' | 'missing' | 'not-a-file';

/** A path refused by the resolver: a usage error that says which rule, with `reason` for faces to map. */
export class WorkspacePathError extends UsageError {
  readonly path: string;
  readonly reason: PathRefusal;

  constructor(message: string, { path, reason, hint }: { path: string; reason: PathRefusal; hint: string }) {
    super(message, { hint });
    this.path = path;
    this.reason = reason;
    this.name = 'WorkspacePathError';
  }
}

export function isWorkspacePathError(error: unknown): error is WorkspacePathError {
  return error instanceof WorkspacePathError;
}

export interface ResolvedPath {
  /** workspace-relative, posix separators, as named (normalised): what reports and diffs call it */
  path: string;
  /** the real absolute path, symbolic links resolved: what is read */
  absolutePath: string;
}

export interface ResolveOptions {
  /** what to give instead, in the words of the command that asked (`fix a source file`) */
  hint?: string;
  /** `file` (default): an existing regular file; `directory`: an existing folder; `any`: may not exist yet */
  kind?: 'file' | 'directory' | 'any';
}

const STORE = '.vouch';

const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (!real) {
    real = realpathSync(root);
    if (realRoots.size > 16) realRoots.clear();
    realRoots.set(root, real);
  }
  return real;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** `inside` relative to `root` when it lies inside it, else undefined. */
function within(root: string, inside: string): string | undefined {
  const rel = relative(root, inside);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return posix(rel);
}

function isStore(path: string): boolean {
  return path.split('/').includes(STORE);
}

/** `.git` anywhere in the path: the repository's folder (or, in a worktree, the file naming it). */
function isGit(path: string): boolean {
  return path.split('/').includes('.git');
}

const GIT_REFUSAL =
  "is in git's folder (.git/: remote URLs with tokens, deleted files' history); vouch never reads it";

/**
 * `path` (relative to the workspace, or absolute inside it) checked against the rules above; throws a
 * `WorkspacePathError` that names the rule and what to do.
 */
export function resolveWorkspacePath(root: string, path: string, options: ResolveOptions = {}): ResolvedPath {
  const kind = options.kind ?? 'file';
  const hint = options.hint ?? 'give a file of the workspace, relative to its root';
  const refuse = (reason: PathRefusal, message: string, why = hint): never => {
    throw new WorkspacePathError(message, { path, reason, hint: why });
  };
  if (path.includes('\0')) refuse('outside', `${JSON.stringify(path)} is not a path`);
  const named = isAbsolute(path) ? within(root, normalize(path)) : within(root, join(root, path));
  if (named === undefined)
    refuse(
      'outside',
      `${path} is outside the workspace ${root}`,
      `${hint}; vouch reads only files inside it`,
    );
  const clean = named as string;
  if (isSecretsFile(clean)) refuse('secrets', `${clean} is a secrets file; vouch never reads it`);
  if (isStore(clean))
    refuse('store', `${clean} is one of vouch's stores (.vouch/); vouch never reads it as code`);
  if (isGit(clean)) refuse('secrets', `${clean} ${GIT_REFUSAL}`);
  const real = realPathOf(join(root, clean), kind === 'any');
  if (real === undefined) return refuse('missing', `cannot read ${clean} (ENOENT)`, 'check the path');
  const realInside = within(realRoot(root), real);
  if (realInside === undefined)
    refuse(
      'outside',
      `${clean} leads outside the workspace (through a symbolic link); vouch reads only files inside it`,
    );
  if (isSecretsFile(realInside as string))
    refuse('secrets', `${clean} leads to a secrets file (through a symbolic link); vouch never reads those`);
  if (isStore(realInside as string))
    refuse(
      'store',
      `${clean} leads into vouch's stores (.vouch/, through a symbolic link); vouch never reads those`,
    );
  if (isGit(realInside as string))
    refuse('secrets', `${clean} leads into git's folder (through a symbolic link); vouch never reads it`);
  if (kind !== 'any') {
    let isFile = false;
    let isDirectory = false;
    let linked = false;
    try {
      const stats = statSync(real);
      isFile = stats.isFile();
      isDirectory = stats.isDirectory();
      linked = isLinkedSecret(realRoot(root), stats);
    } catch {
      refuse('missing', `cannot read ${clean} (ENOENT)`, 'check the path');
    }
    if (linked)
      refuse(
        'secrets',
        `${clean} is a hard link to a secrets file, a store or git's; vouch never reads those`,
      );
    if (kind === 'file' && !isFile)
      refuse('not-a-file', `${clean} is ${isDirectory ? 'a folder' : 'not a regular file'}`);
    if (kind === 'directory' && !isDirectory) refuse('not-a-file', `${clean} is not a folder`);
  }
  return { path: clean, absolutePath: real };
}

/**
 * The real path of `absolute`; with `missingAllowed`, of a path that does not exist yet, by the real
 * path of its nearest existing folder (a link there must not lead the new file elsewhere either).
 */
function realPathOf(absolute: string, missingAllowed: boolean): string | undefined {
  try {
    return realpathSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!missingAllowed || (code !== 'ENOENT' && code !== 'ENOTDIR')) return undefined;
    // a dangling symbolic link is not a new file: writing through it would go where it points
    if (lstatSync(absolute, { throwIfNoEntry: false })) return undefined;
    const parent = dirname(absolute);
    if (parent === absolute) return undefined;
    const realParent = realPathOf(parent, true);
    return realParent === undefined ? undefined : join(realParent, absolute.slice(parent.length + 1));
  }
}

/** Whether `path` resolves (as `resolveWorkspacePath` with `kind: 'file'` would) without a refusal. */
export function isReadableWorkspaceFile(root: string, path: string): boolean {
  return workspaceFileRefusal(root, path) === undefined;
}

/** Why `resolveWorkspacePath` with `kind: 'file'` refuses `path`, or undefined when it resolves. */
export function workspaceFileRefusal(root: string, path: string): PathRefusal | undefined {
  try {
    resolveWorkspacePath(root, path);
    return undefined;
  } catch (error) {
    if (isWorkspacePathError(error)) return error.reason;
    throw error;
  }
}
