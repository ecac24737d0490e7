import { isTestFile, looksGenerated } from '../secrets.js';
import { assignedLiteral } from './closure-writes.js';
import { foldBinary, foldUnary, inexactInside, numberLiteral, truthy } from './constants.js';
import { fixOrigin } from './fixed-origin.js';
import { functionConstructor } from './function-constructors.js';
import { applyGuard } from './guards.js';
import type { Interpreter } from './interpreter.js';
import { dictEntries, entryRead, listEntries, listExtended } from './keyed-entries.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { namespaceLookup } from './namespace-lookups.js';
import { missingAttribute } from './request-attributes.js';
import { headersRead } from './response-headers.js';
import {
  assignmentPatterns,
  type Comparison,
  comparePatterns,
  foldedValuePatterns,
  jsxSinks,
  namedValuePatterns,
  propertyPatterns,
  regexLiteralPatterns,
  repeatSinks,
  secretComparePatterns,
  stringPatterns,
} from './sinks.js';
import { foldPercent } from './string-folding.js';
import {
  inexactText,
  isFunctionNode,
  lastName,
  leadingText,
  stringText,
  unnamedTexts,
} from './syntax-nodes.js';
import {
  builtTaint,
  CLEAN,
  clearTaint,
  joinValues,
  mergeAll,
  mergeTaint,
  PASSWORD_NAME,
  passwordTaint,
  type Taint,
  type Value,
} from './taint.js';
import { escapingUndone, readsParsedText } from './unescapes.js';

/**
 * Expressions evaluate to values: taint (where the data came from and what it was cleaned for), a
 * constant when one is known, and a dotted name for matching rules (`subprocess.run`, `req.query`).
 */
export function evaluate(it: Interpreter, node: SyntaxNode): Value {
  const value = evaluateNode(it, node);
  // A team's Semgrep taint rule marks sources, sanitisers, propagators and sinks by where they are.
  return it.ranges ? it.ranges.evaluated(it, node, value) : value;
}

/**
 * The values of `nodes`, in order, in an array filled by pushes. Not `nodes.map(…)`: the array `map` returns has one
 * elements kind from the builtin and another where TurboFan inlined the `map`, and reading it (`operands.length`,
 * `values[0]`) threw away the optimised `evaluateNode` and `stringValue`, to compile them again (w216).
 */
function evaluateEach(it: Interpreter, nodes: readonly SyntaxNode[]): Value[] {
  const values: Value[] = [];
  for (const node of nodes) values.push(evaluate(it, node));
  return values;
}

