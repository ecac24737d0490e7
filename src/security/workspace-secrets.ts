import { readFile } from 'node:fs/promises';
import { listWorkspaceFiles } from '../workspace/files.js';
import { findSecrets, isTestFile, mayHoldSecrets } from './secrets.js';

/**
 * The secret values in a workspace's files, for the redactor to replace by value wherever they turn up in
 * a prompt: a test's failure output, a traceback, a log, a line of code that names none of them. Only the
 * files vouch reads (secrets files are never opened; sandboxed code cannot see them either); read once per
 * process that talks to a model that gets redacted prompts. Test files are left out: their values are
 * made up for the test, and half the cost here (on vouch's own tree, 104 of 227 ms of detection).
 */
export async function findWorkspaceSecrets(root: string, signal?: AbortSignal): Promise<string[]> {
  const values = new Set<string>();
  const files = await listWorkspaceFiles(root, signal ? { signal } : {});
  for (const file of files) {
    signal?.throwIfAborted();
    if (isTestFile(file.path)) continue;
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
