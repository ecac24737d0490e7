import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
 * `.gitignore` of `*` so its databases are never committed by accident.
 */
export function vouchDir(workspaceRoot: string): string {
  const dir = join(workspaceRoot, '.vouch');
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.gitignore'), '*\n');
  }
  return dir;
}
