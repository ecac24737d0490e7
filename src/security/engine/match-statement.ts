import { truthy } from './constants.js';
import { applyGuard } from './guards.js';
import type { Interpreter, Scope } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { classDefined } from './nested-classes.js';
import { type Constant, joinValues, mergeAll, PASSWORD_NAME, passwordTaint, type Value } from './taint.js';

/**
 * Statements the dispatch once evaluated as expressions only (issue 59: a gate that skips a statement kind
 * hides whatever is in it): Python's `match` and class bodies, JavaScript's `switch` and class bodies.
 */

/**
 * Python's `match`: the subject is evaluated once; each case is a branch (its body runs on the state before
 * the `match`, with what its pattern captured), and the ends that go on are joined with the path where no
 * case matched — unless a case always matches (`case _`, `case x` without a guard). A case whose literal
 * pattern a constant subject never equals is skipped; a guard that folds to false skips its case, and
 * otherwise guards its body as an `if` does.
 */
export function matchStatement(it: Interpreter, node: SyntaxNode): void {
  const subjectNodes = node.childrenForFieldName('subject');
  const values = subjectNodes.map((subject) => it.expr(subject));
  if (values.some((value) => value.raises)) {
    it.frame.terminated = true;
    return;
  }
  // `match a, b:` matches the tuple `(a, b)`.
  const subject: Value = values.length === 1 ? values[0]! : { taint: mergeAll(values), elements: values };
  const subjectName =
    subjectNodes.length === 1 && subjectNodes[0]!.type === 'identifier' ? subjectNodes[0]!.text : undefined;
  const cases =
    node.childForFieldName('body')?.namedChildren.filter((child) => child.type === 'case_clause') ?? [];
  const scope = it.frame.scope;
  const entry = new Map(scope);
  const ends: Scope[] = [];
  let exhaustive = false;
  for (const clause of cases) {
    const patterns = clause.namedChildren.filter((child) => child.type === 'case_pattern');
    // `case a, b:` is the sequence pattern `[a, b]`
    const pattern: Pattern = patterns.length === 1 ? patterns[0]! : { sequence: patterns };
    const verdict = decide(it, pattern, subject);
    if (verdict === 'never') continue;
    it.frame.scope = new Map(entry);
    it.frame.terminated = false;
    bindCaptures(it, captures(it, pattern, subject));
    const narrowed = narrow(it, pattern, subject);
    if (subjectName && narrowed) it.setVariable(subjectName, narrowed);
    const guard = clause.childForFieldName('guard')?.namedChildren[0];
    const tested = guard ? it.expr(guard) : undefined;
    if (tested?.known && !truthy(tested.constant)) continue;
    if (tested?.raises) it.frame.terminated = true;
    else if (guard) applyGuard(it, guard, true);
    const body = clause.childForFieldName('consequence');
    if (body && !it.frame.terminated) it.block(body);
    if (!it.frame.terminated) ends.push(it.frame.scope);
    if (verdict === 'always' && (!guard || tested?.known)) {
      exhaustive = true;
      break;
    }
  }
  it.frame.scope = scope;
  joinEnds({ it, scope, ends: exhaustive ? ends : [entry, ...ends] });
}

/**
 * The ends of a statement's paths joined into `scope` itself (the module's scope stays the map functions
 * read); no end that goes on: the statement ends its frame.
 */
function joinEnds({ it, scope, ends }: { it: Interpreter; scope: Scope; ends: Scope[] }): void {
  const [first, ...rest] = ends;
  if (!first) {
    it.frame.terminated = true;
    return;
  }
  it.frame.terminated = false;
  if (first !== scope) {
    scope.clear();
    for (const [name, value] of first) scope.set(name, value);
  }
  for (const end of rest) {
    for (const [name, value] of end) {
      const here = scope.get(name);
      // a member (`req.query.cmd`) a guard cleared on one path only is read afresh, as the others would
      if (here === undefined && MEMBER_KEY.test(name)) continue;
      scope.set(name, joinValues(here, value));
    }
    for (const [name, value] of scope) {
      if (end.has(name)) continue;
      if (MEMBER_KEY.test(name)) scope.delete(name);
      else if (value.held) scope.set(name, joinValues(value, undefined));
    }
  }
}

