import type { IndexStore } from './index-store.js';
import { rankWorkspace } from './rank-kernels.js';
import { fileIndex, loadReferenceGraph, nameId } from './reference-graph.js';

export interface RankOptions {
  /** files of the current request (open file, mentioned paths): PageRank is personalised toward them */
  focusFiles?: readonly string[];
  /** identifiers of the current request: their definitions and the edges through them weigh more */
  focusIdentifiers?: readonly string[];
  /** files whose definitions are left out of the result (still part of the graph) */
  excludeFiles?: readonly string[];
  /** kinds of definition left out of the result (`constant`) */
  excludeKinds?: readonly string[];
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
/** An edge through an identifier of the request weighs this many times its usual weight. */
const FOCUS_NAME_BOOST = 10;
const ITERATIONS = 20;
/**
 * Iterations stop once an iteration moves less than this much rank in total (out of 1): the order of the
 * best definitions is settled by then, at about half the iterations.
 */
const TOLERANCE = 3e-3;

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
  const edges = graph.edges;
  const focusFiles = new Set(
    (options.focusFiles ?? []).map((path) => fileIndex(graph, path)).filter((index) => index !== undefined),
  );
  const focusNames = new Set(options.focusIdentifiers ?? []);
  // Name ids of the focus names that something defines, in the order given.
  const focusIds: number[] = [];
  for (const name of focusNames) {
    const id = nameId(graph, name);
    if (id < 0) continue;
    focusIds.push(id);
    for (let at = graph.definerStart[id]!; at < graph.definerStart[id + 1]!; at++)
      focusFiles.add(graph.definerFiles[at]!);
  }
  // Edge weights for this request: the cached base weights, raised tenfold for the edges of focus names.
  // Only those edges are visited: the sums per file pair and per source start from cached totals. (Raising
  // every edge out of a focus file would change nothing: a file's edges share its rank in proportion.)
  // The numeric loops run in WebAssembly over the graph's arrays (rank-kernels.ts): the same sums in the
  // same order, without a cold JIT.
  const work = rankWorkspace(graph);
  const pairWeight = work.pairWeight;
  const outWeight = work.outWeight;
  pairWeight.set(edges.pairBase);
  outWeight.set(edges.outBase);
  for (const id of focusIds) {
    for (let at = edges.nameStart[id]!; at < edges.nameStart[id + 1]!; at++) {
      const edge = edges.byName[at]!;
      const extra = edges.base[edge]! * (FOCUS_NAME_BOOST - 1);
      pairWeight[edges.pair[edge]!]! += extra;
      outWeight[edges.from[edge]!]! += extra;
    }
  }
  // Share of its source's rank each file pair carries, normalised once (not per iteration).
  work.shares(DAMPING);

  const personal = work.personal;
  personal.fill(0);
  if (focusFiles.size > 0) for (const file of focusFiles) personal[file] = 1 / focusFiles.size;
  else personal.fill(1 / n);
  // PageRank by Gauss–Seidel sweeps: each file's new rank is computed from the freshest ranks of the files
  // pointing at it (pairs are grouped by target), which settles in about half the sweeps of plain power
  // iteration; then scaled to a total of 1 (the sweeps do not keep it on the way, the fixed point does).
  work.pageRank(ITERATIONS, TOLERANCE, 1 - DAMPING, DAMPING);
  const rank = work.rank;

