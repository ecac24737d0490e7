import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { UsageError } from '../../core/errors.js';
import { type LanguageId, languageForPath } from '../../core/languages.js';
import { normaliseLicenceText } from '../normalise-licence.js';
import { corpusFileWrite, fingerprintSource } from './fingerprint-source.js';
import type { CorpusFileWrite, FingerprintStore } from './fingerprint-store.js';

export interface IndexCorpusOptions {
  name: string;
  /** SPDX expression of the corpus */
  licence: string;
  dir: string;
  /** files larger than this are skipped (generated or vendored blobs, not code someone copies) */
  maxFileBytes?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface IndexCorpusResult {
  name: string;
  licence: string;
  root: string;
  files: number;
  bytes: number;
  fingerprints: number;
  skipped: SkippedFile[];
  /** files with no language vouch fingerprints (README, images, …): counted, not listed */
  ignored: number;
  replaced: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const SKIP_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.vouch',
  '__pycache__',
  '.venv',
  'venv',
  'target',
  'dist',
  'build',
]);
const BATCH = 100;

interface Candidate {
  path: string;
  language: LanguageId;
  size: number;
}

function walk(
  root: string,
  skipped: SkippedFile[],
  maxBytes: number,
): { candidates: Candidate[]; ignored: number } {
  const candidates: Candidate[] = [];
  let ignored = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      skipped.push({
        path: relative(root, dir) || '.',
        reason: `cannot read the folder: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      });
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      let stats: ReturnType<typeof lstatSync>;
      try {
        stats = lstatSync(path);
      } catch {
        continue;
      }
      if (stats.isSymbolicLink()) continue;
      if (stats.isDirectory()) {
        if (!SKIP_DIRS.has(entry) && !entry.startsWith('.')) stack.push(path);
        continue;
      }
      if (!stats.isFile()) continue;
      const language = languageForPath(entry);
      if (!language) {
        ignored++;
        continue;
      }
      if (stats.size > maxBytes) {
        skipped.push({
          path: relative(root, path),
          reason: `larger than ${Math.round(maxBytes / 1024)} KiB`,
        });
        continue;
      }
      candidates.push({ path, language, size: stats.size });
    }
  }
  return { candidates, ignored };
}

function looksBinary(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(8000);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** The normalised SPDX expression for `--licence`, or a usage error naming what was wrong. */
export function corpusLicence(text: string): string {
  const normalised = normaliseLicenceText(text);
  if (!normalised.expression) {
    throw new UsageError(`--licence "${text}" is not an SPDX licence expression`, {
      hint: 'give the corpus licence as SPDX, e.g. GPL-3.0-only, AGPL-3.0-or-later or "GPL-2.0-only OR MIT"',
    });
  }
  return normalised.expression;
}

/**
 * Fingerprints every source file under `dir` into the store as corpus `name` (replacing a corpus of the
 * same name). Binaries, huge files and unreadable files are skipped and listed; the rest is indexed.
 */
export async function indexCorpus(
  store: FingerprintStore,
  options: IndexCorpusOptions,
): Promise<IndexCorpusResult> {
  const root = resolve(options.dir);
  let rootStats: ReturnType<typeof lstatSync> | undefined;
  try {
    rootStats = lstatSync(root);
  } catch {}
  if (!rootStats?.isDirectory()) {
    throw new UsageError(`the corpus folder ${root} does not exist or is not a folder`, {
      hint: 'pass the folder that holds the copyleft sources',
    });
  }
  const licence = corpusLicence(options.licence);
  const skipped: SkippedFile[] = [];
  const { candidates, ignored } = walk(root, skipped, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const replaced = store.deleteCorpus(options.name);
  const corpusId = store.createCorpus({ name: options.name, licence, root });
  let files = 0;
  let bytes = 0;
  let fingerprints = 0;
  try {
    await insertAll();
  } catch (error) {
    // an interrupted add leaves no half-indexed corpus behind
    store.deleteCorpus(options.name);
    throw error;
  }
  store.setCorpusTotals(corpusId, { files, bytes, skipped: skipped.length });
  return { name: options.name, licence, root, files, bytes, fingerprints, skipped, ignored, replaced };

  async function insertAll(): Promise<void> {
    for (let from = 0; from < candidates.length; from += BATCH) {
      options.signal?.throwIfAborted();
      const batch = candidates.slice(from, from + BATCH);
      const writes: CorpusFileWrite[] = [];
      for (const candidate of batch) {
        const path = relative(root, candidate.path);
        let source: string;
        try {
          if (looksBinary(candidate.path)) {
            skipped.push({ path, reason: 'binary content' });
            continue;
          }
          source = readFileSync(candidate.path, 'utf8');
        } catch (error) {
          skipped.push({
            path,
            reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
          });
          continue;
        }
        const write = corpusFileWrite(
          path,
          candidate.language,
          fingerprintSource(source, candidate.language),
        );
        writes.push(write);
        fingerprints += write.hashes.length;
        files++;
        bytes += candidate.size;
      }
      store.addFiles(corpusId, writes);
      options.onProgress?.(Math.min(from + BATCH, candidates.length), candidates.length);
      await yieldToEvents();
    }
  }
}
