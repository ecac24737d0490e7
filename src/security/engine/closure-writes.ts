import type { Interpreter, Scope } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { dropRepeatedMatches, extraWorkLeft, MAX_EXTRA_PASSES } from './loop-passes.js';
import { closure } from './summaries.js';
import { isFunctionNode } from './syntax-nodes.js';
import { joinValues, mergeTaint, sameTaint, type Taint, type Value } from './taint.js';

/**
 * What a nested function called in place leaves in its caller's variables (issue 59, w87): Python's `nonlocal
 * x`/`global x` and a JavaScript closure's assignment to a name it does not declare (`cmd = v` in `xs.forEach(v =>
 * { cmd = v })`). After the call, the caller's variable holds what it held joined with what the function may
 * have written (on any path that returned or ran to its end: it may also not have written it at all).
 */

const WRITES = new WeakMap<SyntaxNode, ReadonlySet<string>>();

/**
 * The names of the enclosing scopes a function may assign, read from its tree once: in Python those it (or a
 * function nested in it) declares `nonlocal` or `global`, and those it changes in place and binds nowhere in it
 * (`out.append(x)`, `conf["cmd"] = x`, `self.x = v`: the object's data after the call); in JavaScript those it
 * assigns (`=`, `+=`, `++`, `[a] = …`, `o.cmd = …`: `o`) and declares nowhere in it (a parameter,
 * `let`/`const`/`var`, a function, a `catch` parameter). A function nested in it writes what it writes to names
 * it does not declare itself: a declaration there hides nothing of this function's (review r20).
 */
export function outerWrites(node: SyntaxNode, python: boolean): ReadonlySet<string> {
  const known = WRITES.get(node);
  if (known) return known;
  const written = new Set<string>();
  const declared = new Set<string>();
  const outer = new Set<string>();
  const stack: SyntaxNode[] = [...node.namedChildren];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (
      isFunctionNode(current) ||
      current.type === 'function_declaration' ||
      current.type === 'function_definition' ||
      current.type === 'method_definition'
    ) {
      for (const name of outerWrites(current, python)) written.add(name);
      const name = current.childForFieldName('name');
      if (name && current.type !== 'method_definition') declared.add(name.text);
      continue;
    }
    for (const child of current.namedChildren) stack.push(child);
    if (python) pythonWrites(current, { written, declared, outer });
    else javascriptWrites(current, { written, declared, outer });
  }
  for (const name of declared) written.delete(name);
  for (const name of outer) written.add(name);
  WRITES.set(node, written);
  return written;
}

interface Names {
  written: Set<string>;
  declared: Set<string>;
  /** Python's `nonlocal`/`global` names: never local, whatever assigns them */
  outer: Set<string>;
}

function pythonWrites(current: SyntaxNode, { written, declared, outer }: Names): void {
  if (current.type === 'nonlocal_statement' || current.type === 'global_statement') {
    for (const child of current.namedChildren) if (child.type === 'identifier') outer.add(child.text);
    return;
  }
  if (current.type === 'parameters' || current.type === 'lambda_parameters') {
    for (const bound of boundNames(current)) declared.add(bound);
    return;
  }
  if (
    current.type === 'assignment' ||
    current.type === 'augmented_assignment' ||
    current.type === 'for_statement'
  ) {
    const target = current.childForFieldName('left');
    if (target?.type === 'identifier') declared.add(target.text);
    else if (target && (target.type === 'subscript' || target.type === 'attribute')) addRoot(target, written);
    return;
  }
  // `out.append(x)`, `conf.update(…)`: a method that changes the object it is called on
  if (current.type === 'call') {
    const callee = current.childForFieldName('function');
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (method && MUTATORS.has(method)) addRoot(callee!.childForFieldName('object')!, written);
  }
}

function javascriptWrites(current: SyntaxNode, { written, declared }: Names): void {
  const target = ASSIGNMENT.test(current.type)
    ? current.childForFieldName('left')
    : current.type === 'update_expression'
      ? current.childForFieldName('argument')
      : undefined;
  if (target?.type === 'identifier') written.add(target.text);
  else if (target?.type === 'array_pattern' || target?.type === 'object_pattern')
    for (const bound of boundNames(target)) written.add(bound);
  else if (target?.type === 'member_expression' || target?.type === 'subscript_expression')
    addRoot(target, written);
  else if (current.type === 'variable_declarator') {
    const name = current.childForFieldName('name');
    if (name) for (const bound of boundNames(name)) declared.add(bound);
  } else if (PARAMETERS.test(current.type) || current.field === 'parameter')
    for (const bound of boundNames(current)) declared.add(bound);
}

/** The variable a member or subscript hangs from (`o` in `o.a.b`, `conf` in `conf["cmd"]`), not `this`/`self`'s. */
function addRoot(node: SyntaxNode, written: Set<string>): void {
  let current: SyntaxNode | null = node;
  while (current && current.type !== 'identifier')
    current = current.childForFieldName('object') ?? current.childForFieldName('value');
  if (current) written.add(current.text);
}

/** Python methods that change the list, dict or set they are called on. */
const MUTATORS: ReadonlySet<string> = new Set([
  'append',
  'extend',
  'insert',
  'update',
  'add',
  'setdefault',
  '__setitem__',
]);

const ASSIGNMENT = /^(?:assignment_expression|augmented_assignment_expression)$/;
const PARAMETERS = /^(?:formal_parameters)$/;

