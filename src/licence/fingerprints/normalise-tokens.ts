import type { LanguageId } from '../../core/languages.js';
import { KEYWORD_ALIASES, keywordsFor } from './keywords.js';

/**
 * The normalised token stream winnowing runs over: identifiers lose their names (each becomes "a name
 * last seen n names ago", see below), string and number literals become one symbol each, keywords and operators stay; whitespace, comments, `;` and `,` disappear (so
 * reformatting, renaming, re-quoting, trailing commas and optional semicolons change nothing).
 *
 * A hand-written lexer rather than tree-sitter leaves: tree-sitter (WASM) parsed and walked about
 * 1–2 MB/s here, below the 5 MB/s fingerprinting needs for indexing a large corpus (see bench/licence);
 * this lexer only has to find comments, strings and word boundaries, which it does per language family.
 */
export interface TokenStream {
  /** a 32-bit code per token (stable across runs: it goes into the index) */
  codes: Int32Array;
  /** offset of the token's first character */
  starts: Int32Array;
  /** 1-based line of the token's first and last character */
  lines: Int32Array;
  endLines: Int32Array;
  /** characters of code the token stands for (literals capped, so a long string is not a long copy) */
  weights: Int32Array;
  count: number;
}

type CommentStyle = 'hash' | 'c' | 'lua' | 'c-hash';

const COMMENT_STYLE: Record<LanguageId, CommentStyle> = {
  python: 'hash',
  ruby: 'hash',
  bash: 'hash',
  php: 'c-hash',
  lua: 'lua',
  javascript: 'c',
  typescript: 'c',
  tsx: 'c',
  go: 'c',
  java: 'c',
  rust: 'c',
  c: 'c',
  cpp: 'c',
  csharp: 'c',
  kotlin: 'c',
  swift: 'c',
  scala: 'c',
};

/** FNV-1a over a string: a stable code for keywords and operators. */
function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

const IDENTIFIER = fnv('<id>');
const STRING = fnv('<str>');
/** f-strings and `${}` templates: interpolation is code, and a copy keeps it (renaming does not remove it) */
const TEMPLATE = fnv('<template>');
const NUMBER = fnv('<num>');
const LITERAL_WEIGHT_CAP = 8;
/**
 * How far back (in names) a repeated name is linked to its previous use. Small enough that a snippet cut
 * out of a file, or a few inserted lines, only disturb the first uses after the cut.
 */
export const BACK_REFERENCE_LIMIT = 24;

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57);
}

const PYTHON_PREFIX = /^(r|u|b|f|br|rb|fr|rf)$/i;

