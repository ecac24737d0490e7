import { parse, type SyntaxNode } from '../syntax/parser.js';

export type TestLanguage = 'python' | 'typescript';

/** Model-written tests pulled apart into independent assertions. */
export interface SplitTests {
  /** import statements found at the top level, run before every assertion */
  prelude: string[];
  /** one complete, syntactically valid assertion statement each, deduplicated, in source order */
  assertions: string[];
  /** assertion-like statements dropped because they did not parse (cut off, malformed) */
  dropped: number;
}

/** Models wrap tests in Markdown fences; keep what is inside them (all of them), else the text itself. */
export function stripFences(text: string): string {
  const blocks = [...text.matchAll(/```[\w+-]*[^\n]*\n([\s\S]*?)(?:```|$)/g)].map((match) => match[1] ?? '');
  return blocks.length ? blocks.join('\n') : text;
}

const TS_ASSERTION = /^(?:assert(?:\.\w+)?|console\.assert|expect)\s*\(/;

function isAssertion(language: TestLanguage, node: SyntaxNode): boolean {
  if (language === 'python') return node.type === 'assert_statement';
  if (node.type !== 'expression_statement') return false;
  const expression = node.firstNamedChild;
  return expression?.type === 'call_expression' && TS_ASSERTION.test(expression.text);
}

function looksLikeAssertion(language: TestLanguage, text: string): boolean {
  const start = text.trimStart();
  return language === 'python' ? /^assert\b/.test(start) : TS_ASSERTION.test(start);
}

function isImport(language: TestLanguage, node: SyntaxNode): boolean {
  return language === 'python'
    ? node.type === 'import_statement' || node.type === 'import_from_statement'
    : node.type === 'import_statement';
}

/**
 * Splits raw test code (one model answer: any number of assertions, top level or inside test functions such
 * as `def check(candidate):`, possibly malformed or cut off) into standalone assertions with tree-sitter.
 * Statements with a syntax error or a missing token anywhere inside are dropped; the rest is kept even
 * when the surrounding code is broken, since tree-sitter recovers around errors.
 */
export async function splitTests(language: TestLanguage, raw: string): Promise<SplitTests> {
  const text = stripFences(raw);
  const tree = await parse(language, text);
  try {
    const prelude: string[] = [];
    const assertions: string[] = [];
    const seen = new Set<string>();
    let dropped = 0;
    const visit = (node: SyntaxNode, topLevel: boolean): void => {
      if (isAssertion(language, node)) {
        // A statement cut off at the end of the text can parse cleanly up to the cut (`assert f(1) ==`
        // does not, but `assert f(1` with the rest missing gets MISSING nodes): both show as errors.
        if (node.hasError || node.isMissing || node.text.trim().length === 0) {
          dropped++;
          return;
        }
        const statement = node.text.trim();
        if (!seen.has(statement)) {
          seen.add(statement);
          assertions.push(statement);
        }
        return;
      }
      if (topLevel && isImport(language, node) && !node.hasError) {
        prelude.push(node.text.trim());
        return;
      }
      // A statement cut off mid-way often becomes an ERROR node rather than a broken assertion.
      if (node.type === 'ERROR' && looksLikeAssertion(language, node.text)) dropped++;
      for (const child of node.namedChildren) visit(child, node.type === 'ERROR' && topLevel);
    };
    for (const child of tree.rootNode.namedChildren) visit(child, true);
    return { prelude, assertions, dropped };
  } finally {
    tree.delete();
  }
}
