import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseExternalJson } from '../core/external-data.js';
import { keepPrivate, PRIVATE_FILE, privateDirectory } from '../core/private-files.js';
import { listWorkspaceFiles } from '../workspace/files.js';
import { cacheStateDir } from '../workspace/root.js';
import { basicPassword, findSecrets, isTestFile, mayHoldSecrets } from './secrets.js';

/**
 * The cache's file in the workspace's folder of the user's cache dir (`cacheStateDir`): the files found to
 * hold no secret, by content hash (0600 in 0700). Never the workspace's `.vouch/`: an entry is a path and the
 * sha1 of its text, which a repository's author can compute, so a `.vouch/secret-scan.json` committed with
 * the file holding a key would keep that key out of the redactor, and so in the prompts sent to a model.
 */
export const SECRET_SCAN_CACHE = 'secret-scan.json';

const CACHE_FILE = z.object({
  /** the detector that searched the files: another one (an upgrade) makes every entry useless */
  detector: z.string(),
  /** the files it found no secret in: path → sha1 of the file's text then */
  clean: z.record(z.string(), z.string()),
});
type CacheFile = z.output<typeof CACHE_FILE>;

/** files read between two turns of the event loop */
const YIELD_EVERY = 256;

let detector: string | undefined;

/** A hash of the detector's code, so values found by an older detector are never trusted. */
function detectorFingerprint(): string {
  if (detector) return detector;
  const hash = createHash('sha1');
  for (const name of ['secrets', 'private-keys', 'workspace-secrets']) {
    for (const extension of ['.js', '.ts']) {
      try {
        hash.update(readFileSync(fileURLToPath(new URL(`./${name}${extension}`, import.meta.url))));
        break;
      } catch {
        // the other extension: built (.js) or run from source (.ts)
      }
    }
  }
  detector = hash.digest('base64url');
  return detector;
}

async function readCache(file: string, fingerprint: string): Promise<Record<string, string>> {
  try {
    const cache = parseExternalJson({ text: await readFile(file, 'utf8'), schema: CACHE_FILE, source: file });
    if (cache.detector !== fingerprint) return {};
    return cache.clean;
  } catch {
    return {}; // none yet, or unreadable: derived data, found again
  }
}

async function writeCache(file: string, cache: CacheFile): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(cache), { mode: PRIVATE_FILE });
    keepPrivate(temporary, PRIVATE_FILE);
    await rename(temporary, file);
  } catch {
    // a read-only workspace: the values are found again next time
  }
}

/**
 * The secret values in a workspace's files, for the redactor to replace by value wherever they turn up in
 * a prompt: a test's failure output, a traceback, a log, a line of code that names none of them. Only the
 * files vouch reads (secrets files are never opened; sandboxed code cannot see them either); read once per
 * process that talks to a model that gets redacted prompts. Test files are left out: their values are
 * made up for the test, and half the cost here (on vouch's own tree, 104 of 227 ms of detection).
 *
 * Every file is read each time, but one whose text (its sha1) is what it was when a search found no secret
 * in it is not searched again: `secret-scan.json` in the user's cache dir keeps those files' hashes
 * (`SECRET_SCAN_CACHE`; a `.vouch/secret-scan.json` in the workspace is not read). It holds no secret
 * value, nor any hash of one (a file holding a secret is not in it: it is searched every time, as before),
 * and it is 0600 in a 0700 folder. Detection was most of the cost; the files holding secrets are few.
 */
export async function findWorkspaceSecrets(root: string, signal?: AbortSignal): Promise<string[]> {
  const values = new Set<string>();
  const files = await listWorkspaceFiles(root, signal ? { signal } : {});
  const fingerprint = detectorFingerprint();
  let cacheFile: string | undefined;
  try {
    const folder = cacheStateDir(root);
    privateDirectory(folder);
    cacheFile = join(folder, SECRET_SCAN_CACHE);
  } catch {
    cacheFile = undefined; // no cache folder can be made: nothing kept
  }
  const cached = cacheFile ? await readCache(cacheFile, fingerprint) : {};
  const clean: Record<string, string> = {};
  let changed = false;
  let read = 0;
  for (const file of files) {
    signal?.throwIfAborted();
    if (isTestFile(file.path)) continue;
    // a long-running server's other requests get a turn now and then
    if (++read % YIELD_EVERY === 0) await nextTurn();
    let text: string;
    try {
      // read synchronously: fs/promises' readFile cost ten times the CPU (140-190 ms against 12 ms for the
      // 717 files of the measured workspace), more than finding the values did
      text = readFileSync(file.absolutePath, 'utf8');
    } catch {
      continue; // gone since it was listed
    }
    const sha1 = createHash('sha1').update(text).digest('base64url');
    if (Object.hasOwn(cached, file.path) && cached[file.path] === sha1) {
      clean[file.path] = sha1; // searched as it is now: no secret in it
      continue;
    }
    const found = mayHoldSecrets(text) ? findSecrets(text) : [];
    if (found.length === 0) {
      clean[file.path] = sha1;
      changed = true;
    }
    for (const match of found) {
      const value = text.slice(match.start, match.end);
      values.add(value);
      // HTTP Basic credentials: their password is a secret wherever else it appears, plain or encoded
      const password = match.kind === 'http-basic-credentials' ? basicPassword(value) : undefined;
      if (password) values.add(password);
    }
  }
  if (cacheFile && (changed || Object.keys(cached).length !== Object.keys(clean).length))
    await writeCache(cacheFile, { detector: fingerprint, clean });
  return [...values];
}
