import type { LanguageId } from '../../core/languages.js';
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
