import { BUILTIN_NAMES } from './builtin-names.js';
import type { IndexStore } from './index-store.js';

/**
 * The reference graph the repo map ranks: files are nodes; an edge from A to B for each identifier A uses
 * that B defines, weighted by how often. Loaded once per index version and kept in memory, since ranking
 * runs on every context assembly.
 */
export interface ReferenceGraph {
  paths: string[];
  pathIndex: Map<string, number>;
  /** identifier → indexes of files defining it */
  definers: Map<string, number[]>;
  /** per referencing file: identifier → count */
  uses: Map<string, number>[];
  symbols: GraphSymbol[];
}

export interface GraphSymbol {
  file: number;
  name: string;
  kind: string;
  parent: string | null;
  startLine: number;
  endLine: number;
  signature: string;
}

let cached: { store: IndexStore; version: number; graph: ReferenceGraph } | undefined;

export function loadReferenceGraph(store: IndexStore): ReferenceGraph {
  if (cached && cached.store === store && cached.version === store.version) return cached.graph;
  const rows = store.graphRows();
  const byId = new Map<number, number>();
  const paths: string[] = [];
  for (const file of rows.files) {
    byId.set(file.id, paths.length);
    paths.push(file.path);
  }
  const symbols = rows.symbols.map(({ fileId, name, kind, parent, startLine, endLine, signature }) => ({
    file: byId.get(fileId)!,
    name,
    kind,
    parent,
    startLine,
    endLine,
    signature,
  }));
  const definers = new Map<string, number[]>();
  for (const symbol of symbols) {
    const list = definers.get(symbol.name);
    if (!list) definers.set(symbol.name, [symbol.file]);
    else if (list[list.length - 1] !== symbol.file) list.push(symbol.file);
  }
  const uses: Map<string, number>[] = paths.map(() => new Map());
  for (const { fileId, name, count } of rows.references) {
    if (!definers.has(name) || BUILTIN_NAMES.has(name)) continue; // libraries and the language itself
    uses[byId.get(fileId)!]!.set(name, count);
  }
  const graph = {
    paths,
    pathIndex: new Map(paths.map((path, index) => [path, index])),
    definers,
    uses,
    symbols,
  };
  cached = { store, version: store.version, graph };
  return graph;
}
