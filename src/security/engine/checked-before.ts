import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { unparenthesized } from './syntax-nodes.js';

/**
 * Validate-then-canonicalise (CWE-180): whether the value a call is given was tested by a condition
 * earlier in the same function — an `if`/`elif`/`while`/`assert`/ternary whose condition names it, before
 * the call. A check made there saw the text before it was normalised, so it no longer holds after.
 */
const FUNCTIONS =
  /^(?:function_definition|function_declaration|function_expression|arrow_function|method_definition|lambda|module|program)$/;
const CONDITIONS = new Set([
  'if_statement',
  'elif_clause',
  'while_statement',
  'assert_statement',
  'conditional_expression',
  'ternary_expression',
]);

/** The name a value is read by (`name`, `self.name`, `req.query.name`), when it is read from one. */
export function checkedName(node: SyntaxNode | null | undefined): string | undefined {
  if (node) node = unparenthesized(node);
  return node && /^(?:identifier|attribute|member_expression)$/.test(node.type) ? node.text : undefined;
}

export function checkedBefore(call: SyntaxNode, name: string): boolean {
  const word = new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
  return conditionBefore(call, (text) => word.test(contentTests(text, name)));
}

/**
 * Whether a condition earlier in the function around `call` matches `pattern`: a payload authenticated
 * before it is loaded (`if not hmac.compare_digest(mac, expected): abort(403)`) is the program's own.
 */
export function guardedBy(call: SyntaxNode, pattern: RegExp): boolean {
  return conditionBefore(call, (text) => pattern.test(text));
}

function conditionBefore(call: SyntaxNode, holds: (condition: string) => boolean): boolean {
  let scope: SyntaxNode | null = call.parent;
  while (scope && !FUNCTIONS.test(scope.type)) scope = scope.parent;
  if (!scope) return false;
  const pending: SyntaxNode[] = [scope];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.startIndex >= call.startIndex) continue;
    if (CONDITIONS.has(node.type)) {
      const condition =
        node.childForFieldName('condition') ??
        (node.type === 'assert_statement' ? node.namedChildren[0] : null);
      // A ternary's condition sits between its branches in Python (`a if cond else b`).
      const tested = condition ?? (node.type === 'conditional_expression' ? node.namedChildren[1] : null);
      if (tested && tested.endIndex <= call.startIndex && holds(tested.text)) return true;
    }
    // Nested functions have checks of their own.
    for (const child of node.namedChildren) if (!FUNCTIONS.test(child.type)) pending.push(child);
  }
  return false;
}

/**
 * The condition's text without the tests that read no character of the value — its length, its type,
 * whether it is empty or None (Django's UsernameField checks `len(value)` before normalising it): those
 * hold after normalisation as they did before, as far as a check of content is concerned.
 */
function contentTests(condition: string, name: string): string {
  const value = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return condition
    .replace(new RegExp(`\\b(?:len|isinstance|type|bool|str)\\(\\s*${value}\\s*[,)]`, 'g'), ' ')
    .replace(new RegExp(`(?<![\\w.])${value}\\s*\\.\\s*length\\b`, 'g'), ' ')
    .replace(new RegExp(`\\btypeof\\s+${value}\\b`, 'g'), ' ')
    .replace(new RegExp(`(?<![\\w.])${value}\\s+is\\s+(?:not\\s+)?None\\b`, 'g'), ' ')
    .replace(new RegExp(`^\\s*(?:not\\s+|!)?${value}\\s*$`), ' ');
}
