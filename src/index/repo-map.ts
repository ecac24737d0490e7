import type { IndexStore } from './index-store.js';
import { type GraphSymbol, loadReferenceGraph, type ReferenceGraph } from './reference-graph.js';

export interface RankOptions {
  /** files of the current request (open file, mentioned paths): PageRank is personalised toward them */
  focusFiles?: readonly string[];
  /** identifiers of the current request: their definitions and the edges through them weigh more */
  focusIdentifiers?: readonly string[];
}

export interface RankedDefinition {
  path: string;
  name: string;
  kind: string;
  parent: string | null;
  startLine: number;
  endLine: number;
  signature: string;
  rank: number;
}

const DAMPING = 0.85;
const ITERATIONS = 20;

/** Aider's weighting: meaningful names count, private and ubiquitous ones barely. */
function identifierWeight(name: string, definerCount: number, focus: ReadonlySet<string>): number {
  let weight = 1;
  if (focus.has(name)) weight *= 10;
  const compound = /[a-z][A-Z]/.test(name) || name.includes('_');
  if (compound && name.length >= 8) weight *= 10;
  if (name.startsWith('_')) weight *= 0.1;
  if (definerCount > 5) weight *= 0.1;
  return weight;
}

/**
 * Definitions ranked by PageRank over the reference graph (files as nodes), personalised toward the
 * request's files and identifiers; each file's rank then flows to the definitions its references point at.
 */
export function rankDefinitions(store: IndexStore, options: RankOptions = {}): RankedDefinition[] {
  const graph = loadReferenceGraph(store);
  const n = graph.paths.length;
  if (n === 0) return [];
  const edges = baseEdges(graph);
  const focusFiles = new Set(
    (options.focusFiles ?? [])
      .map((path) => graph.pathIndex.get(path))
      .filter((index) => index !== undefined),
  );
  const focusNames = new Set(options.focusIdentifiers ?? []);
  for (const name of focusNames) for (const file of graph.definers.get(name) ?? []) focusFiles.add(file);

  // Edge weights for this request: the cached base weight, raised for focus names and focus files.
  const weight = new Float64Array(edges.count);
  const outWeight = new Float64Array(n);
  for (let edge = 0; edge < edges.count; edge++) {
    const from = edges.from[edge]!;
    let value = edges.base[edge]!;
    if (focusNames.has(edges.names[edges.name[edge]!]!)) value *= 10;
    if (focusFiles.has(from)) value *= 50;
    weight[edge] = value;
    outWeight[from]! += value;
  }

  const personal = new Float64Array(n);
  if (focusFiles.size > 0) for (const file of focusFiles) personal[file] = 1 / focusFiles.size;
  else personal.fill(1 / n);
  let rank = Float64Array.from(personal);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let file = 0; file < n; file++) if (outWeight[file] === 0) dangling += rank[file]!;
    for (let edge = 0; edge < edges.count; edge++) {
      const from = edges.from[edge]!;
      next[edges.to[edge]!]! += (DAMPING * rank[from]! * weight[edge]!) / outWeight[from]!;
    }
    for (let file = 0; file < n; file++) next[file]! += (1 - DAMPING + DAMPING * dangling) * personal[file]!;
    rank = next;
  }

  // Each file's rank flows to the definitions its references point at.
  const definitionRank = new Float64Array(edges.definitionKeys);
  for (let edge = 0; edge < edges.count; edge++) {
    const from = edges.from[edge]!;
    definitionRank[edges.definition[edge]!]! += (rank[from]! * weight[edge]!) / outWeight[from]!;
  }
  return graph.symbols
    .map((symbol, index) =>
      toRanked(graph, symbol, edges.symbolKey[index]!, definitionRank, rank, focusNames),
    )
    .sort((a, b) => b.rank - a.rank);
}

interface BaseEdges {
  count: number;
  from: Int32Array;
  to: Int32Array;
  /** index into `names` */
  name: Int32Array;
  names: string[];
  /** weight before personalisation */
  base: Float64Array;
  /** id of the (file, name) definition the edge points at */
  definition: Int32Array;
  definitionKeys: number;
  /** per graph symbol: its (file, name) definition id, or -1 when nothing references it */
  symbolKey: Int32Array;
}

const edgeCache = new WeakMap<ReferenceGraph, BaseEdges>();

