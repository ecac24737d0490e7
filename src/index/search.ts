import { ftsQuery, queryTerms } from './identifiers.js';
import type { IndexStore } from './index-store.js';

export interface SearchHit {
  chunkId: number;
  path: string;
  startLine: number;
  endLine: number;
  /** higher is better; BM25 (negated) for lexical search, a fused score for hybrid search */
  score: number;
  symbol: string | null;
  kind: string;
  text: string;
}

export interface SearchOptions {
  k?: number;
  /** leave out chunks of these paths */
  excludePaths?: ReadonlySet<string>;
  /**
   * leave out terms most chunks contain when rarer ones remain: much faster for long queries of
   * identifiers (context assembly), at some cost in ranking for short queries a person typed
   */
  skipCommonTerms?: boolean;
}

/**
 * BM25 over the chunks (FTS5), with camelCase/snake_case identifiers split on both sides so `getUserName`
 * matches "user name". Any term may match; chunks matching more (and rarer) terms rank first.
 */
export function searchChunks(store: IndexStore, query: string, options: SearchOptions = {}): SearchHit[] {
  const terms = options.skipCommonTerms ? withoutCommonTerms(store, queryTerms(query)) : queryTerms(query);
  if (terms.length === 0) return [];
  const k = options.k ?? 10;
  const excluded = options.excludePaths;
  const limit = excluded && excluded.size > 0 ? k * 4 + 20 : k;
  const rows = store.searchChunks(ftsQuery(terms), limit);
  const hits = excluded ? rows.filter((row) => !excluded.has(row.path)) : rows;
  return hits.slice(0, k);
}

/** A term in more than this share of the chunks adds little to BM25 (its IDF is near zero) but costs a long scan. */
const COMMON_TERM_SHARE = 0.08;
const documentFrequencies = new WeakMap<
  IndexStore,
  { version: number; chunks: number; df: Map<string, number> }
>();

/**
 * The query's terms without those most chunks contain (`get`, `name`, `self`…), when rarer ones remain:
 * each OR-ed term costs a scan of its posting list, and the common ones barely change the ranking.
 * Document frequencies come from FTS5's own vocabulary table and are cached per index version.
 */
function withoutCommonTerms(store: IndexStore, terms: string[]): string[] {
  if (terms.length < 2) return terms;
  let cache = documentFrequencies.get(store);
  if (!cache || cache.version !== store.version) {
    cache = { version: store.version, chunks: store.chunkCount(), df: new Map() };
    documentFrequencies.set(store, cache);
  }
  const limit = Math.max(50, cache.chunks * COMMON_TERM_SHARE);
  const rare = terms.filter((term) => {
    let df = cache.df.get(term);
    if (df === undefined) {
      // The vocabulary holds porter stems; an unstemmed miss counts as rare, which only costs speed.
      df = store.termDocumentCount(term);
      cache.df.set(term, df);
    }
    return df <= limit;
  });
  return rare.length > 0 ? rare : terms;
}

/** Reciprocal-rank fusion of several rankings (k = 60, as in Cormack et al.): robust to score scales. */
export function reciprocalRankFusion(rankings: readonly SearchHit[][], k = 60): SearchHit[] {
  const fused = new Map<number, { hit: SearchHit; score: number }>();
  for (const ranking of rankings) {
    ranking.forEach((hit, rank) => {
      const entry = fused.get(hit.chunkId) ?? { hit, score: 0 };
      entry.score += 1 / (k + rank + 1);
      fused.set(hit.chunkId, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score).map(({ hit, score }) => ({ ...hit, score }));
}
