import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type LanguageId, languageForPath } from '../core/languages.js';
import { looksMinified } from '../workspace/file-filters.js';
import {
  type ListWorkspaceFilesOptions,
  listWorkspaceFiles,
  type WorkspaceFile,
} from '../workspace/files.js';
import { decodeSource } from '../workspace/source-text.js';
import type { FileAnalysis } from './analyze-file.js';
import type { FileWrite, IndexStore, StoredFile } from './index-store.js';
import type { Analyzer } from './parse-pool.js';

/** Progress in Continue's shape (`progress` 0–1, `desc`, `status`) plus counts for a bar. */
export interface IndexProgress {
  progress: number;
  desc: string;
  status: 'indexing' | 'done' | 'cancelled';
  done: number;
  total: number;
}

export interface IndexProblem {
  path: string;
  message: string;
}

export interface IndexSummary {
  /** files in the index after the refresh */
  files: number;
  chunks: number;
  symbols: number;
  /** files left out by the workspace rules (vendored, binary, generated, secrets, large, ignored) */
  skipped: number;
  /** files tree-sitter (or the plain-text chunker) ran over in this refresh */
  parsed: number;
  /** files whose rows were copied from a stored file with the same content (renames, copies) */
  reused: number;
  /** files whose mtime changed but content did not */
  touched: number;
  deleted: number;
  /** unreadable files, parse failures, grammar failures: reported, and the rest went on */
  problems: IndexProblem[];
  durationMs: number;
}

export interface UpdateIndexOptions {
  root: string;
  store: IndexStore;
  signal?: AbortSignal;
  /** files per transaction (default 100) */
  batchSize?: number;
  /** parse on worker threads when at least this many files need parsing (default 64; Infinity = never) */
  poolThreshold?: number;
  listOptions?: Omit<ListWorkspaceFilesOptions, 'signal' | 'onSkip'>;
  /**
   * `full` (default): list the workspace afresh; `snapshot`: reuse the last refresh's listing when no
   * directory and no ignore rule changed since (listing-snapshot.ts), for commands that refresh before
   * they answer. Either way every listed file is stat'ed and changed files are read.
   */
  listing?: 'full' | 'snapshot';
}

// node:crypto and the parse pool load only when a file changed: a refresh that finds nothing to do (what
// `vouch context` usually runs) starts without them.
const hashOf = (bytes: Buffer): string =>
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'))
    .createHash('sha1')
    .update(bytes)
    .digest('hex');

/**
 * Brings the index up to date with the workspace, yielding progress and returning a summary.
 *
 * 1. List the workspace's files; a stored file with the same size and mtime is not opened at all.
 * 2. Read the others and hash them: same hash as stored → only the mtime is updated; same hash as another
 *    stored file (a rename, a copy, a branch switch back) → its rows are copied; otherwise parse.
 * 3. Write one transaction per batch; files gone from the workspace are deleted last, so a crash or Ctrl-C
 *    at any point leaves an index that answers (at worst with a few stale files, fixed by the next run).
 */
