import type { LanguageId } from '../../core/languages.js';
import { parse } from '../../syntax/parser.js';
import { type CodeNode, codeTree, hasErrors } from './code-tree.js';

/**
 * A Semgrep pattern parsed in a target language. Semgrep's own syntax (`$X`, `$...ARGS`, `...`,
 * `<... e ...>`) is not valid code in every language, so it is first written as identifiers no real
 * program uses, then parsed by the same grammar as the code it will be matched against:
 * `$X` → `__sgmv_X`, `$...X` → `__sgmvs_X`, `...` → `__sgel`, `<... e ...>` → `__sgdeep(e)`.
 */
export interface Pattern {
  /** one node (an expression or a statement), or a sequence of statements */
  readonly nodes: readonly CodeNode[];
  /** the rewritten text the nodes' offsets point into */
  readonly text: string;
  readonly statements: boolean;
}

export const ELLIPSIS = '__sgel';
const METAVARIABLE = /^__sgmv_([A-Z_][A-Z0-9_]*)$/;
const SEQUENCE_METAVARIABLE = /^__sgmvs_([A-Z_][A-Z0-9_]*)$/;
export const DEEP = '__sgdeep';

export class PatternError extends Error {}

/** The metavariable an identifier-like node stands for (`$X` → `$X`), if it is one. */
export function metavariableOf(node: CodeNode, text: string): string | undefined {
  if (node.children.length > 0) return undefined;
  const match = METAVARIABLE.exec(text.slice(node.start, node.end));
  return match ? `$${match[1]}` : undefined;
}

export function sequenceMetavariableOf(node: CodeNode, text: string): string | undefined {
  if (node.children.length > 0) return undefined;
  const match = SEQUENCE_METAVARIABLE.exec(text.slice(node.start, node.end));
  return match ? `$...${match[1]}` : undefined;
}

/** Semgrep's syntax written as identifiers; strings keep their `...` so that `"..."` stays a string. */
export function rewrite(source: string): string {
  return source
    .replace(/<\.\.\.(?!\s*\/?>)/g, `${DEEP}(`)
    .replace(/\.\.\.>/g, ')')
    .replace(/\$\.\.\.([A-Z_][A-Z0-9_]*)/g, '__sgmvs_$1')
    .replace(/\$([A-Z_][A-Z0-9_]*)/g, '__sgmv_$1')
    .replace(/\.\.\./g, ELLIPSIS);
}

/** In Python, `{..., "k": v}` is a dict with an entry `...` that the grammar does not accept. */
function rewriteDictionaryEllipsis(text: string): string {
  return text.replace(new RegExp(`(?<=[{,]\\s*)${ELLIPSIS}(?=\\s*[,}])`, 'g'), `${ELLIPSIS}: ${ELLIPSIS}`);
}

/** Statement wrappers whose one child is what a pattern means (`foo(...)` is an expression pattern). */
const EXPRESSION_STATEMENTS = new Set(['expression_statement']);

async function parsePattern(language: LanguageId, text: string): Promise<CodeNode | undefined> {
  const tree = await parse(language, text);
  try {
    const root = codeTree(tree);
    return hasErrors(root) ? undefined : root;
  } finally {
    tree.delete();
  }
}

/**
 * Parses `source` as a pattern of `language`, or throws a PatternError saying why it cannot be read.
 * A pattern that is an object literal in JavaScript (`{...}`) would parse as a block: it is tried as an
 * expression in parentheses too.
 */
export async function compilePattern(source: string, language: LanguageId): Promise<Pattern> {
  const base = rewrite(source.trim());
  const candidates = [base];
  if (language === 'python') candidates.push(rewriteDictionaryEllipsis(base));
  else candidates.push(`(${base})`);
  for (const text of candidates) {
    const root = await parsePattern(language, text);
    if (!root) continue;
    const statements = root.children;
    if (statements.length === 0) continue;
    if (statements.length === 1) {
      const only = statements[0]!;
      const node =
        EXPRESSION_STATEMENTS.has(only.type) && only.children.length === 1 ? only.children[0]! : only;
      return { nodes: [unparenthesised(node, text)], text, statements: false };
    }
    return { nodes: statements, text, statements: true };
  }
  throw new PatternError(`the pattern does not parse as ${language}: ${source.trim().split('\n')[0]}`);
}

function unparenthesised(node: CodeNode, text: string): CodeNode {
  if (node.type === 'parenthesized_expression' && node.children.length === 1 && text[node.start] === '(')
    return node.children[0]!;
  return node;
}
