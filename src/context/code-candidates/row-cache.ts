import type { ChunkRow, IndexStore, ReferenceRow, SymbolRow } from '../../index/index-store.js';
import { filesStateKey } from '../../index/reference-graph.js';
import type { DefinitionShape } from './definition-shape.js';

/**
 * Rows a long-lived process (the server, the language server) asks for again and again — the chunk
 * holding a definition, a class's members — kept per store for the index's generation, which any change
 * to a file's rows renews (by whichever process makes it), as the reference graph is. A fresh process
 * asks each once, as before.
 */
export interface RowCache {
  key: string;
  chunks: Map<string, ChunkRow | undefined>;
  members: Map<string, SymbolRow[]>;
  /** every definition of a name, in the order the name's index gives them */
  named: Map<string, SymbolRow[]>;
  /** what a definition's row shows (`definitionShape`), by row: null when its chunk is missing */
  shapes: WeakMap<SymbolRow, DefinitionShape | null>;
  /** the references of a cursor's file, by path */
  references: Map<string, ReferenceRow[]>;
}
const rowCaches = new WeakMap<IndexStore, RowCache>();
/** entries per map before it starts over (a map is a few MB of chunk text at most) */
const ROW_CACHE_SIZE = 20_000;

export function rowCache(store: IndexStore): RowCache {
  const key = filesStateKey(store);
  let cache = rowCaches.get(store);
  if (!cache || cache.key !== key) {
    cache = {
      key,
      chunks: new Map(),
      members: new Map(),
      named: new Map(),
      shapes: new WeakMap(),
      references: new Map(),
    };
    rowCaches.set(store, cache);
  }
  return cache;
}

/** files whose references are kept before the map starts over (the files cursors were in) */
const REFERENCE_FILES = 200;

/**
 * `store.referencesIn(path)`, kept for the index's state: the references of the cursor's file, read again
 * at every cursor in it (715 rows for django/contrib/admin/options.py). Never changed by a reader.
 */
export function referencesOf(store: IndexStore, path: string): readonly ReferenceRow[] {
  const cache = rowCache(store);
  let rows = cache.references.get(path);
  if (!rows) {
    rows = store.referencesIn(path);
    if (cache.references.size >= REFERENCE_FILES) cache.references.clear();
    cache.references.set(path, rows);
  }
  return rows;
}

export function cachedChunkAt({
  cache,
  store,
  fileId,
  line,
}: {
  cache: RowCache;
  store: IndexStore;
  fileId: number;
  line: number;
}): ChunkRow | undefined {
  const key = `${fileId}:${line}`;
  if (cache.chunks.has(key)) return cache.chunks.get(key);
  const chunk = store.chunkAt(fileId, line);
  if (cache.chunks.size >= ROW_CACHE_SIZE) cache.chunks.clear();
  cache.chunks.set(key, chunk);
  return chunk;
}

/**
 * `store.symbolsNamed(names)` in the order it gives them (names in SQLite's byte order, each name's rows
 * in its index's order, as the query's plan reads them: one lookup per distinct name, from a sorted list),
 * with each name's rows kept for the index's state: a long-lived process asks SQLite only for names it
 * has not looked up yet. `names` must be distinct.
 */
export function cachedSymbolsNamed(
  cache: RowCache,
  store: IndexStore,
  names: readonly string[],
): SymbolRow[] {
  const missing = names.filter((name) => !cache.named.has(name));
  if (missing.length > 0) {
    if (cache.named.size + missing.length > ROW_CACHE_SIZE) cache.named.clear();
    const fetched = new Map<string, SymbolRow[]>(missing.map((name) => [name, []]));
    for (const row of store.symbolsNamed(missing)) fetched.get(row.name)?.push(row);
    for (const [name, rows] of fetched) cache.named.set(name, rows);
  }
  // UTF-16 order is UTF-8's for names without surrogate pairs (all but a few exotic identifiers).
  const ordered = /[\ud800-\udfff]/.test(names.join(''))
    ? names
        .map((name) => ({ name, bytes: Buffer.from(name) }))
        .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
        .map(({ name }) => name)
    : [...names].sort();
  return ordered.flatMap((name) => cache.named.get(name) ?? store.symbolsNamed([name]));
}

/** Every definition of `name`, kept for the index's state as `definitionCandidates` keeps them. */
export function symbolsNamedKept(store: IndexStore, name: string): SymbolRow[] {
  return cachedSymbolsNamed(rowCache(store), store, [name]);
}

export function cachedMembersOf(
  cache: RowCache,
  store: IndexStore,
  row: { fileId: number; name: string; startLine: number; endLine: number },
): SymbolRow[] {
  const key = `${row.fileId}:${row.startLine}:${row.endLine}:${row.name}`;
  let members = cache.members.get(key);
  if (!members) {
    members = store.membersOf(row);
    if (cache.members.size >= ROW_CACHE_SIZE) cache.members.clear();
    cache.members.set(key, members);
  }
  return members;
}
