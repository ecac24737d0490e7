import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * The constants a function's code is written around, from both versions of a refactor: the numbers it
 * compares with and counts to, and the strings it matches. A rewrite that moves a limit by one (`<` for
 * `<=`, `bisect_left` for `bisect_right`) differs only at the limit, which random inputs rarely hit: the
 * tester tries each number c as c−1, c, c+1 (issue 41). Read by parsing, never by running the code.
 */
export interface CodeConstants {
  numbers: number[];
  strings: string[];
}

/** At most this many of each: a module full of tables would otherwise crowd out the generated inputs. */
const MAX_NUMBERS = 40;
const MAX_STRINGS = 20;

const NUMBER_NODES = new Set(['integer', 'float', 'number']);
const STRING_CONTENT = new Set(['string_content', 'string_fragment']);

function numberOf(text: string): number | undefined {
  const clean = text.replace(/_/g, '').replace(/[nlLjJ]$/, '');
  const value = /^0[0-7]+$/.test(clean) ? Number.parseInt(clean, 8) : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

export async function codeConstants(
  sources: readonly { source: string; language: LanguageId }[],
): Promise<CodeConstants> {
  const numbers = new Set<number>();
  const strings = new Set<string>();
  for (const { source, language } of sources) {
    const tree = await parse(language, source);
    try {
      const visit = (node: SyntaxNode) => {
        if (NUMBER_NODES.has(node.type)) {
          const value = numberOf(node.text);
          if (value !== undefined && numbers.size < MAX_NUMBERS) {
            numbers.add(value);
            // `-1` is a unary minus and a literal: the negative is a constant of the code too
            if (node.parent && /unary/.test(node.parent.type) && node.parent.text.trim().startsWith('-'))
              numbers.add(-value);
          }
          return;
        }
        if (STRING_CONTENT.has(node.type) && node.text.length <= 200 && strings.size < MAX_STRINGS) {
          // a docstring is prose, not a value the code compares with
          const statement = node.parent?.parent;
          if (!(statement?.type === 'expression_statement' && statement.namedChildCount === 1))
            strings.add(node.text);
          return;
        }
        for (const child of node.namedChildren) visit(child);
      };
      visit(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
  return { numbers: [...numbers], strings: [...strings] };
}