/** A scope key that names a member (`req.query.cmd`, `self.url`), not a variable (as `statements.ts` joins). */
const MEMBER_KEY = /[.[]/;

type Pattern = SyntaxNode | { sequence: SyntaxNode[] };

/** The pattern inside `case_pattern` wrappers; undefined for the wildcard `_`. */
function unwrap(pattern: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | undefined = pattern;
  while (node?.type === 'case_pattern') node = node.namedChildren[0];
  return node;
}

/** A capture pattern: a bare name (`case d`), not a dotted value pattern (`case Color.RED`). */
function captureName(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'identifier') return node;
  if (node.type === 'dotted_name' && node.namedChildren.length === 1) return node.namedChildren[0];
  return undefined;
}

const LITERALS = /^(?:string|concatenated_string|integer|float|true|false|none)$/;

/** The constant a literal pattern (`case "ls"`, `case 3`, `case None`) compares with. */
function literal(it: Interpreter, node: SyntaxNode): Value | undefined {
  if (!LITERALS.test(node.type)) return undefined;
  const value = it.expr(node);
  return value.known ? value : undefined;
}

/** Whether a pattern always, never or maybe matches the subject: only constants decide. */
function decide(it: Interpreter, pattern: Pattern, subject: Value): 'always' | 'never' | 'maybe' {
  if ('sequence' in pattern) return 'maybe';
  const node = unwrap(pattern);
  if (!node || captureName(node)) return 'always';
  if (node.type === 'as_pattern') {
    const inner = node.namedChildren[0];
    return inner ? decide(it, inner, subject) : 'maybe';
  }
  if (node.type === 'union_pattern') {
    const verdicts = node.namedChildren.map((alternative) => decide(it, alternative, subject));
    if (verdicts.includes('always')) return 'always';
    return verdicts.every((verdict) => verdict === 'never') ? 'never' : 'maybe';
  }
  const constant = literal(it, node);
  if (!constant || !subject.known || !sameKind(constant.constant, subject.constant)) return 'maybe';
  // text not as the literal reads (`"\x41"`, `b"A"`): no decision on it
  if (constant.inexact || subject.inexact) return 'maybe';
  return constant.constant === subject.constant ? 'always' : 'never';
}

/** Python's `==` between the two is JavaScript's `===` only for constants of one kind (`1 == True`). */
function sameKind(a: Constant | undefined, b: Constant | undefined): boolean {
  return typeof a === typeof b;
}

/**
 * What the subject is inside a case whose pattern tests it: the literal it equals (`case "ls"`), one of a
 * union of literals (inert: no text of the caller's), a number (`case int()`); undefined when the pattern
 * says nothing of it.
 */
function narrow(it: Interpreter, pattern: Pattern, subject: Value): Value | undefined {
  if ('sequence' in pattern) return undefined;
  const node = unwrap(pattern);
  if (!node) return undefined;
  if (node.type === 'as_pattern') {
    const inner = node.namedChildren[0];
    return inner ? narrow(it, inner, subject) : undefined;
  }
  if (node.type === 'union_pattern') {
    const alternatives = node.namedChildren.map((alternative) => narrow(it, alternative, subject));
    if (alternatives.some((value) => !value || value.taint)) return undefined;
    return alternatives.reduce<Value | undefined>((joined, value) => joinValues(joined, value), undefined);
  }
  const constant = literal(it, node);
  if (constant) return { known: true, constant: constant.constant };
  if (node.type === 'class_pattern' && NUMBERS.has(node.namedChildren[0]?.text ?? ''))
    return { taint: it.numericTaint(subject.taint) };
  return undefined;
}

/** Built-in classes whose pattern matches only numbers: what it captures carries no text. */
const NUMBERS = new Set(['int', 'float', 'bool', 'complex']);
/** Built-in classes whose one positional pattern matches the subject itself (`case str(s)`). */
const SELF_MATCHING = /^(?:bool|bytearray|bytes|dict|float|frozenset|int|list|set|str|tuple|complex)$/;

type Captures = Map<string, { node: SyntaxNode; value: Value }>;

