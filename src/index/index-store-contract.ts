import { join } from 'node:path';
import { cacheStateDir } from '../workspace/root.js';
import type { FileAnalysis } from './analyze-file.js';
import type { ImportRecord } from './imports.js';

/**
 * The codebase index's interface and the rows it deals in, with no implementation in sight: the one
 * implementation (sqlite-index-store.ts) and its contract suite (index-store.case.ts) depend on this file,
 * never the other way; index-store.ts opens a workspace's index.
 */

export interface StoredFile {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface FileWrite {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  language?: string;
  /** parsed now */
  analysis?: FileAnalysis;
  /** or: the id of a stored file with the same content (a rename, a copy, a branch switch back) */
  copyFrom?: number;
}

export interface IndexCounts {
  files: number;
  chunks: number;
  symbols: number;
  references: number;
  embeddings: number;
}

export interface IndexedFile {
  id: number;
  path: string;
}

/** A definition as the index holds it (lines 1-based, inclusive). */
export interface SymbolRow {
  fileId: number;
  path: string;
  name: string;
  kind: string;
  parent: string | null;
  startLine: number;
  endLine: number;
  signature: string;
}

/** A class as `membersOf` finds its members: its file, its name and its lines (a `SymbolRow` will do). */
export type ClassLines = Pick<SymbolRow, 'fileId' | 'name' | 'startLine' | 'endLine'>;

export interface ChunkRow {
  startLine: number;
  endLine: number;
  symbol: string | null;
  text: string;
}

export interface ReferenceRow {
  name: string;
  kind: string;
  line: number;
}

/** A chunk with where it lives: what search and embeddings hand back. */
export interface ChunkHit {
  chunkId: number;
  path: string;
  startLine: number;
  endLine: number;
  symbol: string | null;
  kind: string;
  text: string;
}

/** Every symbol and reference count at once, for the repository-wide reference graph. */
export interface GraphRows {
  /** `graphGeneration()` as of these rows (read in the same transaction) */
  generation: string;
  files: IndexedFile[];
  /** by file id, then line */
  symbols: Omit<SymbolRow, 'path'>[];
  /** how often each file references each name */
  references: { fileId: number; name: string; count: number }[];
}

/**
 * The codebase index: what the refresh writes and what search, the repo map and context assembly read.
 * Every query is a named operation here, so no SQL leaves the store; `index-store.case.ts` is the
 * contract each implementation passes. The SQLite implementation lives in `sqlite-index-store.ts`.
 */
export interface IndexStore {
  /** set when the previous index file was corrupt and was moved aside: the path it went to */
  readonly rebuiltFrom: string | undefined;
  /** changes on every write, by this connection or another process, so in-memory caches (module table, search statistics, vectors) know when to reload */
  readonly version: number;
  /** the index file, when it is one: caches derived from it live beside it */
  readonly location: string | undefined;

  // Refresh.
  storedFiles(): Map<string, StoredFile>;
  /** each stored file's size and mtime, by path: what a check that nothing changed compares (no hash, no objects) */
  storedStats(): Map<string, readonly [path: string, size: number, mtimeMs: number]>;
  /** the stored rows of `paths` alone (those it holds), by path: what a check of the few files a prompt shows reads */
  storedFilesAt(paths: readonly string[]): Map<string, StoredFile>;
  /** Writes files (parsed or copied) in one transaction. */
  writeFiles(writes: readonly FileWrite[]): void;
  /** Records a new size/mtime for files whose content hash did not change. */
  touchFiles(files: readonly { id: number; size: number; mtimeMs: number }[]): void;
  deleteFiles(ids: readonly number[]): void;

  // Files, symbols, references, imports.
  isEmpty(): boolean;
  counts(): IndexCounts;
  /** whether any chunk has a vector (`vouch index --embed`): one row looked up, not every table counted */
  hasEmbeddings(): boolean;
  /** every file, by id */
  files(): IndexedFile[];
  /** every definition of any of these names, anywhere */
  symbolsNamed(names: readonly string[]): SymbolRow[];
  /** the file's top-level definition of `name` (not a method), the first when several */
  topLevelDefinition(fileId: number, name: string): SymbolRow | undefined;
  /** the file's top-level definitions in line order, at most `limit` */
  topLevelDefinitions(fileId: number, limit: number): SymbolRow[];
  /** every definition in the file at `path`, in line order, at most `limit` */
  fileOutline(path: string, limit: number): SymbolRow[];
  /** members of the class `name` (of file `fileId`) defined between the class's lines, in line order */
  membersOf(owner: ClassLines): SymbolRow[];
  /** the header lines (signatures) of classes called `name`, at most `limit` */
  classSignatures(name: string, limit: number): string[];
  /** the smallest chunk of the file that covers `line` */
  chunkAt(fileId: number, line: number): ChunkRow | undefined;
  /** what the file at `path` references (calls, types, imports) */
  referencesIn(path: string): ReferenceRow[];
  /** what the file imports and re-exports, in the order written */
  importsOf(fileId: number): ImportRecord[];

  // Search (FTS5 BM25 over chunks with split identifiers).
  /** the best `limit` chunks for an FTS5 match expression, best first, with their BM25 score (higher is better) */
  searchChunks(match: string, limit: number): (ChunkHit & { score: number })[];
  chunkCount(): number;
  /** in how many chunks the (stemmed) term occurs */
  termDocumentCount(term: string): number;

  // Repository-wide reads (the reference graph, cached per generation by its user).
  graphRows(): GraphRows;
  /**
   * A token persisted in the index that changes in the same transaction as any change to symbols or
   * references, by any process: what a cache of the reference graph, in memory or on disk, is keyed by.
   */
  graphGeneration(): string;

  // Embeddings.
  /** chunks with no vector from `model` yet */
  chunksWithoutVector(model: string): { id: number; path: string; symbol: string | null; text: string }[];
  /** stores vectors (normalised float32) in one transaction */
  writeVectors(model: string, vectors: readonly { chunkId: number; vector: Float32Array }[]): void;
  vectors(model: string): { chunkId: number; vector: Float32Array }[];
  chunk(id: number): ChunkHit | undefined;

  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  close(): void;
}

/**
 * Where the workspace's index lives: `index.db` in the workspace's folder of the user's cache dir
 * (workspace/root.ts `cacheStateDir`), with the files kept beside it (the reference graph's cache, the
 * token counts, the writers' lock); asking creates nothing. Never the workspace's `.vouch/`: a repository
 * can ship an index there whose rows name `../elsewhere` or `.env`, which a refresh of a "changed" file
 * then read from disk into the prompt, and a lock naming a live process that held every refresh back.
 */
export function indexPath(workspaceRoot: string): string {
  return join(cacheStateDir(workspaceRoot), 'index.db');
}
