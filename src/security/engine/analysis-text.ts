import type { RuleLanguage } from '../rule-schema.js';

/**
 * The text the triggers, the parser and the engine read: the source as the language's own tokenizer reads
 * it where tree-sitter's grammars read it otherwise (issue 59, review r18, w94). Unchanged, and not copied,
 * for a file with none of the characters concerned.
 *
 * - Line ends. Python ends a line at a lone `\r` (CPython's tokenizer; checked with `ast` on 3.11: U+2028,
 *   U+2029, `\f`, `\v` and U+0085 do not end a comment); JavaScript at a lone `\r`, U+2028 and U+2029.
 *   Tree-sitter's comment runs past them, so `# note\r os.system(…)` hid a call Python runs. Each becomes
 *   `\n`, one for one, so offsets stay; lines are counted as the language counts them (Node's and Python's
 *   line numbers; VS Code shows a lone `\r` as a line break too, vim as `^M` on one line). U+2028/U+2029 inside
 *   a JavaScript string are part of the string (ES2019): `outsideStrings` leaves those alone.
 * - Identifiers. Python reads identifiers NFKC-normalised (`os.ｓｙｓｔｅｍ` is `os.system`); JavaScript reads
 *   `\u0065` and `\u{65}` in an identifier as the letter. Words holding non-ASCII letters are NFKC-normalised
 *   (Python), and escapes that stand for an identifier character are decoded (JavaScript: in a string or a
 *   regular expression the escape and the letter are the same value). Lines stay; columns after such a word
 *   on its line may move.
 */
export function analysisText(source: string, family: RuleLanguage): string {
  let text = source;
  if (text.includes('\r')) text = text.replace(LONE_CR, '\n');
  if (family === 'python') {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: any character past ASCII
    if (/[^\x00-\x7f]/.test(text))
      text = text.replace(WORD, (word) => (ASCII.test(word) ? word : word.normalize('NFKC')));
    return text;
  }
  if (text.includes('\\u'))
    text = text.replace(IDENTIFIER_ESCAPE, (whole, ...groups: (string | undefined)[]) => {
      const [backslashes = '', four, braced] = groups;
      const code = Number.parseInt(four ?? braced ?? '', 16);
      // past U+10FFFF it is a syntax error in JavaScript: left as written
      const char = code <= 0x10ffff ? String.fromCodePoint(code) : '';
      return IDENTIFIER_PART.test(char) ? `${backslashes}${char}` : whole;
    });
  return text;
}

/** Whether a JavaScript text holds U+2028 or U+2029, line ends outside strings (`outsideStrings`). */
export function hasSeparators(text: string): boolean {
  return /[\u2028\u2029]/.test(text);
}

/**
 * `text` with each U+2028/U+2029 outside the given string literals (`[start, end)` offsets, from a first
 * parse) as `\n`: there JavaScript ends the line, and a `//` comment with it.
 */
export function outsideStrings(text: string, strings: readonly (readonly [number, number])[]): string {
  const sorted = [...strings].sort((a, b) => a[0] - b[0]);
  let index = 0;
  return text.replace(/[\u2028\u2029]/g, (char, offset: number) => {
    while (index < sorted.length && sorted[index]![1] <= offset) index++;
    const inside = index < sorted.length && sorted[index]![0] <= offset;
    return inside ? char : '\n';
  });
}

const LONE_CR = /\r(?!\n)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII only
const ASCII = /^[\x00-\x7f]*$/;
const WORD = /[\p{ID_Start}\p{ID_Continue}]+/gu;
/** `\uXXXX` or `\u{X…}` whose backslash is not itself escaped */
const IDENTIFIER_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/g;
const IDENTIFIER_PART = /^[\p{ID_Continue}$\u200c\u200d]$/u;

/**
 * The line an editor shows (from 1) for each line of `separated`, which is `before` with some U+2028/U+2029 made
 * `\n` by `outsideStrings` (one for one): an editor, the language server and `grep -n` end no line there (w124).
 * The lines a finding's message names (where the data came from, the call that brought it) are counted so; the
 * finding's own place is moved after the scan's suppressions (`scanSources`).
 */
export function editorLineOf(before: string, separated: string): (line: number) => number {
  /** how many of the line ends before each line of `separated` were separators */
  const converted = [0];
  for (let at = separated.indexOf('\n'); at >= 0; at = separated.indexOf('\n', at + 1))
    converted.push(converted[converted.length - 1]! + (before[at] === '\n' ? 0 : 1));
  return (line) => line - (converted[line - 1] ?? 0);
}