/** The names a pattern captures, each with the part of the subject it takes. */
function captures(it: Interpreter, pattern: Pattern, subject: Value): Captures {
  const found: Captures = new Map();
  const visit = (current: SyntaxNode, value: Value): void => {
    const node = unwrap(current);
    if (!node) return;
    const name = captureName(node);
    if (name) {
      if (name.text !== '_') found.set(name.text, { node: name, value });
      return;
    }
    switch (node.type) {
      case 'as_pattern': {
        const [inner, alias] = node.namedChildren;
        if (inner) visit(inner, value);
        if (alias?.type === 'identifier')
          found.set(alias.text, { node: alias, value: narrow(it, node, value) ?? value });
        return;
      }
      case 'union_pattern': {
        // Every alternative captures the same names: each takes what any alternative gave it.
        for (const alternative of node.namedChildren)
          for (const [key, part] of captures(it, alternative, value)) {
            const had = found.get(key);
            found.set(key, { node: part.node, value: had ? joinValues(had.value, part.value) : part.value });
          }
        return;
      }
      case 'list_pattern':
      case 'tuple_pattern':
        sequence(node.namedChildren, value);
        return;
      case 'splat_pattern': {
        const inner = node.namedChildren[0];
        if (inner) visit(inner, part(it, value, { node }));
        return;
      }
      case 'dict_pattern': {
        let key: string | undefined;
        for (const child of node.children) {
          if (child.field === 'key') key = literal(it, child)?.constant?.toString();
          else if (child.field === 'value')
            visit(child, entryValue({ it, mapping: value, key, node: child }));
          else if (child.type === 'splat_pattern') visit(child, value);
        }
        return;
      }
      case 'class_pattern': {
        const [className, ...parts] = node.namedChildren;
        const own = SELF_MATCHING.test(className?.text ?? '');
        const matched = NUMBERS.has(className?.text ?? '') ? { taint: it.numericTaint(value.taint) } : value;
        for (const argument of parts) {
          const keyword = unwrap(argument);
          if (keyword?.type === 'keyword_pattern') {
            const inner = keyword.namedChildren[1];
            if (inner)
              visit(
                inner,
                part(it, value, { node: inner, suffix: `.${keyword.namedChildren[0]?.text ?? ''}` }),
              );
          } else visit(argument, own ? matched : part(it, value, { node: argument }));
        }
        return;
      }
      default:
        // literals and value patterns (`case Color.RED`) capture nothing
        return;
    }
  };
  const sequence = (elements: SyntaxNode[], value: Value): void => {
    const starred = elements.findIndex((element) => unwrap(element)?.type === 'splat_pattern');
    elements.forEach((element, index) => {
      const known = starred < 0 || index < starred ? value.elements?.[index] : undefined;
      visit(element, known ?? part(it, value, { node: element }));
    });
  };
  if ('sequence' in pattern) sequence(pattern.sequence, subject);
  else visit(pattern, subject);
  return found;
}

/**
 * A part of the subject (an element, an entry, an attribute): the subject's data, or, read from a source
 * whose parts are the data (`request.get_json()`), that source's, as `subject[…]` or `subject.name` reads it.
 */
function part(
  it: Interpreter,
  value: Value,
  { node, suffix = '[]' }: { node: SyntaxNode; suffix?: string },
): Value {
  const read: Value = {
    taint: value.taint,
    ...(value.path ? { path: `${value.path}${suffix}` } : {}),
    ...(value.rawPath ? { rawPath: `${value.rawPath}${suffix}` } : {}),
  };
  if (read.taint || (!read.path && !read.rawPath)) return read;
  const label = it.rules.sourcePaths.match([read.path, read.rawPath])[0];
  return label ? { ...read, taint: it.sourceTaint(label, node.startPosition.row + 1) } : read;
}

/** The value under `key` of a mapping: a dict literal's own entry, else the mapping's data. */
function entryValue({
  it,
  mapping,
  key,
  node,
}: {
  it: Interpreter;
  mapping: Value;
  key: string | undefined;
  node: SyntaxNode;
}): Value {
  const own = key === undefined ? undefined : mapping.properties?.get(key.toLowerCase());
  if (own) return own;
  const read = part(it, mapping, { node });
  return read.taint && key && PASSWORD_NAME.test(key) ? { ...read, taint: passwordTaint(read.taint) } : read;
}

/** Captured names bound as an assignment binds them (a password's name makes its data a password's). */
function bindCaptures(it: Interpreter, found: Captures): void {
  for (const { node, value } of found.values()) it.bind(node, value, null);
}

/**
 * A Python class body runs once, when the class is defined, in a scope of its own: what it assigns is the
 * class's (kept as `Class.name` in the enclosing scope, so `os.system(Config.CMD)` reads it), not the
 * enclosing code's. Methods are summarised on their own, as functions are.
 */