function evaluateNode(it: Interpreter, node: SyntaxNode): Value {
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'this':
    case 'self': {
      const found = it.lookup(node.text);
      if (found) return found;
      const alias = it.aliases.get(node.text);
      const value: Value = { path: alias ?? node.text, rawPath: node.text };
      const source = withSources({ it, value, node });
      if (source) return source;
      // A Python name nothing in the file binds is unknown, not unbound: an import, the entry point or the
      // environment may bind it (issue 59, round 7: the NameError judgement was withdrawn), so it is read on.
      return value;
    }
    case 'integer':
    case 'float':
    case 'number':
      return { known: true, constant: numberLiteral(node.text) ?? null };
    case 'true':
      return { known: true, constant: true };
    case 'false':
      return { known: true, constant: false };
    case 'none':
    case 'null':
    case 'undefined':
      return { known: true, constant: null };
    case 'string':
      return stringValue(it, node);
    case 'concatenated_string':
    case 'template_string':
      return templateValue(it, node);
    case 'parenthesized_expression':
    case 'await':
    case 'await_expression':
    case 'non_null_expression':
    case 'as_expression':
    case 'satisfies_expression':
    case 'type_assertion':
    case 'spread_element':
    case 'list_splat':
    case 'dictionary_splat':
    case 'expression_statement':
    case 'template_substitution': {
      const inner = node.namedChildren.find(
        (child) => child.type !== 'comment' && !child.type.startsWith('type'),
      );
      return inner ? evaluate(it, inner) : CLEAN;
    }
    case 'sequence_expression': {
      // `(0, eval)(x)`: the comma operator's value is its last operand's.
      let last: Value = CLEAN;
      for (const child of node.namedChildren) last = evaluate(it, child);
      return last;
    }
    case 'binary_operator':
    case 'binary_expression':
    case 'boolean_operator':
      return binary(it, node);
    case 'comparison_operator': {
      const operands = evaluateEach(it, node.namedChildren);
      const operators = unnamedTexts(node);
      if (operands.length === 2 && operators.length >= 1) {
        const folded = foldBinary(operators.join(' '), operands[0]!, operands[1]!);
        if (folded) return folded;
        if (/^(?:==|!=)$/.test(operators.join(' ')))
          literalComparison({
            it,
            node,
            left: node.namedChildren[0]!,
            right: node.namedChildren[1]!,
            a: operands[0]!,
            b: operands[1]!,
          });
      }
      return CLEAN;
    }
    case 'not_operator':
    case 'unary_operator':
    case 'unary_expression': {
      const operand = node.childForFieldName('argument') ?? node.namedChildren[0];
      const operator = node.childForFieldName('operator')?.text ?? node.children[0]?.text ?? '';
      const value = operand ? evaluate(it, operand) : CLEAN;
      return foldUnary(operator, value) ?? (operator === 'await' || operator === 'void' ? value : CLEAN);
    }
    case 'conditional_expression': {
      const [whenTrue, condition, whenFalse] = node.namedChildren;
      return choose({ it, condition, whenTrue, whenFalse });
    }
    case 'ternary_expression':
      return choose({
        it,
        condition: node.childForFieldName('condition'),
        whenTrue: node.childForFieldName('consequence'),
        whenFalse: node.childForFieldName('alternative'),
      });
    case 'attribute':
    case 'member_expression':
      return member(it, node);
    case 'subscript':
    case 'subscript_expression': {
      const objectNode = node.childForFieldName('value') ?? node.childForFieldName('object');
      const indexNode = node.childForFieldName('subscript') ?? node.childForFieldName('index');
      const object = objectNode ? evaluate(it, objectNode) : CLEAN;
      const index = indexNode ? evaluate(it, indexNode) : CLEAN;
      const named = namespaceLookup({ it, node, objectNode, object, index });
      if (named) return named;
      // `possible = "ABC"; guess = possible[1]`: a character of constant text is a constant, so a branch or a
      // `match` on it is decided as on the letter itself.
      const character = characterAt({ object, index, python: it.language === 'python' });
      if (character !== undefined) return { known: true, constant: character };
      // `STATUS_PILLS[order.status]`, `COLUMNS[request.GET["sort"]]`: a table of this file's own constants
      // looked up by any key gives one of its values (or nothing), never the key.
      if (object.constantTable && !object.taint)
        return { inert: true, path: `${object.path ?? '?'}[]`, rawPath: `${object.rawPath ?? '?'}[]` };
      // `m["keyA"]` of a dict the function filled under constant keys only: that entry, not the whole dict
      const entry = entryRead({ it, objectNode, object, key: index });
      if (entry) return entry;
      const key =
        indexNode && /^(?:string|template_string)$/.test(indexNode.type) ? stringText(indexNode) : '';
      const value: Value = {
        taint: object.taint,
        path: `${object.path ?? '?'}[]`,
        rawPath: `${object.rawPath ?? '?'}[]`,
      };
      const read = withSources({ it, value, node }) ?? value;
      // `data["password"]`: the value of a field named like a password is one (also when the data becomes
      // untrusted only here, `request.get_json()["password"]`).
      return read.taint && key && PASSWORD_NAME.test(key)
        ? { ...read, taint: passwordTaint(read.taint) }
        : read;
    }
    case 'call':
    case 'call_expression':
    case 'new_expression':
      return it.call(node);
    case 'assignment':
    case 'assignment_expression':
    case 'named_expression': {
      const left = node.childForFieldName('left') ?? node.childForFieldName('name');
      const right = node.childForFieldName('right') ?? node.childForFieldName('value');
      if (!left || !right) return CLEAN;
      if (isFunctionNode(right)) {
        // `run = function () {…}` in running code: the name holds that literal (closure-writes.ts `calledBack`)
        if (left.type === 'identifier' && it.running.length > 0)
          it.frame.scope.set(left.text, assignedLiteral(right));
        return CLEAN;
      }
      const value = it.withContext(lastName(left), () => evaluate(it, right));
      it.bind(left, value, right);
      return value;
    }
    case 'augmented_assignment':
    case 'augmented_assignment_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return CLEAN;
      const current = evaluate(it, left);
      const added = it.withContext(lastName(left), () => evaluate(it, right));
      // `key += "k_l"` on text already known: the text it makes is known too (a key put together a piece a
      // line), and the whole statement is the value's text for the rules (`+=` shows it was built).
      const folded =
        node.childForFieldName('operator')?.text === '+=' && typeof current.constant === 'string'
          ? foldBinary('+', current, added)
          : undefined;
      if (folded) {
        it.bind(left, folded, node);
        return folded;
      }
      const value = {
        taint: builtTaint(mergeTaint(current.taint, added.taint)),
        ...listExtended(current, added),
      };
      it.bind(left, value, null);
      return value;
    }
    case 'lambda':
    case 'arrow_function':
    case 'function':
    case 'function_expression': {
      // The body runs for the sinks in it; the function itself, a value not yet called (a handler kept
      // in an object, a callback stored for later), carries nothing. Called in place, it is the callee
      // of a call, which runs it for its result.
      it.runUncalled(node);
      return CLEAN;
    }
    case 'jsx_element':
    case 'jsx_self_closing_element':
    case 'jsx_opening_element':
      jsxSinks(it, node);
      return CLEAN;
    case 'regex':
      regexLiteralPatterns(it, node);
      return { pattern: node.childForFieldName('pattern')?.text ?? '' };
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
    case 'dictionary_comprehension': {
      for (const clause of node.namedChildren) {
        if (clause.type !== 'for_in_clause') continue;
        const left = clause.childForFieldName('left');
        const right = clause.childForFieldName('right');
        if (left && right) it.bind(left, { taint: evaluate(it, right).taint }, null);
      }
      const body = node.namedChildren[0];
      return body ? { taint: evaluate(it, body).taint } : CLEAN;
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      return value ? evaluate(it, value) : CLEAN;
    }
    case 'pair': {
      const value = node.childForFieldName('value');
      const key = node.childForFieldName('key');
      if (key?.type === 'computed_property_name') evaluate(it, key);
      return value ? evaluate(it, value) : CLEAN;
    }
    case 'comment':
    case 'type_annotation':
    case 'type':
      return CLEAN;
    case 'tuple':
    case 'expression_list':
    case 'list':
    case 'set':
    case 'array': {
      const values = evaluateEach(it, node.namedChildren);
      const tuple = node.type === 'tuple' || node.type === 'expression_list';
      const spreadAt = node.namedChildren.flatMap((child, index) =>
        child.type === 'list_splat' || child.type === 'spread_element' ? [index] : [],
      );
      const spread = node.namedChildren.some((child) => child.type === 'list_splat');
      return {
        taint: mergeAll(values),
        elements: values,
        ...(tuple ? { tuple: true } : {}),
        ...(spread ? { spread: true } : {}),
        ...(spreadAt.length > 0 ? { spreadAt } : {}),
        ...listEntries(it, node, values),
      };
    }
    case 'dictionary':
    case 'object':
      return objectLiteral(it, node);
    default: {
      const values = evaluateEach(it, node.namedChildren);
      return { taint: mergeAll(values) };
    }
  }
}

