/**
 * The BM25 baseline of the context-quality benchmark (issue 45): plain lexical retrieval, as a careful
 * "search the index for what the cursor's code mentions" context would do it, on the same budget and with
 * the same packing as the other methods.
 *
 * - The query is the identifiers of the cursor window (the function's signature among them), nearest the
 *   cursor first, up to 40; the index's own search splits and weighs them (`searchChunks`).
 * - Chunks come from other files only: the context is cross-file, the window already shows the cursor's
 *   file, and import resolution leaves that file out too. (Before, a quarter to two fifths of the budget
 *   went to chunks of the cursor's own file, which no target can be found in.)
 * - The budget is spent as vouch and import resolution spend it (`signaturesFirst`): the signatures of
 *   the definitions the ranked chunks hold, in rank order, each file's under one heading; then those
 *   definitions in full, while they fit. (Before, whole chunks in rank order, cut at 700 tokens: five
 *   or six definitions per task where the others show dozens of signatures.)
 * - As many hits as it takes to fill the budget: signatures are small, so 40 chunks left it half spent.
 */

import { type IndexStore, searchChunks } from '../../src/index/index.js';
import { type Definition, type Piece, signaturesFirst } from './import-baseline.js';

/** The most identifiers in the query, and the most chunks read (far more than 2,000 tokens of signatures need). */
const QUERY_IDENTIFIERS = 40;
const HITS = 200;

/** The window's identifiers, nearest the cursor first: the query a lexical retriever has at the cursor. */
export function windowQuery(window: { startLine: number; source: string }, cursorLine: number): string {
  const ordered = window.source
    .split('\n')
    .map((text, index) => ({ text, distance: Math.abs(window.startLine + index - cursorLine) }))
    .sort((a, b) => a.distance - b.distance);
  const seen = new Set<string>();
  for (const { text } of ordered) {
    for (const match of text.matchAll(/[A-Za-z_$][\w$]{2,}/g)) seen.add(match[0]);
    if (seen.size >= QUERY_IDENTIFIERS) break;
  }
  return [...seen].slice(0, QUERY_IDENTIFIERS).join(' ');
}

/**
 * The definitions BM25 offers at the cursor, best chunk first (within a chunk, in the file's order): the
 * definitions (`definitionsIn`: the index's tags starting within those lines) of the chunks that match the
 * window's identifiers, from files other than the cursor's.
 */
export function bm25Definitions(
  store: IndexStore,
  window: { path: string; startLine: number; source: string },
  cursorLine: number,
  definitionsIn: (path: string, startLine: number, endLine: number) => Definition[],
): Definition[] {
  const hits = searchChunks(store, windowQuery(window, cursorLine), {
    k: HITS,
    skipCommonTerms: true,
    excludePaths: new Set([window.path]),
  });
  const out: Definition[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    for (const definition of definitionsIn(hit.path, hit.startLine, hit.endLine)) {
      const key = `${definition.path}:${definition.startLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(definition);
    }
  }
  return out;
}

/** What the baseline reads of the tree besides the index's search: its tags and its files' lines. */
export interface TreeTags {
  definitionsIn(path: string, startLine: number, endLine: number): Definition[];
  linesOf(path: string): readonly string[];
}

/** The BM25 baseline's context at the cursor: `bm25Definitions`, signatures first, within `budget` tokens. */
export function bm25Context(
  store: IndexStore,
  root: string,
  window: { path: string; startLine: number; source: string },
  cursorLine: number,
  budget: number,
  snippetLimit: number,
  tree: TreeTags,
): Promise<Piece[]> {
  const definitions = bm25Definitions(store, window, cursorLine, (path, startLine, endLine) =>
    tree.definitionsIn(path, startLine, endLine),
  );
  return signaturesFirst(root, definitions, (path) => tree.linesOf(path), budget, snippetLimit);
}
