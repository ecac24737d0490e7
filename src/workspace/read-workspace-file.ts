import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { languageForPath } from '../core/languages.js';
import { resolveWorkspacePath } from './resolve-path.js';
import { isSecretsFile } from './secrets-file.js';
import { decodeSource } from './source-text.js';

/**
 * Refuses a secrets file (workspace-relative `path`) before anything reads it: vouch never reads them.
 * `hint` says what to give instead, in the words of the command that asked.
 */
export function refuseSecretsFile(path: string, hint: string): void {
  if (isSecretsFile(path)) throw new UsageError(`${path} is a secrets file; vouch never reads it`, { hint });
}

/** A workspace source file as its language reads it. */
export interface WorkspaceSource {
  text: string;
  /** `utf-8`, or the encoding a Python file declares (PEP 263) */
  encoding: string;
  /** the file starts with a UTF-8 byte-order mark (not part of `text`) */
  bom: boolean;
}

/**
 * A workspace source file, read by the rules `vouch check` and `vouch scan` follow (source-text.ts:
 * binary, size, encoding), through the one resolver (resolve-path.ts: inside the workspace, real path
 * included, never a secrets file or a store). Everything a task reads a named file through, so every task
 * refuses the same files the same way: a folder, a binary file, one over the size limit, or one its
 * language cannot decode is a usage error that says what is wrong and what to do, and nothing of it goes
 * to a model. A read error names the file and why (`ENOENT`, `EACCES`) with what to check.
 */
export function readWorkspaceSource(root: string, path: string, hint?: string): WorkspaceSource {
  const resolved = resolveWorkspacePath(root, path, hint ? { hint } : {});
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolved.absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path} (${code ?? (error as Error).message})`, {
      hint: code === 'ENOENT' ? 'check the path' : 'check the file exists and is readable',
    });
  }
  const decoded = decodeSource({ bytes, language: languageForPath(path), name: path });
  const problem = decoded.problem;
  if (problem?.kind === 'too-large')
    throw new UsageError(problem.message, {
      hint: 'vouch reads source files as written or generated: split the file, or give the part you mean as text',
    });
  if (problem?.kind === 'binary')
    throw new UsageError(problem.message, {
      hint: 'is this the file you meant? nothing was read or sent to a model',
    });
  if (problem)
    throw new UsageError(problem.message, {
      hint: 'save the file as UTF-8, or declare its encoding (Python: `# -*- coding: latin-1 -*-` on line 1 or 2)',
    });
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text: decoded.text, encoding: decoded.encoding, bom };
}

/** A workspace source file's text (`readWorkspaceSource`: the same refusals). */
export function readWorkspaceText(root: string, path: string, hint?: string): string {
  return readWorkspaceSource(root, path, hint).text;
}

/**
 * Refuses a path that names a folder where a file is meant (a file that does not exist yet is fine: the
 * file `generate` writes for may be new). `hint` says what to give instead.
 */
export function refuseFolder(root: string, path: string, hint: string): void {
  let folder = false;
  try {
    folder = statSync(resolveWorkspacePath(root, path, { kind: 'any', hint }).absolutePath).isDirectory();
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (folder) throw new UsageError(`${path} is a folder, not a file`, { hint });
}
