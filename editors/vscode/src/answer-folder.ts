import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder a task's answer is relative to (its citations, the files Accept wrote): the one `vouch lsp`
 * says the task ran in (`folder`, a file URI), else `fallback`. In a multi-root workspace that is the
 * folder of the file the command was about, which need not be the first.
 */
export function answerFolder(folder: unknown, fallback: string | undefined): string | undefined {
  if (typeof folder !== 'string' || !folder.startsWith('file:')) return fallback;
  try {
    return fileURLToPath(folder);
  } catch {
    return fallback;
  }
}

function holds(outer: string, inner: string): boolean {
  const rest = relative(outer, inner);
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
}

/**
 * Whether an answer's folder belongs to this workspace: one of its folders, inside one, or the project
 * that holds one (vouch works in the nearest folder upward with a `vouch.toml` or `.git`). Citations of an
 * answer from anywhere else open nothing.
 */
export function ofWorkspace(root: string, folders: readonly string[]): boolean {
  return folders.some((folder) => holds(folder, root) || holds(root, folder));
}
