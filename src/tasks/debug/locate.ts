import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { languageForPath } from '../../core/languages.js';
import { isReadableWorkspaceFile } from '../../workspace/resolve-path.js';
import type { Frame } from './frames.js';

/** A frame whose file is part of the workspace. */
export interface LocatedFrame extends Frame {
  /** workspace-relative, posix separators */
  path: string;
}

/** Code that is not the project's: the standard library, installed packages, the runtime. */
const FOREIGN =
  /(^|[/\\])(site-packages|dist-packages|node_modules|lib[/\\]python\d[\d.]*)([/\\]|$)|^<|^node:/;

/**
 * A source file of the workspace vouch may read: through the one resolver (a frame naming a link that
 * leads out of the workspace, to a secrets file or into the stores is not the workspace's code).
 */
function isWorkspaceFile(root: string, relativePath: string): boolean {
  if (!relativePath || relativePath.startsWith('..') || isAbsolute(relativePath)) return false;
  if (FOREIGN.test(relativePath) || languageForPath(relativePath) === undefined) return false;
  return isReadableWorkspaceFile(root, relativePath);
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * The workspace file a printed path means: relative to the command's folder or the workspace, absolute
 * inside the workspace, or absolute somewhere else that holds the same project (a container's `/app`, a
 * CI checkout, the sandbox's mount) — then the longest tail of the path that names a workspace file.
 * Undefined for the standard library, installed packages, and paths that are not in the workspace.
 */
export function locatePath(root: string, printed: string, cwd = root): string | undefined {
  const path = printed.replace(/^file:\/\//, '');
  if (FOREIGN.test(path)) return undefined;
  if (isAbsolute(path)) {
    const inside = relative(root, normalize(path));
    if (isWorkspaceFile(root, inside)) return posix(inside);
  } else {
    for (const base of [cwd, root]) {
      const inside = relative(root, join(base, path));
      if (isWorkspaceFile(root, inside)) return posix(inside);
    }
  }
  // another machine's (or the sandbox's) copy of the project: the longest tail that exists here
  const parts = path.split(/[/\\]+/).filter(Boolean);
  for (let start = 1; start < parts.length; start++) {
    const tail = parts.slice(start).join('/');
    if (isWorkspaceFile(root, tail)) return tail;
  }
  return undefined;
}

/** The frames that point into the workspace, each with its workspace-relative path. */
export function locateFrames(root: string, frames: readonly Frame[], cwd = root): LocatedFrame[] {
  const located: LocatedFrame[] = [];
  const cache = new Map<string, string | undefined>();
  for (const frame of frames) {
    if (!cache.has(frame.file)) cache.set(frame.file, locatePath(root, frame.file, cwd));
    const path = cache.get(frame.file);
    if (path) located.push({ ...frame, path });
  }
  return located;
}
