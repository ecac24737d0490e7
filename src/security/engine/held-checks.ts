import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import type { HeldCheck, Value } from './taint.js';

/**
 * A condition whose result is kept in a variable and tested later (issue 59, w69; Django's LoginView:
 * `url_is_safe = url_has_allowed_host_and_scheme(url=redirect_to, …)` then `redirect_to if url_is_safe else
 * ""`): testing the variable guards as testing the condition there would (`guards.ts`), but only while
 * every name the condition read still holds the very value it held when the condition ran. A name rebound
 * since, on any path (branches join into a new value), or the variable itself rebound or bound on one side
 * of a branch only (`joinValues` drops the record), and the test guards nothing.
 */

/** Conditions a guard reads (`guards.ts`): calls, comparisons, `not`/`!`, `and`/`or`. */
const CONDITION =
  /^(?:call|call_expression|comparison_operator|not_operator|boolean_operator|parenthesized_expression)$/;
const JS_CONDITION = /^(?:&&|\|\||===?|!==?|<=?|>=?|in|instanceof)$/;
/** At most so many names read: a longer condition is not kept. */
const MAX_READS = 16;

/** The record to keep with a variable bound to `valueNode`, when it is a condition. */
export function heldCheck(it: Interpreter, valueNode: SyntaxNode | null): HeldCheck | undefined {
  if (!valueNode || !isCondition(valueNode)) return undefined;
  const reads = new Map<string, Value | undefined>();
  return readNames(it, valueNode, reads) ? { condition: valueNode, reads } : undefined;
}

/** The condition a variable tested by name holds, while nothing it read has changed. */
export function heldCondition(it: Interpreter, name: SyntaxNode): SyntaxNode | undefined {
  const held = it.lookup(name.text)?.held;
  if (!held) return undefined;
  for (const [read, value] of held.reads) if (it.lookup(read) !== value) return undefined;
  return held.condition;
}

function isCondition(node: SyntaxNode): boolean {
  if (CONDITION.test(node.type)) return true;
  if (node.type === 'unary_expression') return node.children[0]?.text === '!';
  if (node.type !== 'binary_expression') return false;
  const operator = node.childForFieldName('operator')?.text ?? node.children[1]?.text ?? '';
  return JS_CONDITION.test(operator);
}

/**
 * The names (`x`, `form.next`) the condition reads, with what each holds now; not the called functions'
 * names nor keyword names. False when the condition is too large or holds a function of its own.
 */
function readNames(it: Interpreter, node: SyntaxNode, reads: Map<string, Value | undefined>): boolean {
  switch (node.type) {
    case 'identifier':
    case 'attribute':
    case 'member_expression':
    case 'this': {
      if (!reads.has(node.text)) reads.set(node.text, it.lookup(node.text));
      if (reads.size > MAX_READS) return false;
      // `form.next`: the object `form` is read too, not the attribute's name
      const object = node.childForFieldName('object');
      return !object || readNames(it, object, reads);
    }
    case 'call':
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      // `x.startswith("/")`, `ALLOWED.includes(x)`: the receiver is read; a called name alone is not.
      const receiver =
        callee?.type === 'attribute' || callee?.type === 'member_expression'
          ? callee.childForFieldName('object')
          : undefined;
      if (receiver && !readNames(it, receiver, reads)) return false;
      const args = node.childForFieldName('arguments');
      return !args || readNames(it, args, reads);
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      return !value || readNames(it, value, reads);
    }
    case 'lambda':
    case 'arrow_function':
    case 'function_expression':
    case 'named_expression':
    case 'assignment_expression':
      return false;
    default:
  }
  for (const child of node.namedChildren) if (!readNames(it, child, reads)) return false;
  return true;
}
