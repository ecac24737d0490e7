import type { IndexStore } from './index-store.js';
import { rankWorkspace } from './rank-workspace.js';
import { fileIndex, loadReferenceGraph, nameId, type ReferenceGraph } from './reference-graph.js';

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
  const { order, symbolRank } = rankSymbols(graph, options);
  return order.map((index) => rankedDefinition(graph, index, symbolRank[index]!));
}

function rankedDefinition(graph: ReferenceGraph, index: number, rank: number): RankedDefinition {
  const parent = graph.symbolParent[index]!;
  return {
    path: graph.paths.get(graph.symbolFile[index]!),
    name: graph.names.get(graph.symbolName[index]!),
    kind: graph.strings.get(graph.symbolKind[index]!),
    parent: parent < 0 ? null : graph.strings.get(parent),
    startLine: graph.symbolStartLine[index]!,
    endLine: graph.symbolEndLine[index]!,
    signature: graph.strings.get(graph.symbolSignature[index]!),
    rank,
  };
}

/**
 * Per graph, the symbols of each set of excluded kinds (the repo map always leaves out constants): found
 * once, where every call compared each symbol's kind (≈ 50,000 symbols in Django).
 */
const kindMembers = new WeakMap<ReferenceGraph, Map<string, Int32Array>>();

function symbolsOfKinds(graph: ReferenceGraph, kinds: ReadonlySet<string>): Int32Array {
  const key = [...kinds].sort().join('\u0000');
  let byKinds = kindMembers.get(graph);
  if (!byKinds) {
    byKinds = new Map();
    kindMembers.set(graph, byKinds);
  }
  let members = byKinds.get(key);
  if (!members) {
    // Kinds are a handful of string ids: each is looked up once, not a string cut out per symbol.
    const excludedKindIds = new Map<number, boolean>();
    const found: number[] = [];
    for (let index = 0; index < graph.symbolKind.length; index++) {
      const kind = graph.symbolKind[index]!;
      let excluded = excludedKindIds.get(kind);
      if (excluded === undefined) {
        excluded = kinds.has(graph.strings.get(kind));
        excludedKindIds.set(kind, excluded);
      }
      if (excluded) found.push(index);
    }
    members = Int32Array.from(found);
    byKinds.set(key, members);
  }
  return members;
}

/**
 * The ranking itself: the symbols' ranks (by symbol index; -1 for those left out) and the indexes of the
 * best `limit`, best first.
 */
function rankSymbols(
  graph: ReferenceGraph,
  options: RankOptions & { limit?: number },
): { order: number[]; symbolRank: Float64Array } {
  const n = graph.paths.length;
  if (n === 0) return { order: [], symbolRank: new Float64Array(0) };
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
  // The numeric loops run over arrays kept per graph (rank-workspace.ts).
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
  work.pageRank({
    iterations: ITERATIONS,
    tolerance: TOLERANCE,
    oneMinusDamping: 1 - DAMPING,
    damping: DAMPING,
  });
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
  if (excludedKinds.size > 0)
    for (const index of symbolsOfKinds(graph, excludedKinds)) symbolRank[index] = -1;
  // Objects only for the best: a caller filling a map needs a few hundred, not every symbol. The rank of
  // the `limit`-th best is found by selection; only those at or above it are sorted.
  const limit = Math.min(symbolCount, options.limit ?? symbolCount);
  return { order: bestIndexes(symbolRank, limit), symbolRank };
}

/**
 * The indexes of the `limit` largest non-negative values, largest first, equal values in index order:
 * one pass with a bounded heap (a caller filling a map needs a few hundred of ≈ 50,000 symbols), where a
 * selection over a copy of every value, then a pass and a sort, took most of a warm ranking's JavaScript.
 */
export function bestIndexes(values: Float64Array, limit: number): number[] {
  if (limit <= 0) return [];
  // A min-heap of the best so far, the worst on top: a lower value, or an equal value at a later index.
  const heap = new Int32Array(Math.min(limit, values.length));
  let size = 0;
  const worse = (a: number, b: number) => values[a]! < values[b]! || (values[a] === values[b] && a > b);
  const siftDown = (from: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && worse(heap[right]!, heap[left]!) ? right : left;
      if (!worse(heap[child]!, heap[at]!)) return;
      const swap = heap[at]!;
      heap[at] = heap[child]!;
      heap[child] = swap;
      at = child;
    }
  };
  const floor = valueFloor(values, limit);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (!(value >= floor)) continue;
    if (size < heap.length) {
      // Sift up: a later index is worse than an earlier one of the same value.
      let at = size++;
      heap[at] = index;
      while (at > 0) {
        const up = (at - 1) >> 1;
        if (!worse(heap[at]!, heap[up]!)) break;
        const swap = heap[at]!;
        heap[at] = heap[up]!;
        heap[up] = swap;
        at = up;
      }
    } else if (value > values[heap[0]!]!) {
      // Only a larger value beats the worst kept: an equal one comes at a later index.
      heap[0] = index;
      siftDown(0);
    }
  }
  const order = Array.from(heap.subarray(0, size));
  return order.sort((a, b) => values[b]! - values[a]! || a - b);
}

