import type { LanguageId } from '../../core/languages.js';
import type { CorpusFileWrite } from './fingerprint-store.js';
import { normaliseTokens, type TokenStream } from './normalise-tokens.js';
import { DEFAULT_WINNOW, type Fingerprints, type WinnowOptions, winnow } from './winnow.js';

export interface SourceFingerprints {
  tokens: TokenStream;
  fingerprints: Fingerprints;
  options: WinnowOptions;
}

/** Tokens and winnowed fingerprints of one source text. */
export function fingerprintSource(
  source: string,
  language: LanguageId,
  options: WinnowOptions = DEFAULT_WINNOW,
): SourceFingerprints {
  const tokens = normaliseTokens(source, language);
  return { tokens, fingerprints: winnow(tokens, options), options };
}

/**
 * A tag for the index: fingerprints from a different lexer or different parameters never match, so a
 * store written with another tag must be re-indexed. Bump the lexer number when normalisation changes.
 */
export function fingerprintScheme(options: WinnowOptions = DEFAULT_WINNOW): string {
  return `lexer-2 k${options.k} w${options.window} d${options.minDistinct}`;
}

/** The store's row for one corpus file: its fingerprints with the lines each k-gram spans. */
export function corpusFileWrite(
  path: string,
  language: LanguageId,
  { tokens, fingerprints, options }: SourceFingerprints,
): CorpusFileWrite {
  const startLines = new Int32Array(fingerprints.count);
  const endLines = new Int32Array(fingerprints.count);
  for (let i = 0; i < fingerprints.count; i++) {
    const position = fingerprints.positions[i]!;
    startLines[i] = tokens.lines[position]!;
    endLines[i] = tokens.endLines[Math.min(position + options.k - 1, tokens.count - 1)]!;
  }
  return {
    path,
    language,
    lines: tokens.count > 0 ? tokens.endLines[tokens.count - 1]! : 0,
    tokens: tokens.count,
    hashes: fingerprints.hashes.subarray(0, fingerprints.count),
    positions: fingerprints.positions.subarray(0, fingerprints.count),
    startLines,
    endLines,
  };
}
