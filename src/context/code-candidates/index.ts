/**
 * The candidates of a context, before the budget picks among them (`assemble-context.ts`):
 * - `candidate.ts` — `Candidate` (unclipped, unmeasured), `measureCandidate`, `byPlace`;
 * - `row-cache.ts` — the index rows kept per store for the index's generation;
 * - `outline.ts` — a class as its header and its members' signatures;
 * - `definition-shape.ts` — what a definition's row shows, whatever the cursor;
 * - `definitions.ts` — the definitions of the names near the cursor, ranked (`member-picks.ts`: the most
 *   used members of the classes in play);
 * - `retrieval.ts` — BM25 or hybrid matches for the request, and the recently edited files.
 */
export { byPlace, type Candidate, measureCandidate, type Range } from './candidate.js';
export {
  definitionCandidates,
  inheritedClasses,
  type RankedDefinition,
  type RankingSignals,
} from './definitions.js';
export { signatureLineCount } from './outline.js';
export { type RetrievalOptions, recentCandidates, retrievedCandidates } from './retrieval.js';
export { referencesOf, symbolsNamedKept } from './row-cache.js';
