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
}

/** Column weights for bm25(): a hit in the symbol name beats one in the path beats one in the body. */
const WEIGHTS = '8.0, 2.0, 1.0';

/**
 * BM25 over the chunks (FTS5), with camelCase/snake_case identifiers split on both sides so `getUserName`
 * matches "user name". Any term may match; chunks matching more (and rarer) terms rank first.
 */
export function searchChunks(store: IndexStore, query: string, options: SearchOptions = {}): SearchHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const k = options.k ?? 10;
  const excluded = options.excludePaths;
  const limit = excluded && excluded.size > 0 ? k * 4 + 20 : k;
  const rows = store.db
    .prepare(
      `select c.id as chunkId, f.path, c.start_line as startLine, c.end_line as endLine,
              -bm25(chunks_fts, ${WEIGHTS}) as score, c.symbol, c.kind, c.text
         from chunks_fts
         join chunks c on c.id = chunks_fts.rowid
         join files f on f.id = c.file_id
        where chunks_fts match ?
        order by bm25(chunks_fts, ${WEIGHTS})
        limit ?`,
    )
    .all(ftsQuery(terms), limit) as SearchHit[];
  const hits = excluded ? rows.filter((row) => !excluded.has(row.path)) : rows;
  return hits.slice(0, k);
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
