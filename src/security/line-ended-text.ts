import type { LanguageId } from '../core/languages.js';
import { parse } from '../syntax/parser.js';
import { hasSeparators, outsideStrings } from './engine/analysis-text.js';
import { ruleLanguage } from './engine/analyze.js';

/**
 * `source` with each line end its language reads written as `\n`, one character for one, so offsets and
 * columns stay and `split('\n')` gives the lines the language counts (a `\r\n` keeps its `\r`, as before).
 * The engine has counted lines so since w94 (engine/analysis-text.ts): Python ends a line at a lone `\r`,
 * JavaScript and TypeScript at a lone `\r` and at U+2028/U+2029 outside string literals. The secrets
 * detector, the bidi check, the suppression comments and the text report's excerpts read lines from this
 * text, so a finding's line is the engine's and a comment covers only the lines it is on and above as the
 * language reads them (w104). Other languages, and text of no language, are returned as they are: lines end
 * at `\n` there, as before.
 *
 * Asynchronous only for a JavaScript or TypeScript text holding U+2028 or U+2029: which of them stand in a
 * string takes a parse (the engine's own rule, `outsideStrings`). Returns `source` itself when nothing
 * changes.
 */
export async function lineEndedText(source: string, language: LanguageId | undefined): Promise<string> {
  const text = crLineEnded(source, language);
  if (!language || ruleLanguage(language) !== 'javascript' || !hasSeparators(text)) return text;
  const tree = await parse(language, text);
  try {
    const strings = tree.rootNode
      .descendantsOfType(['string', 'template_string'])
      .map((node) => [node.startIndex, node.endIndex] as const);
    return outsideStrings(text, strings);
  } finally {
    tree.delete();
  }
}

/**
 * `source` with each lone `\r` as `\n` for a language the engine reads (Python, JavaScript, TypeScript):
 * what Python itself reads (its tokenizer's universal newlines), so the whole of Python's line ends.
 */
export function crLineEnded(source: string, language: LanguageId | undefined): string {
  if (!language || !ruleLanguage(language) || !source.includes('\r')) return source;
  return source.replace(LONE_CR, '\n');
}

const LONE_CR = /\r(?!\n)/g;