/** A string literal: a constant, or (an f-string) the taint of its interpolations, built. */
function stringValue(it: Interpreter, node: SyntaxNode): Value {
  const interpolations = node.namedChildren.filter((child) => child.type === 'interpolation');
  if (it.rules.stringPatterns.length > 0 && node.text.length > 8) stringPatterns(it, node, node.text);
  if (interpolations.length === 0)
    return { known: true, constant: stringText(node), ...(inexactText(node) ? { inexact: true } : {}) };
  const values: Value[] = [];
  for (const child of interpolations) {
    const inner = child.childForFieldName('expression') ?? child.namedChildren[0];
    values.push(inner ? evaluate(it, inner) : CLEAN);
  }
  const folded = foldedInterpolation(node, interpolations, values);
  if (folded) return folded;
  const taint = fixOrigin(builtTaint(mergeAll(values)), constantPrefix(node, interpolations, values));
  // `f"{c}"`: no text beside one value, with no conversion or format: the value's own text, whole.
  const whole =
    interpolations.length === 1 &&
    interpolations[0]!.namedChildren.length === 1 &&
    node.namedChildren.every((child) => /^(?:interpolation|string_start|string_end)$/.test(child.type));
  return whole ? { taint, argvHead: values[0]! } : { taint };
}

/**
 * `f"{a}{b}"` of constants: the text with each plain field (no conversion, no format spec) replaced by its
 * constant. Undefined when a field is not a constant string or number, or has `!r`/`:…`.
 */
