import { readFile } from 'node:fs/promises';
import { listWorkspaceFiles } from '../workspace/files.js';
import { findSecrets, mayHoldSecrets } from './secrets.js';

/**
 * The secret values in a workspace's files, for the redactor to replace by value wherever they turn up in
 * a prompt: a test's failure output, a traceback, a log, a line of code that names none of them. Only the
 * files vouch reads (secrets files are never opened; sandboxed code cannot see them either); read once per
 * process that talks to a model that gets redacted prompts.
 */
export async function findWorkspaceSecrets(root: string, signal?: AbortSignal): Promise<string[]> {
  const values = new Set<string>();
  const files = await listWorkspaceFiles(root, signal ? { signal } : {});
  for (const file of files) {
    signal?.throwIfAborted();
    let text: string;
    try {
      text = await readFile(file.absolutePath, 'utf8');
    } catch {
      continue; // gone since it was listed
    }
    if (!mayHoldSecrets(text)) continue;
    for (const match of findSecrets(text)) values.add(text.slice(match.start, match.end));
  }
  return [...values];
}
