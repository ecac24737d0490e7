import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { privateDirectory } from '../core/private-files.js';

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
 * `.vouch/` in the workspace: vouch's only place to write in a user's tree. Created on demand with a
 * `.gitignore` of `*` so its databases are never committed by accident, and private to its owner (0700,
 * core/private-files.ts): it holds the chat history, the index of the code and, for a team server, every
 * user's conversations, the audit log and the token table. A folder an older vouch made 0755 is tightened.
 */
export function vouchDir(workspaceRoot: string): string {
  const dir = join(workspaceRoot, '.vouch');
  if (!privateDirectory(dir)) writeFileSync(join(dir, '.gitignore'), '*\n');
  return dir;
}
