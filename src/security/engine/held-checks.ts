import type { Interpreter } from './interpreter.js';
import { preorder, type LiteNode as SyntaxNode } from './lite-tree.js';
import type { HeldCheck, Value } from './taint.js';

/**
 * A condition whose result is kept in a variable and tested later (issue 59, w69; Django's LoginView:
 * `url_is_safe = url_has_allowed_host_and_scheme(url=redirect_to, …)` then `redirect_to if url_is_safe else
 * ""`): testing the variable guards as testing the condition there would (`guards.ts`), but only while
 * every name the condition read still holds the very value it held when the condition ran. A name rebound
 * since, on any path the engine follows (branches join into a new value), or the variable itself rebound or
 * bound on one side of a branch only (`joinValues` drops the record), and the test guards nothing.
 *
 * The identity test sees only the paths the engine runs: a loop's body once, a function in the order it is
 * called. So, for what it does not run (review r12 of w69), the record is not used when the test sits in a
 * loop the check was not made in (the next pass may have rebound what was read), or when another function
 * may write the variable or a name the check read (`nonlocal`/`global`, a JavaScript closure's assignment, a
 * field another method sets); and the guard it applies clears only what the check read.
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

/**
 * Applies the condition a variable tested by name holds (`apply`, the guard), while nothing it read has
 * changed, and only to what it read (review r12 of w69, F4): a check of one upload's type does not clear
 * another bound after it, a host's check clears only the URL it was read from (kept among the reads).
 */
export function guardHeld(it: Interpreter, name: SyntaxNode, apply: (condition: SyntaxNode) => void): void {
  const held = heldRecord(it, name);
  if (!held) return;
  const before = new Map(it.frame.scope);
  apply(held.condition);
  const scope = it.frame.scope;
  for (const [key, value] of scope) {
    if (before.get(key) === value || readBy(held, key)) continue;
    const old = before.get(key);
    if (old === undefined) scope.delete(key);
    else scope.set(key, old);
  }
}

/** Whether `key` is a name the held condition read, or a member of one (`form.next` of `form`). */
function readBy(held: HeldCheck, key: string): boolean {
  for (const read of held.reads.keys()) if (key === read || key.startsWith(`${read}.`)) return true;
  return false;
}

/**
 * The record a variable tested by name holds, while nothing it read has changed since, on any path the
 * engine follows and on those it does not (review r12 of w69): the test is in no loop the check was not made
 * in (a loop's body runs once here; its next pass may have rebound what the check read, F2), and no other
 * function can write the variable or what the check read (a closure's assignment, `nonlocal`, `global`, F3).
 */
function heldRecord(it: Interpreter, name: SyntaxNode): HeldCheck | undefined {
  const held = it.lookup(name.text)?.held;
  if (!held) return undefined;
  for (const [read, value] of held.reads) if (it.lookup(read) !== value) return undefined;
  if (loopsAround(name).some((loop) => !encloses(loop, held.condition))) return undefined;
  // Filled by pushes, not spread from `map`: `map`'s result has one elements kind from the builtin and another
  // where TurboFan inlined it, and this function's optimised code was thrown away for it (w216).
  const names = [name.text];
  for (const read of held.reads.keys()) names.push(read);
  for (const read of held.reads.keys()) names.push(read.split('.')[0]!);
  return names.some((written) => writtenElsewhere(it, written, held.condition)) ? undefined : held;
}

const LOOP =
  /^(?:for_statement|for_in_statement|for_of_statement|while_statement|do_statement|for_range_loop)$/;
const FUNCTION =
  /^(?:function_definition|lambda|function_declaration|function_expression|function|arrow_function|method_definition|generator_function|generator_function_declaration)$/;

/** The loops around `node` in its function. */
function loopsAround(node: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (let at = node.parent; at && !FUNCTION.test(at.type); at = at.parent)
    if (LOOP.test(at.type)) loops.push(at);
  return loops;
}

function encloses(outer: SyntaxNode, node: SyntaxNode): boolean {
  for (let at: SyntaxNode | null = node; at; at = at.parent) if (at === outer) return true;
  return false;
}

/** The function (or the module, null) a node is in. */
function functionOf(node: SyntaxNode): SyntaxNode | null {
  for (let at = node.parent; at; at = at.parent) if (FUNCTION.test(at.type)) return at;
  return null;
}

/**
 * Whether a function other than the one `check` is in may assign `name`: in Python one that declares it
 * `nonlocal` or `global`; in JavaScript one whose code assigns it (a callback's `ok = true`); in either a
 * member written so (`self.url = …` in the method `self.reset()` calls).
 */
function writtenElsewhere(it: Interpreter, name: string, check: SyntaxNode): boolean {
  const writers = assignedIn(it, check).get(name);
  if (!writers) return false;
  const own = functionOf(check);
  for (const writer of writers) if (writer !== own) return true;
  return false;
}

const ASSIGNMENT =
  /^(?:assignment|augmented_assignment|assignment_expression|augmented_assignment_expression)$/;
const ASSIGNED_IN = new WeakMap<Interpreter, Map<string, Set<SyntaxNode | null>>>();

/** Per name, the functions that may assign it from another function's scope, read from the tree once. */
function assignedIn(it: Interpreter, any: SyntaxNode): Map<string, Set<SyntaxNode | null>> {
  let found = ASSIGNED_IN.get(it);
  if (found) return found;
  found = new Map();
  let root = any;
  while (root.parent) root = root.parent;
  const add = (name: string, node: SyntaxNode) => {
    const writers = found!.get(name) ?? new Set<SyntaxNode | null>();
    found!.set(name, writers);
    writers.add(functionOf(node));
  };
  preorder(root, (node) => {
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      // the function that declares it writes the outer name; so, for all the engine knows, does any other
      for (const child of node.namedChildren) if (child.type === 'identifier') add(child.text, node);
    } else {
      const target = ASSIGNMENT.test(node.type)
        ? node.childForFieldName('left')
        : node.type === 'update_expression'
          ? node.childForFieldName('argument')
          : undefined;
      // a member (`self.url = …` in another method) in either language; a bare name in JavaScript only
      if (target?.type === 'attribute' || target?.type === 'member_expression') add(target.text, node);
      else if (target?.type === 'identifier' && it.language !== 'python') add(target.text, node);
    }
  });
  ASSIGNED_IN.set(it, found);
  return found;
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
      // `host = urlparse(url).hostname`, `parsed = urlparse(url)`: the URL the host was read from is read too
      const behind = it.lookup(node.text);
      for (const url of [behind?.hostOf, behind?.urlOf])
        if (url && !reads.has(url)) reads.set(url, it.lookup(url));
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