function foldedInterpolation(node: SyntaxNode, fields: SyntaxNode[], values: Value[]): Value | undefined {
  let out = '';
  let field = 0;
  for (const child of node.namedChildren) {
    if (child.type === 'string_content' || child.type === 'escape_sequence') out += child.text;
    else if (child.type === 'interpolation') {
      const value = values[field++];
      if (child.namedChildren.length !== 1 || !value?.known) return undefined;
      if (typeof value.constant !== 'string' && typeof value.constant !== 'number') return undefined;
      out += String(value.constant);
    }
  }
  return field === fields.length && out.length <= 4096 ? { known: true, constant: out } : undefined;
}

/**
 * The constant text an interpolated string starts with: its literal text and the values of constant
 * interpolations up to the first that is not (`f"{API}/users/{name}"` with `API = "https://h"` →
 * `https://h/users/`).
 */
function constantPrefix(node: SyntaxNode, parts: SyntaxNode[], values: Value[]): string | undefined {
  let prefix = leadingText(node, parts[0]);
  if (prefix === undefined) return undefined;
  for (let index = 0; index < parts.length; index++) {
    const value = values[index];
    if (!value?.known || typeof value.constant !== 'string') break;
    const next = parts[index + 1];
    const between = next
      ? node.text.slice(parts[index]!.endIndex - node.startIndex, next.startIndex - node.startIndex)
      : '';
    prefix += value.constant + between;
  }
  return prefix;
}

/** `"a" "b"` (Python) and `` `…${x}…` `` (JavaScript). */
function templateValue(it: Interpreter, node: SyntaxNode): Value {
  if (node.type === 'template_string' && it.rules.stringPatterns.length > 0 && node.text.length > 8)
    stringPatterns(it, node, node.text);
  const parts = node.namedChildren.filter(
    (child) => child.type !== 'string_fragment' && child.type !== 'escape_sequence',
  );
  const values = parts.map((child) =>
    evaluate(it, child.type === 'template_substitution' ? child.namedChildren[0]! : child),
  );
  if (node.type === 'template_string' && parts.length === 0)
    return { known: true, constant: stringText(node), ...(inexactText(node) ? { inexact: true } : {}) };
  if (values.every((value) => value.known)) {
    // `` `${a}ve_…` ``: the template's own text between its substitutions, which `parts` leaves out.
    const inexact =
      values.some((value) => value.inexact) || (node.type === 'template_string' && inexactText(node));
    if (node.type !== 'template_string')
      return {
        known: true,
        constant: values.map((value) => String(value.constant)).join(''),
        ...(inexact ? { inexact: true } : {}),
      };
    let field = 0;
    const text = node.namedChildren
      .map((child) =>
        child.type === 'string_fragment' || child.type === 'escape_sequence'
          ? child.text
          : String(values[field++]?.constant),
      )
      .join('');
    return { known: true, constant: text, ...(inexact ? { inexact: true } : {}) };
  }
  const leading =
    node.type === 'template_string'
      ? constantPrefix(node, parts, values)
      : values[0]?.known && typeof values[0].constant === 'string'
        ? values[0].constant
        : undefined;
  const taint = fixOrigin(builtTaint(mergeAll(values)), leading);
  // `border-color: ${color}` where color passed a closed-format check: text with no room for markup.
  return values.every((value) => value.known || value.inert) ? { taint, inert: true } : { taint };
}