/** The request-independent part of the graph, flattened into typed arrays once per index version. */
function baseEdges(graph: ReferenceGraph): BaseEdges {
  const cached = edgeCache.get(graph);
  if (cached) return cached;
  const from: number[] = [];
  const to: number[] = [];
  const name: number[] = [];
  const base: number[] = [];
  const definition: number[] = [];
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const keys = new Map<string, number>();
  const none = new Set<string>();
  graph.uses.forEach((used, source) => {
    for (const [identifier, count] of used) {
      const definers = graph.definers.get(identifier)!;
      const weight =
        (identifierWeight(identifier, definers.length, none) * Math.sqrt(count)) / definers.length;
      let id = nameIndex.get(identifier);
      if (id === undefined) {
        id = names.length;
        names.push(identifier);
        nameIndex.set(identifier, id);
      }
      for (const target of definers) {
        if (target === source) continue;
        const key = `${target}\0${identifier}`;
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
  const symbolKey = Int32Array.from(
    graph.symbols,
    (symbol) => keys.get(`${symbol.file}\0${symbol.name}`) ?? -1,
  );
  const edges: BaseEdges = {
    count: from.length,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    name: Int32Array.from(name),
    names,
    base: Float64Array.from(base),
    definition: Int32Array.from(definition),
    definitionKeys: keys.size,
    symbolKey,
  };
  edgeCache.set(graph, edges);
  return edges;
}

function toRanked(
  graph: ReferenceGraph,
  symbol: GraphSymbol,
  key: number,
  definitionRank: Float64Array,
  fileRank: Float64Array,
  focusNames: ReadonlySet<string>,
): RankedDefinition {
  // Unreferenced definitions still get a little of their file's rank, so a map is never empty.
  let rank = key >= 0 ? definitionRank[key]! : fileRank[symbol.file]! * 0.01;
  // A named identifier's own definition leads, even when nothing references it yet.
  if (focusNames.has(symbol.name)) rank = (rank + fileRank[symbol.file]!) * 10;
  return {
    path: graph.paths[symbol.file]!,
    name: symbol.name,
    kind: symbol.kind,
    parent: symbol.parent,
    startLine: symbol.startLine,
    endLine: symbol.endLine,
    signature: symbol.signature,
    rank,
  };
}

export interface RepoMapOptions extends RankOptions {
  /** token budget (default 1024) */
  tokens?: number;
  /** files to leave out (already in the prompt whole) */
  excludeFiles?: readonly string[];
  countTokens: (text: string) => number;
}

export interface RepoMap {
  text: string;
  tokens: number;
  definitions: RankedDefinition[];
}

/**
 * The repo map: the best-ranked definitions' signatures, grouped by file, fitted to the token budget.
 *
 *   src/orders.py:
 *     3│class OrderService:
 *     4│    def describe(self, order):
 */
export function buildRepoMap(store: IndexStore, options: RepoMapOptions): RepoMap {
  const budget = options.tokens ?? 1024;
  const excluded = new Set(options.excludeFiles ?? []);
  const ranked = rankDefinitions(store, options).filter(
    (definition) => !excluded.has(definition.path) && definition.kind !== 'constant',
  );
  const chosen: RankedDefinition[] = [];
  const headers = new Set<string>();
  let tokens = 0;
  let misses = 0;
  for (const definition of ranked) {
    // Past a run of lines that no longer fit, the rest (ranked lower) will not matter.
    if (misses >= 25) break;
    const header = headers.has(definition.path) ? 0 : options.countTokens(`${definition.path}:\n`);
    const cost = header + options.countTokens(`${renderLine(definition)}\n`);
    if (tokens + cost > budget) {
      if (budget - tokens < 8) break;
      misses++;
      continue; // a shorter line further down may still fit
    }
    tokens += cost;
    headers.add(definition.path);
    chosen.push(definition);
  }
  return { text: renderRepoMap(chosen), tokens, definitions: chosen };
}

function renderLine(definition: RankedDefinition): string {
  const indent = definition.parent ? '    ' : '';
  return `${String(definition.startLine).padStart(5)}│${indent}${definition.signature}`;
}

export function renderRepoMap(definitions: readonly RankedDefinition[]): string {
  const byFile = new Map<string, RankedDefinition[]>();
  for (const definition of definitions) {
    const list = byFile.get(definition.path) ?? [];
    list.push(definition);
    byFile.set(definition.path, list);
  }
  const out: string[] = [];
  for (const [path, list] of byFile) {
    out.push(`${path}:`);
    for (const definition of list.sort((a, b) => a.startLine - b.startLine)) out.push(renderLine(definition));
  }
  return out.join('\n');
}
