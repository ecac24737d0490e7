import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * Mutants made with tree-sitter: each is the source with one small change a test suite should notice.
 * Operators follow the mutation-testing literature (and PIT/mutmut/Stryker's defaults): arithmetic,
 * comparison (negated) and boundary (`<` ↔ `<=`), boolean operators and negation, constants, removed
 * statements, and returns. Only code inside the target's lines is mutated; a mutant that does not parse
 * is dropped, never run.
 */
export type MutantOperator =
  | 'arithmetic'
  | 'comparison'
  | 'boundary'
  | 'boolean'
  | 'constant'
  | 'statement'
  | 'return';

export interface Mutant {
  id: number;
  operator: MutantOperator;
  /** 1-based */
  line: number;
  column: number;
  original: string;
  replacement: string;
  /** `line 12: \`<\` → \`<=\` (boundary)` */
  description: string;
  /** the whole mutated source */
  source: string;
}

const ARITHMETIC: Record<string, string> = {
  '+': '-',
  '-': '+',
  '*': '/',
  '/': '*',
  '//': '*',
  '%': '*',
  '**': '*',
};
const BOUNDARY: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };
const NEGATION: Record<string, string> = {
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
  '==': '!=',
  '!=': '==',
  '===': '!==',
  '!==': '===',
  is: 'is not',
  'is not': 'is',
  in: 'not in',
  'not in': 'in',
};
const BOOLEAN: Record<string, string> = { and: 'or', or: 'and', '&&': '||', '||': '&&' };

interface Edit {
  operator: MutantOperator;
  start: number;
  end: number;
  replacement: string;
  node: SyntaxNode;
}

function operatorToken(node: SyntaxNode): SyntaxNode | null {
  const field = node.childForFieldName('operator');
  if (field) return field;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child && !child.isNamed) return child;
  }
  return null;
}

/** Python's `not in` / `is not` are two tokens: the operator text spans both. */
function comparisonOperators(node: SyntaxNode): { start: number; end: number; text: string }[] {
  const found: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child || child.isNamed) continue;
    const next = node.child(i + 1);
    if (next && !next.isNamed && ['not', 'is'].includes(child.type)) {
      found.push({ start: child.startIndex, end: next.endIndex, text: `${child.text} ${next.text}` });
      i++;
    } else found.push({ start: child.startIndex, end: child.endIndex, text: child.text });
  }
  return found;
}

function isDocstring(node: SyntaxNode): boolean {
  return node.type === 'expression_statement' && node.firstNamedChild?.type === 'string';
}

function constantReplacement(node: SyntaxNode, python: boolean): string | undefined {
  if (node.type === 'true') return python ? 'False' : 'false';
  if (node.type === 'false') return python ? 'True' : 'true';
  if (['integer', 'number', 'float'].includes(node.type)) {
    const value = Number(node.text.replace(/_/g, ''));
    if (!Number.isFinite(value)) return undefined;
    if (value === 0) return '1';
    if (value === 1) return '0';
    return Number.isInteger(value) ? String(value + 1) : String(value * 2);
  }
  return undefined;
}

function collect(node: SyntaxNode, python: boolean, edits: Edit[]): void {
  const type = node.type;
  if (type === 'binary_operator' || type === 'binary_expression') {
    const token = operatorToken(node);
    const text = token?.text ?? '';
    const swap = ARITHMETIC[text] ?? BOOLEAN[text];
    if (token && swap && !(text === '+' && isStringy(node))) {
      edits.push({
        operator: ARITHMETIC[text] ? 'arithmetic' : 'boolean',
        start: token.startIndex,
        end: token.endIndex,
        replacement: swap,
        node,
      });
    }
    if (token && (BOUNDARY[text] || NEGATION[text])) pushComparison(node, token, edits);
  } else if (type === 'boolean_operator') {
    const token = operatorToken(node);
    if (token && BOOLEAN[token.text])
      edits.push({
        operator: 'boolean',
        start: token.startIndex,
        end: token.endIndex,
        replacement: BOOLEAN[token.text] as string,
        node,
      });
  } else if (type === 'comparison_operator') {
    for (const token of comparisonOperators(node)) pushComparison(node, token, edits);
  } else if (type === 'not_operator' || (type === 'unary_expression' && operatorToken(node)?.text === '!')) {
    const argument = node.childForFieldName('argument') ?? node.lastNamedChild;
    if (argument)
      edits.push({
        operator: 'boolean',
        start: node.startIndex,
        end: node.endIndex,
        replacement: argument.text,
        node,
      });
  } else if (['true', 'false', 'integer', 'number', 'float'].includes(type)) {
    const replacement = constantReplacement(node, python);
    if (replacement !== undefined)
      edits.push({ operator: 'constant', start: node.startIndex, end: node.endIndex, replacement, node });
  } else if (type === 'return_statement') {
    const value = node.namedChildren[0];
    if (value) {
      const empty = python ? 'None' : 'undefined';
      const replacement =
        value.text === 'True' || value.text === 'true'
          ? python
            ? 'False'
            : 'false'
          : value.text === 'False' || value.text === 'false'
            ? python
              ? 'True'
              : 'true'
            : empty;
      if (value.text !== empty)
        edits.push({ operator: 'return', start: value.startIndex, end: value.endIndex, replacement, node });
    }
  } else if (
    (type === 'expression_statement' && !isDocstring(node)) ||
    type === 'augmented_assignment' ||
    type === 'update_expression'
  ) {
    // a removed statement: `pass` keeps a Python block valid; `;` is an empty statement in JavaScript
    if (node.parent && ['block', 'statement_block'].includes(node.parent.type))
      edits.push({
        operator: 'statement',
        start: node.startIndex,
        end: node.endIndex,
        replacement: python ? 'pass' : ';',
        node,
      });
  }
  for (const child of node.namedChildren) collect(child, python, edits);
}