function binary(it: Interpreter, node: SyntaxNode): Value {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const operator = node.childForFieldName('operator')?.text ?? node.children[1]?.text ?? '';
  const a = left ? evaluate(it, left) : CLEAN;
  if (a.known && (operator === 'and' || operator === '&&') && !truthy(a.constant)) return a;
  if (a.known && (operator === 'or' || operator === '||') && truthy(a.constant)) return a;
  const b = right ? evaluate(it, right) : CLEAN;
  const folded =
    foldBinary(operator, a, b) ??
    // `"%s%s" % (a, b)`: a tuple's elements, or one value, formatted into a constant template.
    (operator === '%' && a.known && typeof a.constant === 'string' && (right?.type === 'tuple' || b.known)
      ? foldPercent(a.constant, right?.type === 'tuple' ? b : { known: b.known, constant: b.constant })
      : undefined);
  if (folded)
    // `"%s" % "\x41"`: formatted from text not as the literal reads, the result is not either (w136)
    return !folded.inexact && (a.inexact || inexactInside(b)) ? { ...folded, inexact: true } : folded;
  if (/^[!=]==?$/.test(operator) && left && right) literalComparison({ it, node, left, right, a, b });
  if (/^(?:[<>]=?|[!=]==?|in|instanceof|is)$/.test(operator)) return CLEAN;
  // `"x" * n`, `[0] * n`: the count of a repetition.
  if (operator === '*' && left && right) {
    if (SEQUENCE_LITERAL.test(left.type)) repeatSinks(it, b.taint, node);
    else if (SEQUENCE_LITERAL.test(right.type)) repeatSinks(it, a.taint, node);
  }
  // `urlparse(url).hostname or ""`: still the host of `url`.
  if (/^(?:or|\|\||\?\?)$/.test(operator) && (b.known || !b.taint) && (a.hostOf || a.urlOf))
    return { ...a, taint: mergeTaint(a.taint, b.taint) };
  // Numeric results; `/` stays (pathlib joins with it) and `|` stays (dict and set union).
  if (/^(?:-|\*\*|\/\/|&|\^|<<|>>|>>>)$/.test(operator)) return CLEAN;
  const taint = mergeTaint(a.taint, b.taint);
  // `TABLE[key] ?? ''`, `x || 'default'`: one side or the other.
  if (/^(?:\?\?|\|\||&&|or|and)$/.test(operator) && (a.known || a.inert) && (b.known || b.inert))
    return { taint, inert: true };
  if (!/^(?:\+|%|\/)$/.test(operator)) return { taint };
  // `"/search?q=" + q`, `"/items/%s" % q`: the constant before the data fixes the origin.
  const leading =
    a.known && typeof a.constant === 'string'
      ? operator === '%'
        ? a.constant.slice(0, Math.max(0, a.constant.indexOf('%')))
        : a.constant
      : undefined;
  const built = fixOrigin(builtTaint(taint), leading);
  // `c.split() + ["-v"]`, `[c] + ["x"]`: a list joined to a list starts with the left one (argv-program.ts).
  if (operator === '+' && (a.elements || b.elements) && !a.known && !b.known)
    return { taint: built, argvHead: listHead(a, b) };
  return operator === '+' && leading ? { taint: built, startsWith: leading } : { taint: built };
}

function listHead(a: Value, b: Value): Value {
  const left = a.argvHead ?? a;
  return left.elements && b.elements && !left.argvHead
    ? { taint: mergeTaint(left.taint, b.taint), elements: [...left.elements, ...b.elements] }
    : left;
}