/** The identifiers a declaration or parameter list binds (`a`, `[a, b]`, `{ a, b: c }`, `a = 1`). */
function boundNames(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  const names: string[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier' || current.type === 'shorthand_property_identifier_pattern') {
      // `a = 1` in a parameter list binds `a`, not what the default reads
      if (current.field !== 'right' && current.field !== 'value') names.push(current.text);
      continue;
    }
    // a default's value, a nested function's body: not bound here
    if (current.type === 'arrow_function' || current.type === 'function_expression') continue;
    for (const child of current.namedChildren) stack.push(child);
  }
  return names;
}

/**
 * The caller's side of a run in place: each outer name the function may write gets what the caller held joined
 * with what the function held for it at its returns (`returned`) and at its end (`inner`, unless the run ended
 * there by `return` or `raise`: then `returned` holds it).
 */
export function joinOuterWrites({
  it,
  names,
  outer,
  inner,
  returned,
}: {
  it: Interpreter;
  names: ReadonlySet<string>;
  outer: Scope;
  inner: Scope | undefined;
  returned: ReadonlyMap<string, Value>;
}): void {
  for (const name of names) {
    let written = returned.get(name);
    const atEnd = inner?.get(name);
    if (atEnd) written = written ? joinValues(written, atEnd) : atEnd;
    if (!written) continue;
    const before = outer.get(name) ?? it.moduleScope.get(name);
    if (before === written) continue;
    outer.set(name, joinValues(before, written));
  }
}

/** At a `return` of a function run in place, what it holds for the outer names it may write. */
export function recordOuterWrites(it: Interpreter): void {
  const writes = it.frame.outerWrites;
  if (!writes) return;
  for (const name of writes.names) {
    const value = it.frame.scope.get(name);
    if (!value) continue;
    const earlier = writes.returned.get(name);
    writes.returned.set(name, earlier ? joinValues(earlier, value) : value);
  }
}

/**
 * The nested function `name` names, when it is passed to a built-in that calls what it is given (`forEach`,
 * `map`, `filter`, `sorted`…; `paths` are the callee's): it runs in place as a function literal passed there
 * does. Undefined for any other call (a decorator's `wraps(f)(inner)` is not called there) or name, and for a name
 * the running scope binds to anything but that function.
 */
export function calledBack(it: Interpreter, paths: readonly string[], name: string): SyntaxNode | undefined {
  const callee = paths[0];
  if (callee === undefined || !CALLING.has(callee.slice(callee.lastIndexOf('.') + 1))) return undefined;
  const fn = closure(it, name);
  if (!fn || it.isRunning(fn.node)) return undefined;
  // A name the scope binds holds something else (a parameter, `let run = print`), unless what it holds is the
  // nested function, a literal assigned to it (`let run; run = function () {…}`, w121)
  const held = it.frame.scope.get(name);
  return !held || LITERALS.get(held) === fn.node ? fn.node : undefined;
}

/** What a name holds after `name = function () {…}` (no data): the literal, for `calledBack`. */
export function assignedLiteral(node: SyntaxNode): Value {
  const value: Value = {};
  LITERALS.set(value, node);
  return value;
}
const LITERALS = new WeakMap<Value, SyntaxNode>();

/** Built-ins (Python's and JavaScript's arrays' and promises') that call the function they are given. */
const CALLING: ReadonlySet<string> = new Set([
  'map',
  'filter',
  'sorted',
  'reduce',
  'forEach',
  'flatMap',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'sort',
  'then',
  'catch',
  'finally',
]);

/** Built-ins that call the function they are given once per element: its body is a loop's. */
const ITERATING: ReadonlySet<string> = new Set([
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'forEach',
  'flatMap',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

/**
 * A callback run in place (review r20): given to a built-in that calls it once per element (`xs.forEach(q =>
 * { exec(cmd); cmd = q })`), it runs again while what it wrote to its caller's variables changes what they
 * hold, as a loop's body does (loop-passes.ts: at most MAX_EXTRA_PASSES more, within the file's work bound;
 * past it the file is not verified; matches a later pass repeats are dropped).
 */
export function iterateCallback({
  it,
  callback,
  paths,
  incoming,
}: {
  it: Interpreter;
  callback: SyntaxNode;
  paths: readonly string[];
  incoming: Taint | undefined;
}): Value {
  const callee = paths[0] ?? '';
  const names = ITERATING.has(callee.slice(callee.lastIndexOf('.') + 1))
    ? outerWrites(callback, it.language === 'python')
    : undefined;
  if (!names?.size) return it.inlineFunction(callback, incoming);
  const start = it.matches.length;
  const held = () => [...names].map((name) => it.frame.scope.get(name));
  let before = held();
  let result = it.inlineFunction(callback, incoming);
  let passes = 0;
  while (held().some((value, index) => !sameHeld(value, before[index]))) {
    if (passes === MAX_EXTRA_PASSES || !extraWorkLeft(it)) {
      it.loopUnsettled ??= callback.startPosition.row + 1;
      break;
    }
    passes++;
    before = held();
    it.extraPassDepth++;
    try {
      const again = it.inlineFunction(callback, incoming);
      result = { taint: mergeTaint(result.taint, again.taint) };
    } finally {
      it.extraPassDepth--;
    }
  }
  if (passes > 0) dropRepeatedMatches(it, start);
  return result;
}

/** The same data and constant (what a later pass could reach a sink with). */
function sameHeld(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return sameTaint(a.taint, b.taint) && a.known === b.known && a.constant === b.constant;
}
