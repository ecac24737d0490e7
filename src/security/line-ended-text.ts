import type { Finding } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import { EDITOR_LINE_ENDS, LineIndex } from '../core/line-index.js';
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

/**
 * Where a finding placed on the lines of `lineEnded` (the file's `lineEndedText`) stands on the lines an editor
 * shows (`EDITOR_LINE_ENDS`), or null when the two count alike. They differ in a JavaScript or TypeScript text
 * holding U+2028 or U+2029 outside a string: V8, tsc and vouch's engine end a line there (a `//` comment ends
 * with it), an editor, the language server's positions and `grep -n` do not, so a sink after one was reported a
 * line low in the CLI and sat a line low in the editor (w124). `lineEnded` keeps offsets one for one, so the
 * place is the same character; only its line and column are counted again.
 */
export function editorPlacer(source: string, lineEnded: string): ((finding: Finding) => Finding) | null {
  if (!hasSeparators(source)) return null;
  const engine = new LineIndex(lineEnded);
  const editor = new LineIndex(source, EDITOR_LINE_ENDS);
  // the engine's line ends are the editor's and those separators (Python's and other languages' never more):
  // no more lines than the editor's, none moved (a separator inside a string, or a language the engine does not read)
  if (engine.starts.length <= editor.starts.length) return null;
  /** the editor's 1-based line and column of the engine's, or undefined past the text */
  const place = (line: number, column: number): [number, number] | undefined => {
    const start = engine.starts[line - 1];
    if (start === undefined || column < 1) return undefined;
    const { row, column: at } = editor.position(start + column - 1);
    return [row + 1, at + 1];
  };
  return (finding) => {
    const start = place(finding.line, finding.column);
    if (!start) return finding;
    const end =
      finding.endLine !== undefined && finding.endColumn !== undefined
        ? place(finding.endLine, finding.endColumn)
        : undefined;
    return {
      ...finding,
      line: start[0],
      column: start[1],
      ...(end ? { endLine: end[0], endColumn: end[1] } : {}),
    };
  };
}