/** A dict/object literal; `{ password: 'S3cr3t!' }` kept in a config object is a hard-coded credential too. */
function objectLiteral(it: Interpreter, node: SyntaxNode): Value {
  const values: Value[] = [];
  const properties = new Map<string, Value>();
  for (const child of node.namedChildren) {
    const value = evaluate(it, child);
    values.push(value);
    const key = child.type === 'pair' ? child.childForFieldName('key') : null;
    const valueNode = child.type === 'pair' ? child.childForFieldName('value') : null;
    if (!key || !valueNode || key.type === 'computed_property_name') continue;
    const name = key.type === 'string' ? stringText(key) : key.text;
    // `evaluate(pair)` is its value's evaluation.
    if (name && !isFunctionNode(valueNode)) properties.set(name.toLowerCase(), value);
    if (it.rules.propertyPatterns.length > 0) propertyPatterns({ it, node: child, name, value, valueNode });
    // `{ stripeKey: a + b + c }`: a key folded from pieces, in a property as in an assignment.
    foldedValuePatterns({ it, node: child, name, value, valueNode });
    // Fixtures fill objects with passwords: only outside tests, and only values that look made
    // to be secret (a digit, a symbol or mixed case), not `{ password: 'changed' }`.
    const text = value.known && typeof value.constant === 'string' ? value.constant : '';
    if (name && !isTestFile(it.file) && looksGenerated(text))
      namedValuePatterns(
        { it, node: child, name, value, valueNode },
        (matcher) => !!matcher.spec.valueSecretString,
      );
  }
  const constants =
    values.length > 0 &&
    node.namedChildren.every(
      (child, index) => child.type === 'comment' || (child.type === 'pair' && values[index]?.known),
    ) &&
    node.namedChildren.some((child) => child.type === 'pair');
  return {
    taint: mergeAll(values),
    container: true,
    ...dictEntries(it, node, values),
    ...(constants ? { constantTable: true } : {}),
    ...(properties.size > 0 ? { properties } : {}),
    ...(properties.size > 0 &&
    properties.size === node.namedChildren.filter((child) => child.type !== 'comment').length
      ? { keyedOnly: true }
      : {}),
  };
}

function choose({
  it,
  condition,
  whenTrue,
  whenFalse,
}: {
  it: Interpreter;
  condition: SyntaxNode | null | undefined;
  whenTrue: SyntaxNode | null | undefined;
  whenFalse: SyntaxNode | null | undefined;
}): Value {
  const decided = condition ? evaluate(it, condition) : CLEAN;
  if (decided.known) {
    const taken = truthy(decided.constant) ? whenTrue : whenFalse;
    return taken ? evaluate(it, taken) : CLEAN;
  }
  // Each arm sees what the condition proves (`ALLOWED.includes(x) ? x : 'default'`).
  const saved = it.frame.scope;
  it.frame.scope = new Map(saved);
  if (condition) applyGuard(it, condition, true);
  const a = whenTrue ? evaluate(it, whenTrue) : CLEAN;
  it.frame.scope = new Map(saved);
  if (condition) applyGuard(it, condition, false);
  const b = whenFalse ? evaluate(it, whenFalse) : CLEAN;
  it.frame.scope = saved;
  return joinValues(a, b);
}

/**
 * `r.cmd` after `r = Runner()` (or `Runner().cmd`) for a class of the file: what its methods kept in `self.cmd`
 * from real sources (w135: `r.load()` stores the request's data, the caller reads it after the call).
 */
function instanceField(
  it: Interpreter,
  object: Value,
  at: { objectNode: SyntaxNode | null; property: string },
): Taint | undefined {
  const instanceOf = object.path?.match(/^(?:new )?([A-Za-z_$][\w$]*)\(\)$/)?.[1];
  if (!instanceOf || !it.classes.has(instanceOf)) return undefined;
  // only an instance one of whose methods the running code called before (review r32, a03/a04: `b = Runner()`
  // read while `a.load(q)` filled the class's field, here or in another route, was read as filled)
  const { objectNode, property } = at;
  if (objectNode?.type !== 'identifier') return undefined;
  const fn = it.frame.fn;
  let scope: SyntaxNode = fn ? (fn.body ?? fn.node) : objectNode;
  if (!fn) while (scope.parent) scope = scope.parent;
  const called = methodCallsIn(scope).get(objectNode.text);
  if (called === undefined || called > objectNode.startIndex) return undefined;
  const start = it.classStarts.get(instanceOf);
  return start === undefined ? undefined : it.fields.readOf(start, property);
}

/** The first `name.method(…)` call's position in a body, by the receiver's name (read once per body). */
function methodCallsIn(body: SyntaxNode): Map<string, number> {
  const known = METHOD_CALLS.get(body);
  if (known) return known;
  const first = new Map<string, number>();
  const stack = [body];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
      if (receiver?.type === 'identifier' && (first.get(receiver.text) ?? Infinity) > node.startIndex)
        first.set(receiver.text, node.startIndex);
    }
    stack.push(...node.namedChildren);
  }
  METHOD_CALLS.set(body, first);
  return first;
}
const METHOD_CALLS = new WeakMap<SyntaxNode, Map<string, number>>();

