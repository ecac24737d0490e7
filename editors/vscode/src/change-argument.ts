import { isAbsolute, relative, sep } from 'node:path';

/** `vouch.change`'s argument (src/lsp/task-commands.ts): the request and the files it needs. */
export interface ChangeArgument {
  request: string;
  files: string[];
}

/**
 * The argument of "vouch: Change across files…": the typed request (trimmed; nothing to run when empty)
 * and the open file as the first file the change needs, workspace-relative with `/` (as `--file`). A file
 * outside the workspace folder (or none open) names no file: vouch picks the files from the request.
 */
export function changeArgument(
  request: string | undefined,
  openFile: string | undefined,
  root: string | undefined,
): ChangeArgument | undefined {
  const typed = request?.trim();
  if (!typed) return undefined;
  const files: string[] = [];
  if (openFile && root) {
    const path = relative(root, openFile);
    if (path && !isAbsolute(path) && path !== '..' && !path.startsWith(`..${sep}`))
      files.push(path.split(sep).join('/'));
  }
  return { request: typed, files };
}
