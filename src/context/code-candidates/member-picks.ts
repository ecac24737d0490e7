import type { IndexStore, SymbolRow } from '../../index/index-store.js';
import { loadReferenceGraph, nameUses } from '../../index/reference-graph.js';
import type { WeightedIdentifier } from '../cursor-identifiers.js';
import { CONSTRUCTORS } from './outline.js';
import { cachedMembersOf, cachedSymbolsNamed, type RowCache } from './row-cache.js';

/** Classes in play whose most used members are picked, at most, and members picked from each. */
const PICKED_CLASSES = 40;
const MEMBER_PICKS = 5;

/**
 * The most used members of the classes in play — a class among the candidates, or the class of a method
 * among them — that the file does not name: the next call on such an object is likely one of them
 * (`settings.getint` beside `settings.getfloat`, `query.clear_ordering` in a file naming `Query`). Each
 * with the weight of the name that brought its class in, and its rank among its class's picks.
 */
export function memberPicks({
  store,
  cache,
  ranked,
  weights,
}: {
  store: IndexStore;
  cache: RowCache /** in ranking order */;
  ranked: readonly { row: SymbolRow; score: number; weight: number }[];
  weights: ReadonlyMap<string, WeightedIdentifier>;
}): { row: SymbolRow; rank: number; classWeight: number }[] {
  // The classes in play, the likeliest first: met in the order of the candidates' scores, the first
  // `PICKED_CLASSES` of them are those whose best candidate scores highest.
  const classes = new Map<string, { row: SymbolRow; weight: number }>();
  const consider = (row: SymbolRow, weight: number) => {
    const key = `${row.fileId}:${row.startLine}`;
    if (!classes.has(key)) classes.set(key, { row, weight });
  };
  for (const { row, weight } of ranked) {
    if (classes.size >= PICKED_CLASSES) break;
    if (row.kind === 'class') consider(row, weight);
    else if (row.parent && row.kind === 'method') {
      const owner = cachedSymbolsNamed(cache, store, [row.parent]).find(
        (candidate) =>
          candidate.kind === 'class' &&
          candidate.fileId === row.fileId &&
          candidate.startLine < row.startLine &&
          candidate.endLine >= row.endLine,
      );
      if (owner) consider(owner, weight);
    }
  }
  const graph = loadReferenceGraph(store);
  const seen = new Set(ranked.map(({ row }) => row));
  const picks: { row: SymbolRow; rank: number; classWeight: number }[] = [];
  for (const { row, weight } of classes.values()) {
    cachedMembersOf(cache, store, row)
      .filter(
        (member) =>
          member.kind === 'method' &&
          !CONSTRUCTORS.has(member.name) &&
          !weights.has(member.name) &&
          !seen.has(member),
      )
      .map((member) => ({ member, uses: nameUses(graph, member.name) }))
      .filter(({ uses }) => uses > 0)
      .sort((a, b) => b.uses - a.uses || a.member.startLine - b.member.startLine)
      .slice(0, MEMBER_PICKS)
      .forEach(({ member }, rank) => {
        seen.add(member);
        picks.push({ row: member, rank, classWeight: weight });
      });
  }
  return picks;
}