function member(it: Interpreter, node: SyntaxNode): Value {
  const made = functionConstructor(it, node);
  if (made) return made;
  const objectNode = node.childForFieldName('object');
  const propertyNode = node.childForFieldName('property') ?? node.childForFieldName('attribute');
  const stored = it.lookup(node.text);
  if (stored) return stored;
  const object = objectNode ? evaluate(it, objectNode) : CLEAN;
  const property = propertyNode?.text ?? '';
  const field =
    it.fields.read(it.frame.fn, objectNode, property) ?? instanceField(it, object, { objectNode, property });
  if (field)
    return {
      taint: mergeTaint(object.taint, field),
      path: `${object.path ?? objectNode?.text ?? '?'}.${property}`,
      rawPath: `${object.rawPath ?? objectNode?.text ?? '?'}.${property}`,
    };
  // `resp.headers` of `resp = Response("ok", headers={"X-A": x})`: the headers given where it was built
  const held = mergeTaint(object.taint, headersRead(object, property));
  const value: Value = {
    // `req.body.password`, `form.password`: a field named like a password holds one.
    taint: held && PASSWORD_NAME.test(property) ? passwordTaint(held) : held,
    path: `${object.path ?? objectNode?.text ?? '?'}.${property}`,
    rawPath: `${object.rawPath ?? objectNode?.text ?? '?'}.${property}`,
    // `__import__("os").system`, `sp.run` of `sp = importlib.import_module(…)`: a member of a module looked
    // up by name is hidden as the module is (`partial(__import__("os").system, …)` hides the call).
    ...(object.hidden ? { hidden: object.hidden } : {}),
  };
  // `BeautifulSoup(html.escape(q), "html.parser").text`: the entities come back as the markup is parsed
  if (value.taint && it.language === 'python' && readsParsedText([value.path, value.rawPath]))
    value.taint = escapingUndone(value.taint);
  // `stat.S_IWOTH`, `fs.constants.S_IRWXO`: file mode bits fold to their numbers.
  const bits = FILE_MODE_BITS.get(property);
  if (bits !== undefined && /^(?:stat|os|fs\.constants|constants)$/.test(object.path ?? ''))
    return { known: true, constant: bits };
  // `urlparse(src).hostname`: a check of this value checks `src`.
  if (object.urlOf && /^(?:hostname|netloc|host)$/.test(property)) value.hostOf = object.urlOf;
  if (object.kindChecked) value.kindChecked = true;
  // `p.stdin` of `p = Popen(["sh"], stdin=PIPE)`: what is written there is the shell's script (r48)
  if (object.stdinProgram && property === 'stdin') value.stdinProgram = true;
  // `window.location.origin`, `location.host`: the page's own, though `window.location` is a source.
  if (
    object.taint &&
    (it.rules.notSources.has(value.path ?? '') || it.rules.notSources.has(value.rawPath ?? ''))
  )
    return { path: value.path, rawPath: value.rawPath };
  if (object.known && typeof object.constant === 'string' && property === 'length')
    return { known: true, constant: object.constant.length };
  if (property === 'length') return { path: value.path, rawPath: value.rawPath };
  // `Path(name).name`: the last component alone, like `os.path.basename`.
  if (
    value.taint &&
    /^(?:name|stem|suffix)$/.test(property) &&
    /(?:^|\.)(?:Path|PurePath|PurePosixPath|PureWindowsPath)\(\)$/.test(object.path ?? '')
  )
    return { ...value, taint: clearTaint(value.taint, ['path-traversal']) };
  // Flask's request has no `contents`: reading it raises AttributeError, and no data comes of it.
  if (
    it.language === 'python' &&
    object.path === 'flask.request' &&
    missingAttribute({ text: it.text, at: node, objectPath: object.path, property })
  )
    return { path: value.path, rawPath: value.rawPath, raises: true };
  const source = withSources({ it, value, node, property });
  // An attribute of a value that always raises is never read (`Renderer().page` with nothing defining
  // `Renderer`); a source's name stays a source (`request.data` in a fragment that leaves its import out).
  if (object.raises && !(source && objectNode?.type === 'identifier'))
    return { path: value.path, rawPath: value.rawPath, raises: true };
  const read = source ?? value;
  return read.taint && !read.taint.password && PASSWORD_NAME.test(property)
    ? { ...read, taint: passwordTaint(read.taint) }
    : read;
}

