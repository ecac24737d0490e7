import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VENDORED_DIRECTORIES } from '../../workspace/file-filters.js';
import { hardLinksToSecrets } from '../../workspace/linked-secrets.js';
import { isSecretsFile } from '../../workspace/secrets-file.js';

/**
 * The files of a project that sandboxed code must not see: the ones vouch itself never reads (`.env*`,
 * keys and certificates, `.npmrc`, credentials files, ssh keys; see workspace/secrets-file.ts), every
 * `.git` (remote URLs carry tokens; its objects hold every file ever committed, a deleted `.env` too:
 * issue 55), every `.vouch/` folder (vouch's stores: the team server's database holds every user's
 * conversations, the audit log and the token table; the chat history, the index), and hard links to any
 * of them under other names. They are left out of the sandbox's view of the project, so opening one
 * gives "no such file".
 *
 * The walk skips the folders the index skips (dependencies, virtualenvs, caches): what sits there is
 * other people's code (certifi's `cacert.pem`, test keys of a library), which programs may need. It is
 * cached for a moment, because one `check` runs several programs against the same project.
 */

const CACHE_MS = 2_000;
/** A walk stops after this many directory entries (a home folder passed as a project, say). */
const MAX_ENTRIES = 200_000;

/** vouch's own folder of stores in a workspace (workspace/root.ts `vouchDir`), wherever one sits. */
const STORE_DIRECTORY = '.vouch';
const GIT_DIRECTORY = '.git';

const cache = new Map<string, { at: number; paths: string[] }>();

export class ProjectTooLargeToScreen extends Error {}

/** Paths relative to `projectDir` of the files to hide, in walk order. */
export function hiddenProjectFiles(projectDir: string): string[] {
  const cached = cache.get(projectDir);
  const now = Date.now();
  if (cached && now - cached.at < CACHE_MS) return cached.paths;
  const paths = walk(projectDir);
  cache.set(projectDir, { at: now, paths });
  return paths;
}

/**
 * Forgets the cached walk of `projectDir`: for a caller that saw the project change and is about to start
 * a sandbox that must not show a secrets file created a moment ago.
 */
export function forgetHiddenFiles(projectDir: string): void {
  cache.delete(projectDir);
}

function walk(root: string): string[] {
  const hidden: string[] = [];
  const files: string[] = [];
  const pending: string[] = [''];
  let entries = 0;
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    let listing: import('node:fs').Dirent[];
    try {
      listing = readdirSync(relative ? join(root, relative) : root, { withFileTypes: true });
    } catch {
      continue; // unreadable or gone: the sandbox cannot show it either
    }
    entries += listing.length;
    if (entries > MAX_ENTRIES) {
      throw new ProjectTooLargeToScreen(
        `${root} has more than ${MAX_ENTRIES} files outside dependency folders`,
      );
    }
    for (const entry of listing) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      // the stores and git's folder, whatever kind of entry: a symbolic link named .vouch is hidden as the
      // folder would be, and a worktree's `.git` file names where its repository is
      if (entry.name === STORE_DIRECTORY || entry.name === GIT_DIRECTORY) hidden.push(path);
      else if (entry.isDirectory()) {
        if (!VENDORED_DIRECTORIES.has(entry.name)) pending.push(path);
      } else if (isSecretsFile(path)) {
        hidden.push(path);
      } else if (entry.isFile()) files.push(path);
    }
  }
  hidden.push(...hardLinksToSecrets(root, files));
  return hidden;
}