export function classBody(it: Interpreter, node: SyntaxNode): void {
  const body = node.childForFieldName('body');
  if (!body) return;
  const outer = it.frame.scope;
  const own = new Map(outer);
  it.frame.scope = own;
  try {
    it.block(body);
  } finally {
    it.frame.scope = outer;
  }
  const name = node.childForFieldName('name')?.text;
  classDefined(it, name, node);
  if (!name) return;
  for (const [key, value] of own)
    if (outer.get(key) !== value && !key.includes('.')) outer.set(`${name}.${key}`, value);
}

/**
 * A JavaScript class: its field initialisers (`x = f()`, `static y = g()`) and static blocks run (static
 * ones when the class is defined, the others at each construction: once here), each block in a scope of
 * its own. Methods are summarised on their own; those of a class in running code also run once here, uncalled,
 * with the variables around the class (w121).
 */
export function javascriptClass(it: Interpreter, node: SyntaxNode, name?: string): void {
  classDefined(it, node.childForFieldName('name')?.text, node);
  classDefined(it, name, node);
  for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
    if (it.frame.terminated) return;
    if (member.type === 'field_definition' || member.type === 'public_field_definition') {
      const value = member.childForFieldName('value');
      const name = member.childForFieldName('property') ?? member.childForFieldName('name');
      if (value) it.withContext(name?.text, () => it.expr(value));
    } else if (member.type === 'method_definition' && it.running.length > 0 && !it.isRunning(member)) {
      // a class in a function or callback: each method may be called whenever (`setTimeout(r.run)`, a framework
      // given the class), with the variables it closes over, as a nested function declared there (w121)
      it.runUncalled(member);
    } else if (member.type === 'class_static_block') {
      const block = member.childForFieldName('body');
      if (!block) continue;
      const outer = it.frame.scope;
      it.frame.scope = new Map(outer);
      try {
        it.block(block);
      } finally {
        it.frame.scope = outer;
      }
    }
  }
}

/**
 * JavaScript's `switch`: the discriminant once, then each case as a branch entered from before the `switch`
 * or by falling through from the case above. What a case held at each `break` goes on after the `switch`; a
 * case that returns or throws adds nothing. Without a
 * `default`, the path where no case matched goes on too. With a constant discriminant, a case whose constant
 * differs is entered only by falling through.
 */
export function switchStatement(it: Interpreter, node: SyntaxNode): void {
  const discriminant = node.childForFieldName('value');
  const subject = discriminant ? it.expr(discriminant) : undefined;
  const cases = (node.childForFieldName('body')?.namedChildren ?? []).filter(
    (clause) => clause.type === 'switch_case' || clause.type === 'switch_default',
  );
  const tests = cases.map((clause) => {
    const test = clause.type === 'switch_case' ? clause.childForFieldName('value') : null;
    return test ? it.expr(test) : undefined;
  });
  const equal = (tested: Value | undefined): boolean | undefined =>
    subject?.known && tested?.known && !subject.inexact && !tested.inexact
      ? subject.constant === tested.constant
      : undefined;
  const matched = tests.some((tested) => equal(tested) === true);
  const scope = it.frame.scope;
  const entry = new Map(scope);
  const ends: Scope[] = [];
  let fallen: Scope | undefined;
  // `break` ends the `switch`: what a case set before a `break` inside a branch goes on after it
  const outerBreaks = it.frame.breaks;
  it.frame.breaks = ends;
  cases.forEach((clause, index) => {
    // Entered only by falling through: a case the constant discriminant never equals, `default` after a match.
    const never = clause.type === 'switch_default' ? matched : equal(tests[index]) === false;
    if (never && !fallen) return;
    const start = new Map(never ? fallen : entry);
    if (fallen && !never)
      for (const [name, value] of fallen) start.set(name, joinValues(start.get(name), value));
    it.frame.scope = start;
    it.frame.terminated = false;
    // the case's test, a statement here too, was evaluated above: evaluating it again adds nothing new
    it.block(clause);
    fallen = undefined;
    if (!it.frame.terminated) fallen = it.frame.scope;
  });
  it.frame.breaks = outerBreaks;
  if (fallen) ends.push(fallen);
  it.frame.scope = scope;
  const defaulted = cases.some((clause) => clause.type === 'switch_default');
  joinEnds({ it, scope, ends: matched || defaulted ? ends : [entry, ...ends] });
}