/** sampled values per value kept: the floor then lets about this share of all values reach the heap */
const SAMPLE_PER_KEPT = 16;

/**
 * A value that at least `limit` non-negative values reach (0 when that is not shown): the `limit`-th
 * largest among every few values, found by a native sort of that sample. No value below it can be among
 * the `limit` best — that many values at or above it exist — so the heap need not see those: when the
 * ranks rise along the symbols, every value displaced the heap's top (≈ 30 ms of a cold process's
 * sifting, in the interpreter). Values equal to it still go in, where the index decides.
 */
function valueFloor(values: Float64Array, limit: number): number {
  const stride = Math.floor(values.length / (limit * SAMPLE_PER_KEPT));
  if (stride < 2) return 0;
  const sample = new Float64Array(Math.ceil(values.length / stride));
  let size = 0;
  for (let index = 0; index < values.length; index += stride) {
    const value = values[index]!;
    if (value >= 0) sample[size++] = value;
  }
  if (size < limit) return 0;
  const kept = sample.subarray(0, size).sort();
  return kept[size - limit]!;
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
  const graph = loadReferenceGraph(store);
  // A line costs at least MIN_LINE_TOKENS (its number, the bar, a name), so no more lines than this can
  // fit; the extra covers the lines passed over for being too long.
  const { order, symbolRank } = rankSymbols(graph, {
    ...options,
    excludeKinds: ['constant'],
    limit: Math.ceil(budget / MIN_LINE_TOKENS) + MAX_MISSES,
  });
  const costs = lineCosts(graph, options.countTokens);
  const chosen: RankedDefinition[] = [];
  const headers = new Set<number>();
  let tokens = 0;
  let misses = 0;
  for (const index of order) {
    // Past a run of lines that no longer fit, the rest (ranked lower) will not matter.
    if (misses >= MAX_MISSES) break;
    const file = graph.symbolFile[index]!;
    const header = headers.has(file) ? 0 : costs.header(file);
    const cost = header + costs.line(index);
    if (tokens + cost > budget) {
      if (budget - tokens < 8) break;
      misses++;
      continue; // a shorter line further down may still fit
    }
    tokens += cost;
    headers.add(file);
    chosen.push(rankedDefinition(graph, index, symbolRank[index]!));
  }
  return { text: renderRepoMap(chosen), tokens, definitions: chosen };
}

/**
 * What each map line costs (`countTokens` of the line and its line break) and each file's heading, kept
 * per graph and counting function: a line's text is fixed by the graph (number, indent, signature), and
 * a long-lived process builds a map for every request, mostly from the same best-ranked definitions.
 * 0 means not counted yet (a line has at least one token).
 */
const costCaches = new WeakMap<
  RepoMapOptions['countTokens'],
  WeakMap<ReferenceGraph, { lines: Int32Array; headers: Int32Array }>
>();

function lineCosts(
  graph: ReferenceGraph,
  countTokens: RepoMapOptions['countTokens'],
): { line: (index: number) => number; header: (file: number) => number } {
  let byGraph = costCaches.get(countTokens);
  if (!byGraph) {
    byGraph = new WeakMap();
    costCaches.set(countTokens, byGraph);
  }
  let kept = byGraph.get(graph);
  if (!kept) {
    kept = {
      lines: new Int32Array(graph.symbolFile.length),
      headers: new Int32Array(graph.paths.length),
    };
    byGraph.set(graph, kept);
  }
  const { lines, headers } = kept;
  return {
    line(index) {
      let cost = lines[index]!;
      if (cost === 0) {
        const parent = graph.symbolParent[index]!;
        // indented as `renderLine` indents it: under a parent that has a name
        const member = parent >= 0 && graph.strings.get(parent) !== '';
        const signature = graph.strings.get(graph.symbolSignature[index]!);
        cost = countTokens(`${lineText(graph.symbolStartLine[index]!, member, signature)}\n`);
        lines[index] = cost;
      }
      return cost;
    },
    header(file) {
      let cost = headers[file]!;
      if (cost === 0) {
        cost = countTokens(`${graph.paths.get(file)}:\n`);
        headers[file] = cost;
      }
      return cost;
    },
  };
}

function lineText(startLine: number, member: boolean, signature: string): string {
  return `${String(startLine).padStart(5)}│${member ? '    ' : ''}${signature}`;
}

function renderLine(definition: RankedDefinition): string {
  return lineText(definition.startLine, Boolean(definition.parent), definition.signature);
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
