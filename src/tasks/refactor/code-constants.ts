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

/** Exponents and shifts past these make numbers no caller sends (and a `10 ** 10 ** 10` that never ends). */
const MAX_EXPONENT = 64;
const MAX_SHIFT = 63;

const BINARY_NODES = new Set(['binary_operator', 'binary_expression']);
const UNARY_NODES = new Set(['unary_operator', 'unary_expression']);

/**
 * The value of an expression of number literals alone (`3 ** 17`, `24 * 60 * 60`, `-(2 ** 31)`), worked out
 * here with the language's own rules for `//`, `%` and `/`: `x == 3 ** 17` differs only at 129140163, which
 * the literals 3 and 17 and their neighbours never reach. Names, calls and strings make it unknown, and so
 * does a result a double cannot hold exactly (an integer past 2^53).
 */
function constantValue(node: SyntaxNode, language: LanguageId): number | undefined {
  if (NUMBER_NODES.has(node.type)) return numberOf(node.text);
  if (node.type === 'parenthesized_expression')
    return node.namedChildCount === 1 && node.namedChildren[0]
      ? constantValue(node.namedChildren[0], language)
      : undefined;
  if (UNARY_NODES.has(node.type)) {
    const operand = node.childForFieldName('operand') ?? node.childForFieldName('argument');
    const operator = node.childForFieldName('operator')?.text ?? node.child(0)?.text;
    const value = operand ? constantValue(operand, language) : undefined;
    if (value === undefined) return undefined;
    if (operator === '-') return -value;
    if (operator === '+') return value;
    if (operator === '~' && Number.isSafeInteger(value)) return -value - 1;
    return undefined;
  }
  if (!BINARY_NODES.has(node.type)) return undefined;
  const leftNode = node.childForFieldName('left');
  const rightNode = node.childForFieldName('right');
  const operator = node.childForFieldName('operator')?.text;
  if (!leftNode || !rightNode || !operator) return undefined;
  const left = constantValue(leftNode, language);
  const right = constantValue(rightNode, language);
  if (left === undefined || right === undefined) return undefined;
  const integers = Number.isInteger(left) && Number.isInteger(right);
  const python = language === 'python';
  let value: number | undefined;
  switch (operator) {
    case '+':
      value = left + right;
      break;
    case '-':
      value = left - right;
      break;
    case '*':
      value = left * right;
      break;
    case '/':
      value = right === 0 ? undefined : left / right;
      break;
    case '//':
      value = right === 0 ? undefined : Math.floor(left / right);
      break;
    case '%':
      // Python's remainder takes the divisor's sign, JavaScript's the dividend's
      value = right === 0 ? undefined : python ? left - right * Math.floor(left / right) : left % right;
      break;
    case '**':
      value = Math.abs(right) > MAX_EXPONENT ? undefined : left ** right;
      break;
    case '<<':
    case '>>':
      if (!integers || right < 0 || right > MAX_SHIFT) return undefined;
      // JavaScript's shifts work on 32 bits; Python's integers have no width
      if (!python) value = operator === '<<' ? left << right : left >> right;
      else value = operator === '<<' ? left * 2 ** right : Math.floor(left / 2 ** right);
      break;
    default:
      return undefined;
  }
  if (value === undefined || !Number.isFinite(value)) return undefined;
  if (integers && operator !== '/' && !Number.isSafeInteger(value)) return undefined;
  return value;
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
        if ((BINARY_NODES.has(node.type) || UNARY_NODES.has(node.type)) && numbers.size < MAX_NUMBERS) {
          const value = constantValue(node, language);
          // the literals inside are visited too: the operands stay candidates of their own
          if (value !== undefined) numbers.add(value);
        }
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