export function normaliseTokens(
  source: string,
  language: LanguageId,
  backReferenceLimit = BACK_REFERENCE_LIMIT,
): TokenStream {
  const keywords = keywordsFor(language);
  const style = COMMENT_STYLE[language];
  const python = language === 'python';
  const rust = language === 'rust';
  const capacity = Math.max(16, Math.ceil(source.length / 3));
  let codes = new Int32Array(capacity);
  let starts = new Int32Array(capacity);
  let lines = new Int32Array(capacity);
  let endLines = new Int32Array(capacity);
  let weights = new Int32Array(capacity);
  let count = 0;
  let line = 1;
  const length = source.length;
  const keywordCodes = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  let ordinal = 1;

  const push = ({
    code,
    start,
    startLine,
    weight,
  }: {
    code: number;
    start: number;
    startLine: number;
    weight: number;
  }): void => {
    const previous = count > 0 ? codes[count - 1] : 0;
    if ((code === STRING || code === TEMPLATE) && (previous === STRING || previous === TEMPLATE)) {
      // 'a' 'b' (implicit concatenation, a string split over lines) is one literal
      if (code === TEMPLATE) codes[count - 1] = TEMPLATE;
      endLines[count - 1] = line;
      weights[count - 1] = Math.min(LITERAL_WEIGHT_CAP, weights[count - 1]! + weight);
      return;
    }
    if (count === codes.length) {
      const grow = (array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const bigger = new Int32Array(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      codes = grow(codes);
      starts = grow(starts);
      lines = grow(lines);
      endLines = grow(endLines);
      weights = grow(weights);
    }
    codes[count] = code;
    starts[count] = start;
    lines[count] = startLine;
    endLines[count] = line;
    weights[count] = weight;
    count++;
  };

  /** Skips a quoted literal starting at `i` (the quote); returns the index after it, counting lines. */
  const skipString = ({
    i,
    quote,
    triple,
    raw,
  }: {
    i: number;
    quote: number;
    triple: boolean;
    raw: boolean;
  }): number => {
    let j = triple ? i + 3 : i + 1;
    while (j < length) {
      const c = source.charCodeAt(j);
      if (c === 10) {
        line++;
        if (!triple && quote !== 96) return j; // an unterminated one-line string ends at the line
      } else if (c === 92 && !raw) {
        if (source.charCodeAt(j + 1) === 10) line++;
        j += 2;
        continue;
      } else if (c === quote) {
        if (!triple) return j + 1;
        if (source.charCodeAt(j + 1) === quote && source.charCodeAt(j + 2) === quote) return j + 3;
      }
      j++;
    }
    return length;
  };

  let i = 0;
  while (i < length) {
    const c = source.charCodeAt(i);
    // whitespace
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    // comments
    const next = source.charCodeAt(i + 1);
    if (
      ((style === 'hash' || style === 'c-hash') && c === 35) ||
      ((style === 'c' || style === 'c-hash') && c === 47 && next === 47) ||
      (style === 'lua' && c === 45 && next === 45 && source.charCodeAt(i + 2) !== 91)
    ) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? length : end;
      continue;
    }
    if ((style === 'c' || style === 'c-hash') && c === 47 && next === 42) {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? length : end + 2;
      for (let j = i; j < stop; j++) if (source.charCodeAt(j) === 10) line++;
      i = stop;
      continue;
    }
    if (style === 'lua' && c === 45 && next === 45) {
      const end = source.indexOf(']]', i + 2);
      const stop = end < 0 ? length : end + 2;
      for (let j = i; j < stop; j++) if (source.charCodeAt(j) === 10) line++;
      i = stop;
      continue;
    }
    const startLine = line;
    // strings
    if (c === 34 || c === 39 || c === 96) {
      if (rust && c === 39 && source.charCodeAt(i + 2) !== 39 && next !== 92) {
        // a Rust lifetime ('a), not a char literal
        push({ code: fnv("'"), start: i, startLine, weight: 1 });
        i++;
        continue;
      }
      const triple = python && next === c && source.charCodeAt(i + 2) === c;
      const end = skipString({ i, quote: c, triple, raw: c === 96 && language === 'go' });
      const interpolated = c === 96 && language !== 'go' && source.slice(i, end).includes('${');
      push({
        code: interpolated ? TEMPLATE : STRING,
        start: i,
        startLine,
        weight: Math.min(end - i, LITERAL_WEIGHT_CAP),
      });
      i = end;
      continue;
    }
    // numbers
    if ((c >= 48 && c <= 57) || (c === 46 && next >= 48 && next <= 57)) {
      let j = i + 1;
      while (j < length) {
        const d = source.charCodeAt(j);
        if (isIdentifierPart(d) || d === 46) j++;
        else if ((d === 43 || d === 45) && /[eE]/.test(source[j - 1]!)) j++;
        else break;
      }
      push({ code: NUMBER, start: i, startLine, weight: Math.min(j - i, LITERAL_WEIGHT_CAP) });
      i = j;
      continue;
    }
    // identifiers and keywords
    if (isIdentifierStart(c)) {
      let j = i + 1;
      while (j < length && isIdentifierPart(source.charCodeAt(j))) j++;
      const word = source.slice(i, j);
      const after = source.charCodeAt(j);
      if ((after === 34 || after === 39) && python && PYTHON_PREFIX.test(word)) {
        const triple = source.charCodeAt(j + 1) === after && source.charCodeAt(j + 2) === after;
        const end = skipString({ i: j, quote: after, triple, raw: /r/i.test(word) });
        push({
          code: /f/i.test(word) ? TEMPLATE : STRING,
          start: i,
          startLine,
          weight: Math.min(end - i, LITERAL_WEIGHT_CAP),
        });
        i = end;
        continue;
      }
      if (rust && word === 'r' && (after === 34 || after === 35)) {
        let hashes = 0;
        while (source.charCodeAt(j + hashes) === 35) hashes++;
        if (source.charCodeAt(j + hashes) === 34) {
          const close = `"${'#'.repeat(hashes)}`;
          const end = source.indexOf(close, j + hashes + 1);
          const stop = end < 0 ? length : end + close.length;
          for (let k = i; k < stop; k++) if (source.charCodeAt(k) === 10) line++;
          push({ code: STRING, start: i, startLine, weight: Math.min(stop - i, LITERAL_WEIGHT_CAP) });
          i = stop;
          continue;
        }
      }
      if (keywords.has(word)) {
        let code = keywordCodes.get(word);
        if (code === undefined) {
          code = fnv(KEYWORD_ALIASES[word] ?? word);
          keywordCodes.set(word, code);
        }
        push({ code, start: i, startLine, weight: j - i });
      } else {
        // Parameterised matching (Baker): a name is coded by how many names back it last appeared, which
        // survives consistent renaming but tells `a.x = x` from `a.x = y`.
        const previous = lastSeen.get(word);
        const distance = previous === undefined ? 0 : ordinal - previous;
        lastSeen.set(word, ordinal++);
        push({
          code:
            distance === 0 || distance > backReferenceLimit ? IDENTIFIER : IDENTIFIER + distance * 0x2545f491,
          start: i,
          startLine,
          weight: j - i,
        });
      }
      i = j;
      continue;
    }
    // punctuation: one token per character; `;` and `,` carry no structure a formatter cannot change
    if (c !== 59 && c !== 44) push({ code: c * 0x9e3779b1, start: i, startLine, weight: 1 });
    i++;
  }
  return {
    codes: codes.subarray(0, count),
    starts: starts.subarray(0, count),
    lines: lines.subarray(0, count),
    endLines: endLines.subarray(0, count),
    weights: weights.subarray(0, count),
    count,
  };
}
