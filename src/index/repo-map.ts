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
const ITERATIONS = 40;

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
  const focusFiles = new Set(
    (options.focusFiles ?? [])
      .map((path) => graph.pathIndex.get(path))
      .filter((index) => index !== undefined),
  );
  const focusNames = new Set(options.focusIdentifiers ?? []);
  for (const name of focusNames) for (const file of graph.definers.get(name) ?? []) focusFiles.add(file);

  // Edges: from → [to, identifier, weight]
  const edges: { to: number; name: string; weight: number }[][] = graph.uses.map(() => []);
  const outWeight = new Float64Array(n);
  graph.uses.forEach((used, from) => {
    for (const [name, count] of used) {
      const definers = graph.definers.get(name)!;
      const base =
        identifierWeight(name, definers.length, focusNames) *
        Math.sqrt(count) *
        (focusFiles.has(from) ? 50 : 1);
      for (const to of definers) {
        if (to === from) continue;
        const weight = base / definers.length;
        edges[from]!.push({ to, name, weight });
        outWeight[from]! += weight;
      }
    }
  });

  const personal = new Float64Array(n);
  if (focusFiles.size > 0) for (const file of focusFiles) personal[file] = 1 / focusFiles.size;
  else personal.fill(1 / n);
  let rank = Float64Array.from(personal);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let from = 0; from < n; from++) {
      const out = outWeight[from]!;
      if (out === 0) {
        dangling += rank[from]!;
        continue;
      }
      for (const edge of edges[from]!) next[edge.to]! += (DAMPING * rank[from]! * edge.weight) / out;
    }
    for (let file = 0; file < n; file++) next[file]! += (1 - DAMPING + DAMPING * dangling) * personal[file]!;
    rank = next;
  }

  const definitionRank = new Map<string, number>();
  for (let from = 0; from < n; from++) {
    const out = outWeight[from]!;
    for (const edge of edges[from]!) {
      const key = `${edge.to}\0${edge.name}`;
      definitionRank.set(key, (definitionRank.get(key) ?? 0) + (rank[from]! * edge.weight) / out);
    }
  }
  return graph.symbols
    .map((symbol) => toRanked(graph, symbol, definitionRank, rank, focusNames))
    .sort((a, b) => b.rank - a.rank);
}

function toRanked(
  graph: ReferenceGraph,
  symbol: GraphSymbol,
  definitionRank: Map<string, number>,
  fileRank: Float64Array,
  focusNames: ReadonlySet<string>,
): RankedDefinition {
  // Unreferenced definitions still get a little of their file's rank, so a map is never empty.
  let rank = definitionRank.get(`${symbol.file}\0${symbol.name}`) ?? fileRank[symbol.file]! * 0.01;
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
  for (const definition of ranked) {
    const header = headers.has(definition.path) ? 0 : options.countTokens(`${definition.path}:\n`);
    const cost = header + options.countTokens(`${renderLine(definition)}\n`);
    if (tokens + cost > budget) {
      if (budget - tokens < 8) break;
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
