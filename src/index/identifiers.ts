/**
 * Identifier splitting for full-text search: FTS5's unicode61 tokenizer already splits snake_case on `_`,
 * but not camelCase, so `getUserName` would never match "user name". Each camelCase or PascalCase word
 * gets its parts appended; the original stays so an exact identifier still ranks first.
 * A word is a run of ASCII letters and digits that starts with a letter (the regular expression `[A-Za-z][A-Za-z0-9]*`).
 */

export function splitIdentifier(word: string): string[] {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .split(' ')
    .filter((part) => part.length > 0);
}

function isCompound(word: string): boolean {
  return /[a-z][A-Z]|[A-Z]{2}[a-z]|[A-Za-z][0-9]/.test(word);
}

/**
 * Whether the word at `text[start, end)` (ASCII letters and digits, a letter first) is compound, by
 * character codes: the same test as `isCompound` without a regular expression, or a string, per word
 * (the index splits every chunk's words).
 */
function isCompoundWord(text: string, start: number, end: number): boolean {
  let previous = text.charCodeAt(start);
  let beforePrevious = -1;
  for (let index = start + 1; index < end; index++) {
    const code = text.charCodeAt(index);
    const upper = code >= 65 && code <= 90;
    const lower = code >= 97 && code <= 122;
    const digit = code >= 48 && code <= 57;
    const previousUpper = previous >= 65 && previous <= 90;
    const previousLower = previous >= 97 && previous <= 122;
    if (previousLower && upper) return true;
    if (lower && previousUpper && beforePrevious >= 65 && beforePrevious <= 90) return true;
    if (digit && (previousUpper || previousLower)) return true;
    beforePrevious = previous;
    previous = code;
  }
  return false;
}

/** The parts of the text's compound identifiers, space-separated ('' when it has none). */
export function identifierParts(text: string): string {
  // One pass over character codes (the index splits every chunk's words): the words longer than three
  // characters that `isCompoundWord` accepts, cut where `splitIdentifier` cuts them (the same parts as
  // matching every word with a regular expression and splitting each, without a regular expression per word).
  let parts = '';
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (!isLetter(code)) {
      index++;
      continue;
    }
    let end = index + 1;
    while (end < length && isLetterOrDigit(text.charCodeAt(end))) end++;
    if (end - index > 3 && isCompoundWord(text, index, end)) {
      let from = index;
      for (let at = index + 1; at < end; at++) {
        const previous = text.charCodeAt(at - 1);
        const current = text.charCodeAt(at);
        const cut =
          (isUpper(current) && (isLower(previous) || isDigit(previous))) ||
          (isUpper(current) && isUpper(previous) && at + 1 < end && isLower(text.charCodeAt(at + 1))) ||
          (isDigit(current) && isLetter(previous));
        if (cut) {
          parts += parts ? ` ${text.slice(from, at)}` : text.slice(from, at);
          from = at;
        }
      }
      parts += parts ? ` ${text.slice(from, end)}` : text.slice(from, end);
    }
    index = end;
  }
  return parts;
}

const isUpper = (code: number) => code >= 65 && code <= 90;
const isLower = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;
const isLetter = (code: number) => isUpper(code) || isLower(code);
const isLetterOrDigit = (code: number) => isLetter(code) || isDigit(code);

/** The text plus the parts of its compound identifiers, ready for the FTS body column. */
export function expandIdentifiers(text: string, parts = identifierParts(text)): string {
  return parts ? `${text}\n${parts}` : text;
}

/** Search terms from a free query: words and identifiers, lower-cased, compounds split, deduplicated. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const match of query.matchAll(/[A-Za-z0-9]+/g)) {
    const word = match[0];
    terms.add(word.toLowerCase());
    if (isCompound(word)) for (const part of splitIdentifier(word)) terms.add(part.toLowerCase());
  }
  return [...terms].filter((term) => term.length > 1 && !STOP_WORDS.has(term));
}

/** An FTS5 MATCH expression: any term, each quoted so punctuation and keywords cannot break the syntax. */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '')}"`).join(' OR ');
}

const STOP_WORDS = new Set(
  'the a an and or of to in on for with is are be it this that by as at from into how what where which when do does use using self'.split(
    ' ',
  ),
);
