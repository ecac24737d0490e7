import { BUILTIN_NAMES } from './builtin-names.js';
import { readGraphCache, writeGraphCache } from './graph-cache.js';
import type { GraphRows, IndexStore } from './index-store.js';
import { StringTable } from './string-table.js';

export { StringTable } from './string-table.js';

/**
 * The reference graph the repo map ranks: files are nodes; an edge from A to B for each identifier A uses
 * that B defines, weighted by how often. Everything that does not depend on a request is computed once per
 * index generation, as typed arrays and string tables: kept in memory by a long-lived process, and on disk
 * beside the index (`graph-cache.ts`) for the next process, which then reads one file instead of every
 * symbol and reference of the repository.
 */
export interface ReferenceGraph {
  /** the index's graph generation these arrays were built from */
  generation: string;
  /** repository-relative paths, by file index (files in id order) */
  paths: StringTable;
  /** distinct names of definitions, sorted by UTF-16 code units (looked up by binary search) */
  names: StringTable;
  /** kinds, parents and signatures of definitions */
  strings: StringTable;
  /** per name id: the files defining it, in symbol order (definerFiles[definerStart[id] .. definerStart[id + 1])) */
  definerStart: Int32Array;
  definerFiles: Int32Array;
  /** per name id: its symbols, ascending (nameSymbols[nameSymbolStart[id] .. nameSymbolStart[id + 1])) */
  nameSymbolStart: Int32Array;
  nameSymbols: Int32Array;
  /** per file: its symbols, ascending (fileSymbols[fileSymbolStart[f] .. fileSymbolStart[f + 1])) */
  fileSymbolStart: Int32Array;
  fileSymbols: Int32Array;
  /** per symbol (by file, then line): file index, name id, and ids into `strings` (parent -1 when none) */
  symbolFile: Int32Array;
  symbolName: Int32Array;
  symbolKind: Int32Array;
  symbolParent: Int32Array;
  symbolSignature: Int32Array;
  symbolStartLine: Int32Array;
  symbolEndLine: Int32Array;
  edges: GraphEdges;
}

/** The request-independent edges, flattened (see `rankDefinitions` in repo-map.ts for their use). */
export interface GraphEdges {
  count: number;
  from: Int32Array;
  /** name id of the identifier the edge follows */
  name: Int32Array;
  /** per edge: index of its (from, to) file pair */
  pair: Int32Array;
  pairs: number;
  pairFrom: Int32Array;
  /** pairs are ordered by target: those into file `f` are targetStart[f] .. targetStart[f + 1] */
  targetStart: Int32Array;
  /** weight before personalisation */
  base: Float64Array;
  /** id of the (name, file) definition the edge points at */
  definition: Int32Array;
  definitionKeys: number;
  /** per symbol: its (name, file) definition id, or -1 when nothing references it */
  symbolKey: Int32Array;
  /** per pair: the sum of its edges' base weights; per file: the sum of its outgoing base weights */
  pairBase: Float64Array;
  outBase: Float64Array;
  /** edge indexes grouped by name: those of name `id` are byName[nameStart[id] .. nameStart[id + 1]) */
  byName: Int32Array;
  nameStart: Int32Array;
}

/** Ids of names looked up, per graph: a long-lived process asks for the same identifiers again and again. */
const nameIds = new WeakMap<ReferenceGraph, Map<string, number>>();
/** names kept per graph before the map starts over */
const NAME_ID_CACHE_SIZE = 50_000;

/**
 * How much the repository uses `name`: its edges (a file referencing a file that defines it), a private
 * name (`_x`) counting a quarter — what a caller reaches for most, public first.
 */
export function nameUses(graph: ReferenceGraph, name: string): number {
  const id = nameId(graph, name);
  const uses = id < 0 ? 0 : graph.edges.nameStart[id + 1]! - graph.edges.nameStart[id]!;
  return name.startsWith('_') ? uses / 4 : uses;
}

/** The id of `name` in the graph's sorted name table, or -1 when nothing defines it. */
export function nameId(graph: ReferenceGraph, name: string): number {
  let known = nameIds.get(graph);
  if (!known) {
    known = new Map();
    nameIds.set(graph, known);
  }
  let id = known.get(name);
  if (id === undefined) {
    id = searchName(graph, name);
    if (known.size >= NAME_ID_CACHE_SIZE) known.clear();
    known.set(name, id);
  }
  return id;
}

