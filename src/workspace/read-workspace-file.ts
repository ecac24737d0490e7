import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { resolveWorkspacePath } from './resolve-path.js';
import { isSecretsFile } from './secrets-file.js';

/**
 * Refuses a secrets file (workspace-relative `path`) before anything reads it: vouch never reads them.
 * `hint` says what to give instead, in the words of the command that asked.
 */
export function refuseSecretsFile(path: string, hint: string): void {
  if (isSecretsFile(path)) throw new UsageError(`${path} is a secrets file; vouch never reads it`, { hint });
}

/**
 * A workspace file's text (UTF-8), through the one resolver (resolve-path.ts: inside the workspace, real
 * path included, never a secrets file or a store), or a usage error that names the file and why it could
 * not be read (`ENOENT`, `EACCES`, a link out of the workspace, …) with what to check.
 */
export function readWorkspaceText(root: string, path: string, hint?: string): string {
  const resolved = resolveWorkspacePath(root, path, hint ? { hint } : {});
  try {
    return readFileSync(resolved.absolutePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path} (${code ?? (error as Error).message})`, {
      hint: code === 'ENOENT' ? 'check the path' : 'check the file exists and is readable',
    });
  }
}
