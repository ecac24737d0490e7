import { hybridSearch } from '../../index/embeddings.js';
import type { IndexStore } from '../../index/index-store.js';
import type { LanguageModel } from '../../model/types.js';
import { type Candidate, MAX_SNIPPET_TOKENS, snippet } from './candidate.js';

export interface RetrievalOptions {
  /** for hybrid retrieval when the index has vectors from this model */
  embedModel?: LanguageModel | undefined;
  /** score of the best match; lower ranks get less */
  weight: number;
  /** each match is cut to this many tokens */
  maxTokens?: number | undefined;
  /** what the query is, for the reason; by default the query itself (quoted, cut to 60 characters) */
  queryLabel?: string | undefined;
  /** told why, when the embedding endpoint failed and retrieval fell back to BM25 */
  onEmbedFailure?: (message: string) => void;
}

/**
 * The best chunks for the words of the request and the identifiers near the cursor: BM25, or hybrid
 * (BM25 + vectors) when an embedding model is given. An embedding endpoint that fails (down, refusing,
 * timing out) costs the vectors only: retrieval answers by BM25 and `onEmbedFailure` says why.
 */
export async function retrievedCandidates(
  store: IndexStore,
  query: string,
  options: RetrievalOptions,
): Promise<Candidate[]> {
  if (!query.trim()) return [];
  let embedModel = options.embedModel;
  const search = { k: 30, skipCommonTerms: true };
  let hits: Awaited<ReturnType<typeof hybridSearch>>;
  try {
    hits = await hybridSearch(store, query, { ...search, ...(embedModel ? { embedModel } : {}) });
  } catch (error) {
    if (!embedModel) throw error;
    const why = ((error as Error).message ?? String(error)).split('\n')[0]!.slice(0, 200);
    options.onEmbedFailure?.(
      `embedding the query with ${embedModel.id} failed (${why}); retrieval used BM25 and the symbol graph only`,
    );
    embedModel = undefined;
    hits = await hybridSearch(store, query, search);
  }
  const label = options.queryLabel ?? `"${shortened(query)}"`;
  return hits.map((hit, rank) =>
    snippet(hit, {
      kind: 'retrieved',
      text: hit.text,
      reason: `${embedModel ? 'hybrid (BM25 + vectors)' : 'BM25'} match #${rank + 1} for ${label}${hit.symbol ? ` (${hit.symbol})` : ''}`,
      score: options.weight / (1 + rank / 3),
      maxTokens: options.maxTokens ?? MAX_SNIPPET_TOKENS,
    }),
  );
}

/**
 * The request as a reason quotes it: its first 57 characters, cut at a space where there is one, so a
 * word (a key, a password) is quoted whole or not at all: a whole value is found again by the redaction of
 * what is stored, a cut one would not be.
 */
function shortened(query: string): string {
  if (query.length <= 60) return query;
  const space = query.lastIndexOf(' ', 57);
  return `${query.slice(0, space > 20 ? space : 57)}…`;
}

/** An outline (signatures) of each recently edited file: what changed lately is likely to matter. */
export function recentCandidates(store: IndexStore, recentFiles: readonly string[]): Candidate[] {
  return recentFiles.slice(0, 5).flatMap((path, index) => {
    const rows = store.fileOutline(path, 60);
    if (rows.length === 0) return [];
    const text = rows.map((row) => `${row.parent ? '    ' : ''}${row.signature}`).join('\n');
    const range = { path, startLine: rows[0]!.startLine, endLine: rows[rows.length - 1]!.startLine };
    return [
      snippet(range, {
        kind: 'recent',
        text,
        reason: 'recently edited file (outline)',
        score: 0.5 / (index + 1),
      }),
    ];
  });
}
