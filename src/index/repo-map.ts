import type { IndexStore } from './index-store.js';
import { loadReferenceGraph, type ReferenceGraph } from './reference-graph.js';

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
/**
 * Iterations stop once an iteration moves less than this much rank in total (out of 1): the order of the
 * best definitions is settled by then, at about half the iterations.
 */
const TOLERANCE = 1e-3;

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
export function rankDefinitions(
  store: IndexStore,
  options: RankOptions & { limit?: number } = {},
): RankedDefinition[] {
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
  const focusNameIds = new Uint8Array(edges.names.length);
  for (const name of focusNames) {
    const id = edges.nameIndex.get(name);
    if (id !== undefined) focusNameIds[id] = 1;
  }
  const isFocusFile = new Uint8Array(n);
  for (const file of focusFiles) isFocusFile[file] = 1;

  // Edge weights for this request: the cached base weight, raised for focus names and focus files.
  const weight = new Float64Array(edges.count);
  const outWeight = new Float64Array(n);
  for (let edge = 0; edge < edges.count; edge++) {
    const from = edges.from[edge]!;
    let value = edges.base[edge]!;
    if (focusNameIds[edges.name[edge]!]) value *= 10;
    if (isFocusFile[from]) value *= 50;
    weight[edge] = value;
    outWeight[from]! += value;
  }
  // Share of its source's rank each edge carries (weights normalised once, not per iteration), summed
  // over the edges between the same two files: the iterations then run over file pairs, a third as many.
  const share = new Float64Array(edges.count);
  const pairShare = new Float64Array(edges.pairs);
  for (let edge = 0; edge < edges.count; edge++) {
    share[edge] = weight[edge]! / outWeight[edges.from[edge]!]!;
    pairShare[edges.pair[edge]!]! += share[edge]!;
  }

  const personal = new Float64Array(n);
  if (focusFiles.size > 0) for (const file of focusFiles) personal[file] = 1 / focusFiles.size;
  else personal.fill(1 / n);
  for (let pair = 0; pair < edges.pairs; pair++) pairShare[pair]! *= DAMPING;
  const rank = powerIteration(n, edges.pairFrom, edges.pairTo, pairShare, outWeight, personal);

  // Each file's rank flows to the definitions its references point at.
  const definitionRank = new Float64Array(edges.definitionKeys);
  for (let edge = 0; edge < edges.count; edge++) {
    definitionRank[edges.definition[edge]!]! += rank[edges.from[edge]!]! * share[edge]!;
  }
  const symbolRank = new Float64Array(graph.symbols.length);
  graph.symbols.forEach((symbol, index) => {
    const key = edges.symbolKey[index]!;
    // Unreferenced definitions still get a little of their file's rank, so a map is never empty.
    let value = key >= 0 ? definitionRank[key]! : rank[symbol.file]! * 0.01;
    // A named identifier's own definition leads, even when nothing references it yet.
    if (focusNames.has(symbol.name)) value = (value + rank[symbol.file]!) * 10;
    symbolRank[index] = value;
  });
  // Objects only for the best: a caller filling a map needs a few hundred, not every symbol. A numeric
  // sort finds the rank of the `limit`-th best; only those at or above it are sorted by index.
  const limit = Math.min(graph.symbols.length, options.limit ?? graph.symbols.length);
  if (limit === 0) return [];
  const threshold = Float64Array.from(symbolRank).sort()[graph.symbols.length - limit]!;
  const order: number[] = [];
  for (let index = 0; index < symbolRank.length; index++)
    if (symbolRank[index]! >= threshold) order.push(index);
  order.sort((a, b) => symbolRank[b]! - symbolRank[a]!);
  order.splice(limit);
  const out: RankedDefinition[] = [];
  for (const index of order) {
    const symbol = graph.symbols[index]!;
    out.push({
      path: graph.paths[symbol.file]!,
      name: symbol.name,
      kind: symbol.kind,
      parent: symbol.parent,
      startLine: symbol.startLine,
      endLine: symbol.endLine,
      signature: symbol.signature,
      rank: symbolRank[index]!,
    });
  }
  return out;
}

/** PageRank by power iteration; `share` already holds DAMPING × the share of the source's rank. */
function powerIteration(
  n: number,
  from: Int32Array,
  to: Int32Array,
  share: Float64Array,
  outWeight: Float64Array,
  personal: Float64Array,
): Float64Array {
  let rank = Float64Array.from(personal);
  let next = new Float64Array(n);
  const pairs = from.length;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    next.fill(0);
    let dangling = 0;
    for (let file = 0; file < n; file++) if (outWeight[file] === 0) dangling += rank[file]!;
    for (let pair = 0; pair < pairs; pair++) next[to[pair]!]! += rank[from[pair]!]! * share[pair]!;
    const teleport = 1 - DAMPING + DAMPING * dangling;
    let moved = 0;
    for (let file = 0; file < n; file++) {
      next[file]! += teleport * personal[file]!;
      moved += Math.abs(next[file]! - rank[file]!);
    }
    const previous = rank;
    rank = next;
    next = previous;
    if (moved < TOLERANCE) break;
  }
  return rank;
}

interface BaseEdges {
  count: number;
  from: Int32Array;
  to: Int32Array;
  /** index into `names` */
  name: Int32Array;
  names: string[];
  nameIndex: Map<string, number>;
  /** per edge: index of its (from, to) file pair */
  pair: Int32Array;
  pairs: number;
  pairFrom: Int32Array;
  pairTo: Int32Array;
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
  // Parallel edges (several names between the same two files) share one pair, ordered by target for locality.
  const pairKeys = new Map<number, number>();
  const pairList: [number, number][] = [];
  const byTarget = [...from.keys()].sort((a, b) => to[a]! - to[b]! || from[a]! - from[b]!);
  const pair = new Int32Array(from.length);
  for (const edge of byTarget) {
    const key = to[edge]! * graph.paths.length + from[edge]!;
    let id = pairKeys.get(key);
    if (id === undefined) {
      id = pairList.length;
      pairKeys.set(key, id);
      pairList.push([from[edge]!, to[edge]!]);
    }
    pair[edge] = id;
  }
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
    nameIndex,
    pair,
    pairs: pairList.length,
    pairFrom: Int32Array.from(pairList, ([source]) => source),
    pairTo: Int32Array.from(pairList, ([, target]) => target),
    base: Float64Array.from(base),
    definition: Int32Array.from(definition),
    definitionKeys: keys.size,
    symbolKey,
  };
  edgeCache.set(graph, edges);
  return edges;
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
  // A line costs several tokens, so `budget` lines is more than can fit; the extra covers excluded files.
  const ranked = rankDefinitions(store, { ...options, limit: budget + 500 }).filter(
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
