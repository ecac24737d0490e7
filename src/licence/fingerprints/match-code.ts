import type { LanguageId } from '../../core/languages.js';
import { fingerprintSource } from './fingerprint-source.js';
import type { FingerprintStore } from './fingerprint-store.js';

/** One stretch of the checked code that matches a stretch of a corpus file. */
export interface MatchRegion {
  /** lines in the checked code (1-based, inclusive) */
  lines: [number, number];
  /** lines in the corpus file */
  sourceLines: [number, number];
  /** characters of code in the stretch (whitespace and comments not counted) */
  chars: number;
}

export interface CodeMatch {
  corpus: string;
  licence: string;
  /** the corpus file, relative to the corpus folder */
  file: string;
  /** absolute path of the corpus file as registered */
  path: string;
  regions: MatchRegion[];
  /** characters of the checked code covered by these regions */
  matchedChars: number;
  /** matchedChars / all characters of code in the checked text, 0–1 */
  share: number;
}

export interface MatchOptions {
  /** shortest stretch reported, in characters of code */
  minChars: number;
  /**
   * a fingerprint found in more files than this is boilerplate every project has (license headers turned
   * into code, `if __name__ == …`), not evidence of copying; it is ignored
   */
  maxPostings?: number;
  /** most matches returned, best first */
  limit?: number;
}

interface Hit {
  queryPosition: number;
  corpusPosition: number;
  startLine: number;
  endLine: number;
}

/** Tokens a stretch may skip between two fingerprints and still be one copy (inserted lines, edits). */
const GAP_TOKENS = 80;
const MIN_CHAIN = 2;

/**
 * Matches code against the fingerprint index. Hits are grouped by corpus file and chained into regions:
 * consecutive fingerprints that are close in the checked code and in the same order and distance in the
 * corpus file (a reordered function is simply a separate region). A region needs two fingerprints in step;
 * a corpus file is reported when its regions cover at least `minChars` of the checked code, so a shared
 * idiom of a line or two is never reported, while a copy whose functions were shuffled still is.
 */
export function matchCode(
  store: FingerprintStore,
  { code, language }: { code: string; language: LanguageId },
  options: MatchOptions,
): CodeMatch[] {
  const { tokens, fingerprints, options: winnowOptions } = fingerprintSource(code, language);
  if (fingerprints.count === 0) return [];
  const k = winnowOptions.k;
  const maxPostings = options.maxPostings ?? 200;
  const hitsByFile = new Map<number, Hit[]>();
  const seenHashes = new Set<number>();
  for (let i = 0; i < fingerprints.count; i++) {
    const hash = fingerprints.hashes[i]!;
    const queryPosition = fingerprints.positions[i]!;
    const rows = store.postings(hash, maxPostings + 1);
    if (rows.length > maxPostings) continue;
    seenHashes.add(hash);
    for (const row of rows) {
      let hits = hitsByFile.get(row.fileId);
      if (!hits) {
        hits = [];
        hitsByFile.set(row.fileId, hits);
      }
      hits.push({
        queryPosition,
        corpusPosition: row.position,
        startLine: row.startLine,
        endLine: row.endLine,
      });
    }
  }
  // prefix sums of code characters per token, for region sizes
  const weightPrefix = new Float64Array(tokens.count + 1);
  for (let i = 0; i < tokens.count; i++) weightPrefix[i + 1] = weightPrefix[i]! + tokens.weights[i]!;
  const totalChars = weightPrefix[tokens.count]!;
  const charsOf = (from: number, to: number): number =>
    weightPrefix[Math.min(to, tokens.count)]! - weightPrefix[from]!;

  const candidates: {
    fileId: number;
    regions: MatchRegion[];
    spans: [number, number][];
    matchedChars: number;
  }[] = [];
  for (const [fileId, hits] of hitsByFile) {
    if (hits.length < 2) continue;
    hits.sort((a, b) => a.queryPosition - b.queryPosition || a.corpusPosition - b.corpusPosition);
    const regions: MatchRegion[] = [];
    const spans: [number, number][] = [];
    // chain greedily: each hit extends the open chain whose last hit it follows most closely
    const chains: Hit[][] = [];
    for (const hit of hits) {
      let best: Hit[] | undefined;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const chain of chains) {
        const last = chain[chain.length - 1]!;
        const dq = hit.queryPosition - last.queryPosition;
        const dc = hit.corpusPosition - last.corpusPosition;
        if (dq <= 0 || dc <= 0 || dq > GAP_TOKENS || dc > GAP_TOKENS) continue;
        const distance = Math.abs(dq - dc);
        if (distance < bestDistance) {
          best = chain;
          bestDistance = distance;
        }
      }
      if (best) best.push(hit);
      else chains.push([hit]);
    }
    for (const chain of chains) {
      // one fingerprint alone is a k-gram that happens to be shared; two in step are a copied stretch
      if (chain.length < MIN_CHAIN) continue;
      const from = chain[0]!.queryPosition;
      const to = chain[chain.length - 1]!.queryPosition + k;
      // Only tokens inside matched k-grams count: in an identical stretch consecutive fingerprints are
      // less than k apart (w < k), so their k-grams overlap and cover it; a gap means unmatched code.
      const hitSpans = chain.map((hit): [number, number] => [hit.queryPosition, hit.queryPosition + k]);
      const chars = unionChars(hitSpans, charsOf);
      spans.push(...hitSpans);
      regions.push({
        lines: [tokens.lines[from]!, tokens.endLines[Math.min(to, tokens.count) - 1]!],
        sourceLines: [
          Math.min(...chain.map((hit) => hit.startLine)),
          Math.max(...chain.map((hit) => hit.endLine)),
        ],
        chars: Math.round(chars),
      });
    }
    if (regions.length === 0) continue;
    const matchedChars = unionChars(spans, charsOf);
    if (matchedChars < options.minChars) continue;
    candidates.push({ fileId, regions, spans, matchedChars });
  }
  candidates.sort((a, b) => b.matchedChars - a.matchedChars);
  return candidates.slice(0, options.limit ?? 20).map((candidate) => {
    const row = store.describeFile(candidate.fileId)!;
    return {
      corpus: row.corpus,
      licence: row.licence,
      file: row.file,
      path: `${row.root}/${row.file}`,
      regions: candidate.regions.sort((a, b) => a.lines[0] - b.lines[0]),
      matchedChars: Math.round(candidate.matchedChars),
      share: totalChars > 0 ? Number((candidate.matchedChars / totalChars).toFixed(3)) : 0,
    };
  });
}

function unionChars(spans: [number, number][], charsOf: (from: number, to: number) => number): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = sorted[0]!;
  for (const [start, end] of sorted.slice(1)) {
    if (start <= to) to = Math.max(to, end);
    else {
      total += charsOf(from, to);
      [from, to] = [start, end];
    }
  }
  return total + charsOf(from, to);
}