export async function* updateIndex(options: UpdateIndexOptions): AsyncGenerator<IndexProgress, IndexSummary> {
  const started = performance.now();
  const { store, signal } = options;
  let skipped = 0;
  yield { progress: 0, desc: 'listing files', status: 'indexing', done: 0, total: 0 };
  const threshold = options.poolThreshold ?? 64;
  // A first index (an empty store, so every listed file is parsed): the parse workers start as soon as
  // the listing knows its paths, and load their grammars while the files are stat'ed and read.
  const early =
    options.listing !== 'snapshot' && Number.isFinite(threshold) && store.isEmpty()
      ? earlyPool(threshold, await import('./parse-pool.js'))
      : undefined;
  let files: WorkspaceFile[] = [];
  let stored: Map<string, StoredFile>;
  try {
    if (options.listing === 'snapshot') {
      // `vouch context`: the listing of the last refresh when nothing that decides it changed.
      const { listForRefresh } = await import('./listing-snapshot.js');
      const listing = await listForRefresh(options.root, {
        ...options.listOptions,
        ...(signal ? { signal } : {}),
      });
      files = listing.files;
      skipped = listing.skipped;
    } else {
      files = await listWorkspaceFiles(options.root, {
        ...options.listOptions,
        ...(signal ? { signal } : {}),
        onSkip: () => {
          skipped++;
        },
        ...(early ? { onCandidates: early.start } : {}),
      });
    }
    stored = store.storedFiles();
  } catch (error) {
    await early?.analyzer?.close();
    throw error;
  }
  const present = new Set(files.map((file) => file.path));
  const removed = [...stored.values()].filter((file) => !present.has(file.path));
  const changed = files.filter((file) => {
    const previous = stored.get(file.path);
    return !previous || previous.size !== file.size || previous.mtimeMs !== file.mtimeMs;
  });
  // Rows that can be copied: files that stay as they are, or that are gone (deleted last). A file being
  // rewritten in this refresh cannot serve, since its rows may already hold its new content.
  const changedPaths = new Set(changed.map((file) => file.path));
  const byHash = new Map<string, StoredFile>();
  for (const file of stored.values()) if (!changedPaths.has(file.path)) byHash.set(file.hash, file);
  const problems: IndexProblem[] = [];
  let parsed = 0;
  let reused = 0;
  let touched = 0;
  const total = changed.length;
  const batchSize = options.batchSize ?? 100;
  const pool = changed.length > 0 ? await import('./parse-pool.js') : undefined;
  const analyzer: Analyzer | undefined = !pool
    ? undefined
    : changed.length >= threshold
      ? (early?.analyzer ?? pool.createParsePool())
      : pool.inProcessAnalyzer;
  // Fewer files to parse than the listing promised (most were left out): the early workers go.
  if (early?.analyzer && analyzer !== early.analyzer) await early.analyzer.close();
  let done = 0;
  let cancelled = false;
  let finished = false;
  let closing: Promise<void> | undefined;
  try {
    type Prepared = { file: WorkspaceFile; outcome: Outcome }[];
    const prepareBatch = (start: number, size: number): Promise<Prepared> => {
      const prepared = Promise.all(
        changed.slice(start, start + size).map(async (file) => ({
          file,
          outcome: await prepare(file, { previous: stored.get(file.path), byHash, analyzer: analyzer! }),
        })),
      );
      // One message per worker and batch: its results come back as soon as the batch is parsed.
      analyzer!.flush?.();
      return prepared;
    };
    // Pipelined: the next batches are read and parsed (on the workers) while this one is written. More
    // than one ahead, so that the workers never wait for a slow write (an FTS5 merge) before they have
    // something to parse; six, so that beyond what the workers hold there are files for the main thread
    // to parse from the back of the queue when it has nothing to write (see `createParsePool`).
    const ahead = analyzer === pool?.inProcessAnalyzer ? 1 : 6;
    const queue: Promise<Prepared>[] = [];
    let nextStart = 0;
    const fill = () => {
      while (queue.length < ahead && nextStart < changed.length && !signal?.aborted) {
        // With workers, the last files go in smaller batches: what is written after the workers' last file
        // is one small batch, not a hundred files' full-text index.
        const tail = ahead > 1 && changed.length - nextStart <= 2 * batchSize;
        const size = tail ? Math.ceil(batchSize / 4) : batchSize;
        queue.push(prepareBatch(nextStart, size));
        nextStart += size;
      }
    };
    fill();
    while (queue.length > 0) {
      const batch = await queue.shift()!;
      fill();
      const writes: FileWrite[] = [];
      const touches: { id: number; size: number; mtimeMs: number }[] = [];
      for (const { file, outcome } of batch) {
        if ('problem' in outcome && outcome.problem)
          problems.push({ path: file.path, message: outcome.problem });
        if (outcome.kind === 'touch') {
          touches.push({ id: outcome.id, size: file.size, mtimeMs: file.mtimeMs });
          touched++;
        } else if (outcome.kind === 'write') {
          writes.push(outcome.write);
          if (outcome.write.analysis) parsed++;
          else reused++;
        }
      }
      store.writeFiles(writes);
      store.touchFiles(touches);
      done += batch.length;
      yield {
        progress: total > 0 ? done / total : 1,
        desc: `indexed ${done} of ${total} changed files`,
        status: 'indexing',
        done,
        total,
      };
      if (signal?.aborted) {
        cancelled = true;
        await Promise.all(queue);
        break;
      }
    }
    finished = true;
  } finally {
    // After the last batch, the workers stop while the refresh counts its rows and writes its summary:
    // their teardown (freeing the grammars' WebAssembly memory) need not hold up a first index's end.
    closing = analyzer?.close();
    if (!finished) await closing;
  }
  try {
    if (!cancelled && !signal?.aborted) store.deleteFiles(removed.map((file) => file.id));
    else cancelled = true;
    const counts = store.counts();
    // A write only when something changed: a refresh that finds nothing to do (`vouch context`, `search`)
    // stays a reader, with no transaction to commit.
    if (done > 0 || (!cancelled && removed.length > 0))
      store.setMeta('lastIndexedAt', new Date().toISOString());
    yield {
      progress: 1,
      desc: cancelled ? 'cancelled; what was written stays usable' : 'done',
      status: cancelled ? 'cancelled' : 'done',
      done,
      total,
    };
    return {
      files: counts.files,
      chunks: counts.chunks,
      symbols: counts.symbols,
      skipped,
      parsed,
      reused,
      touched,
      deleted: cancelled ? 0 : removed.length,
      problems,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await closing;
  }
}

/**
 * The parse pool of a first index, started from the listing's candidate paths when there are enough of
 * them (the module itself is small; the workers load tree-sitter).
 */
function earlyPool(
  threshold: number,
  poolModule: typeof import('./parse-pool.js'),
): { start(paths: readonly string[]): void; analyzer?: Analyzer } {
  const early: { start(paths: readonly string[]): void; analyzer?: Analyzer } = {
    start(paths) {
      if (paths.length < threshold) return;
      // The grammars the workspace needs, the most used first.
      const counts = new Map<LanguageId, number>();
      for (const path of paths) {
        const language = languageForPath(path);
        if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
      }
      const warm = [...counts].sort((a, b) => b[1] - a[1]).map(([language]) => language);
      // A grammar for a few files is not worth optimising: see `createParsePool`'s `fewFiles`.
      const parsed = [...counts.values()].reduce((sum, count) => sum + count, 0);
      const fewFiles = warm.filter((language) => counts.get(language)! < FEW_FILES_SHARE * parsed);
      early.analyzer = poolModule.createParsePool({ warm, fewFiles });
    },
  };
  return early;
}

/** a language with fewer files than this share of a first index's is parsed without optimised WebAssembly */
const FEW_FILES_SHARE = 0.2;

/** gettext catalogs and their templates */
const CATALOG = /\.pot?$/;

function nothingToIndex(): FileAnalysis {
  return { definitions: [], references: [], chunks: [], imports: [], parsed: false, syntaxErrors: 0 };
}

export type Outcome =
  | { kind: 'touch'; id: number }
  | { kind: 'write'; write: FileWrite; problem?: string }
  | { kind: 'skip'; problem: string };

/** What a refresh does with one listed file whose size or mtime is not the stored one. */
export async function prepare(
  file: WorkspaceFile,
  {
    previous,
    byHash,
    analyzer,
  }: { previous: StoredFile | undefined; byHash: Map<string, StoredFile>; analyzer: Analyzer },
): Promise<Outcome> {
  // Translation catalogs are data no prompt needs (Django ships over a thousand, half its files): kept
  // as files, so refreshes stay incremental, with nothing to chunk, search or parse — and never read:
  // their "hash" is their size and time, since no content of theirs is stored to be reused.
  if (CATALOG.test(file.path)) {
    const hash = `catalog:${file.size}:${file.mtimeMs}`;
    if (previous && previous.hash === hash) return { kind: 'touch', id: previous.id };
    const write = {
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      hash,
      analysis: nothingToIndex(),
    };
    return { kind: 'write', write };
  }
  let bytes: Buffer;
  try {
    // Synchronous: a read takes microseconds, its promise round trips (open, stat, read, close) cost more
    // CPU on the thread that also writes the index.
    bytes = readFileSync(file.absolutePath);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { kind: 'skip', problem: `could not be read (${why}); left as it was in the index` };
  }
  const hash = hashOf(bytes);
  if (previous && previous.hash === hash) return { kind: 'touch', id: previous.id };
  const base = {
    path: file.path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    hash,
    ...(file.language ? { language: file.language } : {}),
  };
  const twin = byHash.get(hash);
  if (twin) return { kind: 'write', write: { ...base, copyFrom: twin.id } };
  // Read as the language reads it (a Python coding cookie, UTF-8 otherwise); a binary or undecodable file
  // is kept as a file with nothing to search, and said so, never indexed as garbled text.
  const decoded = decodeSource({ bytes, language: file.language, name: file.path });
  if (decoded.problem) {
    const problem = `not indexed: ${decoded.problem.reason}`;
    return { kind: 'write', write: { ...base, analysis: { ...nothingToIndex(), problem } }, problem };
  }
  const text = decoded.text;
  // Minified text has no useful chunks and costs a lot to parse: index it as an empty file.
  const analysis: FileAnalysis = looksMinified(text)
    ? { ...nothingToIndex(), problem: 'minified; not indexed' }
    : await analyzer.analyze(file.language, text);
  const write: FileWrite = { ...base, analysis };
  if (analysis.problem) return { kind: 'write', write, problem: analysis.problem };
  if (analysis.syntaxErrors > 0) {
    const count = analysis.syntaxErrors;
    return {
      kind: 'write',
      write,
      problem: `${count} syntax error${count > 1 ? 's' : ''}; indexed what tree-sitter recovered`,
    };
  }
  return { kind: 'write', write };
}