function searchName(graph: ReferenceGraph, name: string): number {
  let low = 0;
  let high = graph.names.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = graph.names.get(middle);
    if (found === name) return middle;
    if (found < name) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

const pathIndexes = new WeakMap<ReferenceGraph, Map<string, number>>();

/** The file index of a repository-relative path, or undefined when the index does not hold it. */
export function fileIndex(graph: ReferenceGraph, path: string): number | undefined {
  let map = pathIndexes.get(graph);
  if (!map) {
    map = new Map();
    for (let file = 0; file < graph.paths.length; file++) map.set(graph.paths.get(file), file);
    pathIndexes.set(graph, map);
  }
  return map.get(path);
}

let cached: { store: IndexStore; key: string; graph: ReferenceGraph } | undefined;

/**
 * What a cache of rows derived from the index's files (the graph, definitions' chunks, classes' members)
 * is keyed by: the generation token, renewed with any change to a file's rows by any process. An index
 * without the token (it is written with the first file) is keyed by the store's version.
 */
export function filesStateKey(store: IndexStore, generation = store.graphGeneration()): string {
  return generation || `version:${store.version}`;
}

/**
 * The graph of the index's current generation: from memory when this process built or read it already,
 * else from the cache file beside the index when it is of this generation, else built from the index's
 * rows (and the cache file rewritten). A cache file that is missing, corrupt, of another format or of
 * another generation is never used: the generation is renewed in the same transaction as any change to
 * symbols or references, by whichever process makes it.
 */
export function loadReferenceGraph(store: IndexStore): ReferenceGraph {
  const generation = store.graphGeneration();
  const key = filesStateKey(store, generation);
  if (cached && cached.store === store && cached.key === key) return cached.graph;
  let graph = store.location && generation ? readGraphCache(store.location, generation) : undefined;
  if (!graph) {
    graph = buildReferenceGraph(store.graphRows());
    // Rows are read with their own generation, which may be newer than the one asked for above.
    if (store.location && graph.generation) writeGraphCache(store.location, graph);
  }
  cached = { store, key, graph };
  return graph;
}

/** Aider's weighting: meaningful names count, private and ubiquitous ones barely. */
function identifierWeight(name: string, definerCount: number): number {
  let weight = 1;
  const compound = /[a-z][A-Z]/.test(name) || name.includes('_');
  if (compound && name.length >= 8) weight *= 10;
  if (name.startsWith('_')) weight *= 0.1;
  if (definerCount > 5) weight *= 0.1;
  return weight;
}

/**
 * The edges' pairs: edges between the same two files share one, numbered in the order `order` (the edges,
 * ordered by target) meets them; `pair[edge]` is an edge's, `pairFrom` each pair's source, and the pairs
 * into file `f` are `targetStart[f]` .. `targetStart[f + 1]`.
 */
export function groupPairs({
  from,
  to,
  files,
  order,
}: {
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  files: number;
  order: Iterable<number>;
}): { pair: Int32Array; pairFrom: Int32Array; targetStart: Int32Array } {
  const pairKeys = new Map<number, number>();
  const pairFrom: number[] = [];
  const pairTo: number[] = [];
  const pair = new Int32Array(from.length);
  for (const edge of order) {
    const key = to[edge]! * files + from[edge]!;
    let id = pairKeys.get(key);
    if (id === undefined) {
      id = pairFrom.length;
      pairKeys.set(key, id);
      pairFrom.push(from[edge]!);
      pairTo.push(to[edge]!);
    }
    pair[edge] = id;
  }
  const targetStart = new Int32Array(files + 1);
  for (const target of pairTo) targetStart[target + 1]!++;
  for (let file = 0; file < files; file++) targetStart[file + 1]! += targetStart[file]!;
  return { pair, pairFrom: Int32Array.from(pairFrom), targetStart };
}

/** Counting sort of `items` by `keyOf` (0 ≤ key < keys): the start of each key's run, and the items in order. */
function groupBy(count: number, keys: number, keyOf: (item: number) => number): [Int32Array, Int32Array] {
  const start = new Int32Array(keys + 1);
  for (let item = 0; item < count; item++) start[keyOf(item) + 1]!++;
  for (let key = 0; key < keys; key++) start[key + 1]! += start[key]!;
  const items = new Int32Array(count);
  const next = start.slice(0, keys);
  for (let item = 0; item < count; item++) items[next[keyOf(item)]!++] = item;
  return [start, items];
}

/** The graph from the index's rows: every symbol and every (file, name) reference count. */
export function buildReferenceGraph(rows: GraphRows): ReferenceGraph {
  const byId = new Map<number, number>();
  const paths: string[] = [];
  for (const file of rows.files) {
    byId.set(file.id, paths.length);
    paths.push(file.path);
  }
  const files = paths.length;
  const nameList = [...new Set(rows.symbols.map((symbol) => symbol.name))].sort();
  const nameIds = new Map(nameList.map((name, id) => [name, id]));
  const stringIds = new Map<string, number>();
  const stringList: string[] = [];
  const stringId = (text: string): number => {
    let id = stringIds.get(text);
    if (id === undefined) {
      id = stringList.length;
      stringIds.set(text, id);
      stringList.push(text);
    }
    return id;
  };
  const symbolCount = rows.symbols.length;
  const symbolFile = new Int32Array(symbolCount);
  const symbolName = new Int32Array(symbolCount);
  const symbolKind = new Int32Array(symbolCount);
  const symbolParent = new Int32Array(symbolCount);
  const symbolSignature = new Int32Array(symbolCount);
  const symbolStartLine = new Int32Array(symbolCount);
  const symbolEndLine = new Int32Array(symbolCount);
  // Files defining each name, in symbol order, a file once per run of its symbols.
  const definers: number[][] = nameList.map(() => []);
  rows.symbols.forEach((symbol, index) => {
    const file = byId.get(symbol.fileId)!;
    const name = nameIds.get(symbol.name)!;
    symbolFile[index] = file;
    symbolName[index] = name;
    symbolKind[index] = stringId(symbol.kind);
    symbolParent[index] = symbol.parent === null ? -1 : stringId(symbol.parent);
    symbolSignature[index] = stringId(symbol.signature);
    symbolStartLine[index] = symbol.startLine;
    symbolEndLine[index] = symbol.endLine;
    const list = definers[name]!;
    if (list[list.length - 1] !== file) list.push(file);
  });
  const definerStart = new Int32Array(nameList.length + 1);
  for (let id = 0; id < nameList.length; id++)
    definerStart[id + 1] = definerStart[id]! + definers[id]!.length;
  const definerFiles = Int32Array.from(definers.flat());
  // What each file uses (in row order), of the names the repository defines: libraries and the language
  // itself are left out.
  const uses: number[][] = paths.map(() => []);
  for (const { fileId, name, count } of rows.references) {
    const id = nameIds.get(name);
    if (id === undefined || BUILTIN_NAMES.has(name)) continue;
    uses[byId.get(fileId)!]!.push(id, count);
  }
  const [nameSymbolStart, nameSymbols] = groupBy(symbolCount, nameList.length, (index) => symbolName[index]!);
  const [fileSymbolStart, fileSymbols] = groupBy(symbolCount, files, (index) => symbolFile[index]!);
  const edges = flattenEdges({
    files,
    names: nameList,
    definerStart,
    definerFiles,
    uses,
    symbolName,
    symbolFile,
  });
  return {
    generation: rows.generation,
    paths: StringTable.from(paths),
    names: StringTable.from(nameList),
    strings: StringTable.from(stringList),
    definerStart,
    definerFiles,
    nameSymbolStart,
    nameSymbols,
    fileSymbolStart,
    fileSymbols,
    symbolFile,
    symbolName,
    symbolKind,
    symbolParent,
    symbolSignature,
    symbolStartLine,
    symbolEndLine,
    edges,
  };
}

function flattenEdges({
  files,
  names,
  definerStart,
  definerFiles,
  uses,
  symbolName,
  symbolFile,
}: {
  files: number;
  names: readonly string[];
  definerStart: Int32Array;
  definerFiles: Int32Array;
  uses: readonly number[][];
  symbolName: Int32Array;
  symbolFile: Int32Array;
}): GraphEdges {
  const from: number[] = [];
  const to: number[] = [];
  const name: number[] = [];
  const base: number[] = [];
  const definition: number[] = [];
  // (name, file) definition ids by number (name id × files + file): a string key per edge cost more
  // than the rest of the flattening.
  const keys = new Map<number, number>();
  uses.forEach((used, source) => {
    for (let at = 0; at < used.length; at += 2) {
      const id = used[at]!;
      const count = used[at + 1]!;
      const first = definerStart[id]!;
      const definerCount = definerStart[id + 1]! - first;
      const weight = (identifierWeight(names[id]!, definerCount) * Math.sqrt(count)) / definerCount;
      for (let index = first; index < first + definerCount; index++) {
        const target = definerFiles[index]!;
        if (target === source) continue;
        const key = id * files + target;
        let definitionId = keys.get(key);
        if (definitionId === undefined) {
          definitionId = keys.size;
          keys.set(key, definitionId);
        }
        from.push(source);
        to.push(target);
        name.push(id);
        base.push(weight);
        definition.push(definitionId);
      }
    }
  });
  // Parallel edges (several names between the same two files) share one pair, ordered by target for
  // locality. Edges were made source by source, so a stable counting sort by target orders them by
  // target, then source, without a comparison sort.
  const [, byTarget] = groupBy(from.length, files, (edge) => to[edge]!);
  const { pair, pairFrom, targetStart } = groupPairs({ from, to, files, order: byTarget });
  const pairBase = new Float64Array(pairFrom.length);
  const outBase = new Float64Array(files);
  for (let edge = 0; edge < from.length; edge++) {
    pairBase[pair[edge]!]! += base[edge]!;
    outBase[from[edge]!]! += base[edge]!;
  }
  const [nameStart, byName] = groupBy(from.length, names.length, (edge) => name[edge]!);
  const symbolKey = new Int32Array(symbolName.length);
  for (let index = 0; index < symbolName.length; index++)
    symbolKey[index] = keys.get(symbolName[index]! * files + symbolFile[index]!) ?? -1;
  return {
    count: from.length,
    from: Int32Array.from(from),
    name: Int32Array.from(name),
    pair,
    pairs: pairFrom.length,
    pairFrom,
    targetStart,
    base: Float64Array.from(base),
    definition: Int32Array.from(definition),
    definitionKeys: keys.size,
    symbolKey,
    pairBase,
    outBase,
    byName,
    nameStart,
  };
}
