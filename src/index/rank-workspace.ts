import type { ReferenceGraph } from './reference-graph.js';

/**
 * The repo map's numeric loops over one reference graph: the share of its source's rank each file pair
 * carries, personalised PageRank by Gauss–Seidel sweeps, and the ranks flowing from files to definitions
 * and symbols. The arrays are allocated once per graph (kept while the graph is); the per-request ones
 * (`pairWeight`, `outWeight`, `personal`, `focusName`) are filled by the caller before each call.
 *
 * These loops ran for a while as a WebAssembly module assembled by hand (issue 24), to spare a cold
 * process the interpreter: ≈ 20 ms of CPU on Django's first ranking. Measured again in issue 45, a cold
 * `vouch context` stays far inside its target without it (bench/notes/2026-11-25-context-45-django-and-speed-tricks.md, "Speed tricks"), and a
 * ranking written as stack bytecode could no longer be read or changed, so this is the only version.
 */
export class RankWorkspace {
  readonly pairWeight: Float64Array;
  readonly outWeight: Float64Array;
  readonly personal: Float64Array;
  readonly rank: Float64Array;
  readonly definitionRank: Float64Array;
  readonly symbolRank: Float64Array;
  readonly focusName: Uint8Array;
  private readonly share: Float64Array;
  private readonly perWeight: Float64Array;

  constructor(private readonly graph: ReferenceGraph) {
    const edges = graph.edges;
    const n = graph.paths.length;
    this.pairWeight = new Float64Array(edges.pairs);
    this.share = new Float64Array(edges.pairs);
    this.outWeight = new Float64Array(n);
    this.personal = new Float64Array(n);
    this.rank = new Float64Array(n);
    this.perWeight = new Float64Array(n);
    this.definitionRank = new Float64Array(edges.definitionKeys);
    this.symbolRank = new Float64Array(graph.symbolFile.length);
    this.focusName = new Uint8Array(graph.names.length);
  }

  /** The share of each pair: `damping × pairWeight[pair] / outWeight[its source]`. */
  shares(damping: number): void {
    const { pairWeight, outWeight, share } = this;
    const pairFrom = this.graph.edges.pairFrom;
    for (let pair = 0; pair < share.length; pair++)
      share[pair] = (damping * pairWeight[pair]!) / outWeight[pairFrom[pair]!]!;
  }

  /**
   * `rank` from `personal`: each sweep computes every file's rank from the freshest ranks of the files
   * pointing at it (pairs are grouped by target), which settles in about half the sweeps of plain power
   * iteration; the rank of files with no outgoing reference (dangling) is spread as the teleport is.
   * Stops when less than `tolerance` of the rank moved in a sweep; then scaled to a total of 1.
   */
  pageRank({
    iterations,
    tolerance,
    oneMinusDamping,
    damping,
  }: {
    iterations: number;
    tolerance: number;
    oneMinusDamping: number;
    damping: number;
  }): void {
    const { outWeight, personal, rank, share } = this;
    const { pairFrom, targetStart } = this.graph.edges;
    const n = rank.length;
    rank.set(personal);
    for (let iteration = 0; iteration < iterations; iteration++) {
      let dangling = 0;
      for (let file = 0; file < n; file++) if (outWeight[file] === 0) dangling += rank[file]!;
      const teleport = oneMinusDamping + damping * dangling;
      let moved = 0;
      for (let file = 0; file < n; file++) {
        let value = teleport * personal[file]!;
        const end = targetStart[file + 1]!;
        for (let pair = targetStart[file]!; pair < end; pair++)
          value += rank[pairFrom[pair]!]! * share[pair]!;
        moved += Math.abs(value - rank[file]!);
        rank[file] = value;
      }
      if (moved < tolerance) break;
    }
    let total = 0;
    for (let file = 0; file < n; file++) total += rank[file]!;
    if (total > 0) for (let file = 0; file < n; file++) rank[file]! /= total;
  }

  /** `definitionRank`: each file's rank flows along its edges by weight, ×`boost` on names in `focusName`. */
  definitionRanks(boost: number): void {
    const { outWeight, rank, perWeight, definitionRank, focusName } = this;
    const { count, base, from, definition, name } = this.graph.edges;
    perWeight.fill(0);
    definitionRank.fill(0);
    for (let file = 0; file < rank.length; file++)
      if (outWeight[file]! > 0) perWeight[file] = rank[file]! / outWeight[file]!;
    for (let edge = 0; edge < count; edge++) {
      const value = base[edge]! * perWeight[from[edge]!]!;
      definitionRank[definition[edge]!]! += focusName[name[edge]!] ? value * boost : value;
    }
  }

  /** `symbolRank`: a referenced symbol's definition rank, else `share` of its file's rank. */
  symbolRanks(share: number): void {
    const { definitionRank, rank, symbolRank } = this;
    const symbolKey = this.graph.edges.symbolKey;
    const symbolFile = this.graph.symbolFile;
    for (let index = 0; index < symbolRank.length; index++) {
      const key = symbolKey[index]!;
      symbolRank[index] = key >= 0 ? definitionRank[key]! : rank[symbolFile[index]!]! * share;
    }
  }
}

const workspaces = new WeakMap<ReferenceGraph, RankWorkspace>();

/** The graph's workspace, made on first use and kept while the graph is. */
export function rankWorkspace(graph: ReferenceGraph): RankWorkspace {
  let workspace = workspaces.get(graph);
  if (!workspace) {
    workspace = new RankWorkspace(graph);
    workspaces.set(graph, workspace);
  }
  return workspace;
}