  // Each file's rank flows to the definitions its references point at, in proportion to the edge's weight.
  const focusNameIds = work.focusName;
  focusNameIds.fill(0);
  for (const id of focusIds) focusNameIds[id] = 1;
  work.definitionRanks(FOCUS_NAME_BOOST);
  const symbolCount = graph.symbolFile.length;
  const symbolFile = graph.symbolFile;
  // Unreferenced definitions still get a little of their file's rank, so a map is never empty.
  work.symbolRanks(0.01);
  const symbolRank = work.symbolRank;
  // A named identifier's own definition leads, even when nothing references it yet.
  for (const id of focusIds)
    for (let at = graph.nameSymbolStart[id]!; at < graph.nameSymbolStart[id + 1]!; at++) {
      const index = graph.nameSymbols[at]!;
      symbolRank[index] = (symbolRank[index]! + rank[symbolFile[index]!]!) * 10;
    }
  // Excluded files and kinds: below every rank, never chosen (they still passed their rank on).
  for (const path of options.excludeFiles ?? []) {
    const file = fileIndex(graph, path);
    if (file === undefined) continue;
    for (let at = graph.fileSymbolStart[file]!; at < graph.fileSymbolStart[file + 1]!; at++)
      symbolRank[graph.fileSymbols[at]!] = -1;
  }
  const excludedKinds = new Set(options.excludeKinds ?? []);
  if (excludedKinds.size > 0) {
    // Kinds are a handful of string ids: each is looked up once, not a string cut out per symbol.
    const excludedKindIds = new Map<number, boolean>();
    for (let index = 0; index < symbolCount; index++) {
      const kind = graph.symbolKind[index]!;
      let excluded = excludedKindIds.get(kind);
      if (excluded === undefined) {
        excluded = excludedKinds.has(graph.strings.get(kind));
        excludedKindIds.set(kind, excluded);
      }
      if (excluded) symbolRank[index] = -1;
    }
  }
  // Objects only for the best: a caller filling a map needs a few hundred, not every symbol. The rank of
  // the `limit`-th best is found by selection; only those at or above it are sorted.
  const limit = Math.min(symbolCount, options.limit ?? symbolCount);
  if (limit === 0) return [];
  const threshold = kthLargest(symbolRank, limit);
  const order: number[] = [];
  for (let index = 0; index < symbolRank.length; index++)
    if (symbolRank[index]! >= threshold && symbolRank[index]! >= 0) order.push(index);
  order.sort((a, b) => symbolRank[b]! - symbolRank[a]!);
  order.splice(limit);
  const out: RankedDefinition[] = [];
  for (const index of order) {
    const parent = graph.symbolParent[index]!;
    out.push({
      path: graph.paths.get(symbolFile[index]!),
      name: graph.names.get(graph.symbolName[index]!),
      kind: graph.strings.get(graph.symbolKind[index]!),
      parent: parent < 0 ? null : graph.strings.get(parent),
      startLine: graph.symbolStartLine[index]!,
      endLine: graph.symbolEndLine[index]!,
      signature: graph.strings.get(graph.symbolSignature[index]!),
      rank: symbolRank[index]!,
    });
  }
  return out;
}

/** The `k`-th largest of `values` (1-based), by selection on a copy: linear on average, no full sort. */
export function kthLargest(values: Float64Array, k: number): number {
  const a = Float64Array.from(values);
  const target = a.length - k; // its index in ascending order
  let low = 0;
  let high = a.length - 1;
  while (low < high) {
    // Median of three as the pivot, then Hoare partition.
    const middle = (low + high) >>> 1;
    const pivot = Math.max(Math.min(a[low]!, a[high]!), Math.min(Math.max(a[low]!, a[high]!), a[middle]!));
    let i = low;
    let j = high;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return a[target]!;
  }
  return a[target]!;
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

/** the fewest tokens a map line costs: its number, the bar and a name */
const MIN_LINE_TOKENS = 4;
/** lines passed over for being too long before the map is considered full */
const MAX_MISSES = 25;

/**
 * The repo map: the best-ranked definitions' signatures, grouped by file, fitted to the token budget.
 *
 *   src/orders.py:
 *     3│class OrderService:
 *     4│    def describe(self, order):
 */
export function buildRepoMap(store: IndexStore, options: RepoMapOptions): RepoMap {
  const budget = options.tokens ?? 1024;
  // A line costs at least MIN_LINE_TOKENS (its number, the bar, a name), so no more lines than this can
  // fit; the extra covers the lines passed over for being too long.
  const ranked = rankDefinitions(store, {
    ...options,
    excludeKinds: ['constant'],
    limit: Math.ceil(budget / MIN_LINE_TOKENS) + MAX_MISSES,
  });
  const chosen: RankedDefinition[] = [];
  const headers = new Set<string>();
  let tokens = 0;
  let misses = 0;
  for (const definition of ranked) {
    // Past a run of lines that no longer fit, the rest (ranked lower) will not matter.
    if (misses >= MAX_MISSES) break;
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