function pushComparison(
  node: SyntaxNode,
  token: { start?: number; end?: number; startIndex?: number; endIndex?: number; text: string },
  edits: Edit[],
): void {
  const start = token.startIndex ?? (token.start as number);
  const end = token.endIndex ?? (token.end as number);
  const boundary = BOUNDARY[token.text];
  if (boundary) edits.push({ operator: 'boundary', start, end, replacement: boundary, node });
  const negation = NEGATION[token.text];
  if (negation) edits.push({ operator: 'comparison', start, end, replacement: negation, node });
}

/** `"a" + b` concatenates: swapping to `-` only makes a TypeError every test finds. */
function isStringy(node: SyntaxNode): boolean {
  return node.namedChildren.some((child) => /string|template/.test(child.type));
}

function lineColumn(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 50 ? `${flat.slice(0, 47)}…` : flat;
}

/**
 * The mutants of `source` inside lines `startLine..endLine`, at most `limit` (spread evenly over the
 * candidates when there are more, so every part of the code is represented).
 */
export async function makeMutants({
  source,
  language,
  range,
  limit = 60,
}: {
  source: string;
  language: LanguageId;
  range: { startLine: number; endLine: number };
  limit?: number;
}): Promise<{ mutants: Mutant[]; candidates: number; invalid: number }> {
  const python = language === 'python';
  const tree = await parse(language, source);
  const edits: Edit[] = [];
  const seen = new Set<string>();
  let inRange: (Edit & { line: number })[] = [];
  try {
    collect(tree.rootNode, python, edits);
    // node positions are read before the tree is freed
    inRange = edits
      .map((edit) => ({
        ...edit,
        line: edit.node.startPosition.row + 1,
        signature: insideSignature(edit.node),
      }))
      .filter((edit) => edit.line >= range.startLine && edit.line <= range.endLine && !edit.signature)
      .filter((edit) => {
        const key = `${edit.start}:${edit.end}:${edit.replacement}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.start - b.start);
  } finally {
    tree.delete();
  }
  const chosen =
    inRange.length <= limit
      ? inRange
      : Array.from(
          { length: limit },
          (_, i) => inRange[Math.floor((i * inRange.length) / limit)] as Edit & { line: number },
        );
  const mutants: Mutant[] = [];
  let invalid = 0;
  for (const edit of chosen) {
    const mutated = source.slice(0, edit.start) + edit.replacement + source.slice(edit.end);
    const check = await parse(language, mutated);
    const broken = check.rootNode.hasError;
    check.delete();
    if (broken) {
      invalid++;
      continue;
    }
    const original = source.slice(edit.start, edit.end);
    const { line, column } = lineColumn(source, edit.start);
    mutants.push({
      id: mutants.length + 1,
      operator: edit.operator,
      line,
      column,
      original,
      replacement: edit.replacement,
      description: `line ${line}: \`${oneLine(original)}\` → \`${oneLine(edit.replacement)}\` (${edit.operator})`,
      source: mutated,
    });
  }
  return { mutants, candidates: inRange.length, invalid };
}

/** Default values in a signature are mutated too rarely to matter and often break the call itself. */
function insideSignature(node: SyntaxNode): boolean {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (['parameters', 'formal_parameters', 'decorator', 'type_annotation'].includes(current.type))
      return true;
  }
  return false;
}