/**
 * A value whose name is a source (`request.args`, `process.argv`) becomes tainted. A scoped source
 * (`request.files[].filename`, the client's name for an upload) adds its label to data already tainted,
 * unless that data was checked for the rules it is scoped to (an extension allow-list).
 */
function withSources({
  it,
  value,
  node,
  property,
}: {
  it: Interpreter;
  value: Value;
  node: SyntaxNode;
  property?: string;
}): Value | undefined {
  // Scoped sources all end in a property (`.filename`, `.originalname`): only those names are looked up.
  const scoped =
    property !== undefined && it.rules.scopedLastNames.has(property)
      ? it.rules.scopedSourcePaths.match([value.path, value.rawPath])[0]
      : undefined;
  if (scoped && !value.kindChecked)
    return { ...value, taint: mergeTaint(value.taint, it.sourceTaint(scoped, node.startPosition.row + 1)) };
  if (value.taint) return undefined;
  const label = it.rules.sourcePaths.match([value.path, value.rawPath])[0];
  return label ? { ...value, taint: it.sourceTaint(label, node.startPosition.row + 1) } : undefined;
}

/** `password == "Adm1n!"`, `token === 'abc'`: an equality test of a named value against a non-empty literal. */
function literalComparison({ it, node, left, right, a, b }: Comparison & { a: Value; b: Value }): void {
  const isLiteral = (child: SyntaxNode, value: Value) =>
    child.type === 'string' && value.known && typeof value.constant === 'string' && value.constant !== '';
  // `hmac.new(...).hexdigest() == signature`: two computed values, one named like a secret or a digest.
  if (it.rules.secretComparePatterns.length > 0 && !a.known && !b.known) {
    secretComparePatterns({ it, node, left, right });
    return;
  }
  if (it.rules.comparePatterns.length === 0) return;
  if (isLiteral(right, b) && !isLiteral(left, a)) comparePatterns({ it, node, other: left, literal: b });
  else if (isLiteral(left, a) && !isLiteral(right, b))
    comparePatterns({ it, node, other: right, literal: a });
}

/** Literals whose repetition allocates: `"x" * n`, `[0] * n`, `b"\0" * n`. */
const SEQUENCE_LITERAL = /^(?:string|list|tuple|concatenated_string|array|template_string)$/;

/** `stat` module constants for file mode bits. */
const FILE_MODE_BITS = new Map<string, number>([
  ['S_IRWXU', 0o700],
  ['S_IRUSR', 0o400],
  ['S_IWUSR', 0o200],
  ['S_IXUSR', 0o100],
  ['S_IRWXG', 0o70],
  ['S_IRGRP', 0o40],
  ['S_IWGRP', 0o20],
  ['S_IXGRP', 0o10],
  ['S_IRWXO', 0o7],
  ['S_IROTH', 0o4],
  ['S_IWOTH', 0o2],
  ['S_IXOTH', 0o1],
]);

/**
 * The character of constant text at a constant whole-number index: Python counts code points and its negative
 * indexes from the end; JavaScript counts UTF-16 units and a negative index gives `undefined`. Undefined outside
 * the text (Python raises) and for anything but text and an integer.
 */
function characterAt({
  object,
  index,
  python,
}: {
  object: Value;
  index: Value;
  python: boolean;
}): string | undefined {
  if (!object.known || object.inexact || typeof object.constant !== 'string') return undefined;
  if (!index.known || typeof index.constant !== 'number' || !Number.isInteger(index.constant))
    return undefined;
  const characters = python ? [...object.constant] : object.constant.split('');
  const at = python && index.constant < 0 ? characters.length + index.constant : index.constant;
  return at >= 0 && at < characters.length ? characters[at] : undefined;
}
