import { isTestFile, looksGenerated } from '../secrets.js';
import { foldBinary, foldUnary, numberLiteral, truthy } from './constants.js';
import { fixOrigin } from './fixed-origin.js';
import { applyGuard } from './guards.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { assignmentPatterns, jsxSinks, regexLiteralPatterns, stringPatterns } from './sinks.js';
import { isFunctionNode, lastName, leadingText, stringText } from './syntax-nodes.js';
import { builtTaint, CLEAN, clearTaint, joinValues, mergeAll, mergeTaint, type Value } from './taint.js';

/**
 * Expressions evaluate to values: taint (where the data came from and what it was cleaned for), a
 * constant when one is known, and a dotted name for matching rules (`subprocess.run`, `req.query`).
 */
export function evaluate(it: Interpreter, node: SyntaxNode): Value {
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'this':
    case 'self': {
      const found = it.lookup(node.text);
      if (found) return found;
      const alias = it.aliases.get(node.text);
      const value: Value = { path: alias ?? node.text, rawPath: node.text };
      return withSources(it, value, node) ?? value;
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
    case 'binary_operator':
    case 'binary_expression':
    case 'boolean_operator':
      return binary(it, node);
    case 'comparison_operator': {
      const operands = node.namedChildren.map((child) => evaluate(it, child));
      const operators = node.children.filter((child) => !child.isNamed).map((child) => child.text);
      if (operands.length === 2 && operators.length >= 1) {
        const folded = foldBinary(operators.join(' '), operands[0]!, operands[1]!);
        if (folded) return folded;
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
      return choose(it, condition, whenTrue, whenFalse);
    }
    case 'ternary_expression':
      return choose(
        it,
        node.childForFieldName('condition'),
        node.childForFieldName('consequence'),
        node.childForFieldName('alternative'),
      );
    case 'attribute':
    case 'member_expression':
      return member(it, node);
    case 'subscript':
    case 'subscript_expression': {
      const objectNode = node.childForFieldName('value') ?? node.childForFieldName('object');
      const indexNode = node.childForFieldName('subscript') ?? node.childForFieldName('index');
      const object = objectNode ? evaluate(it, objectNode) : CLEAN;
      if (indexNode) evaluate(it, indexNode);
      // `STATUS_PILLS[order.status]`, `COLUMNS[request.GET["sort"]]`: a table of this file's own constants
      // looked up by any key gives one of its values (or nothing), never the key.
      if (object.constantTable && !object.taint)
        return { inert: true, path: `${object.path ?? '?'}[]`, rawPath: `${object.rawPath ?? '?'}[]` };
      const value: Value = {
        taint: object.taint,
        path: `${object.path ?? '?'}[]`,
        rawPath: `${object.rawPath ?? '?'}[]`,
      };
      return withSources(it, value, node) ?? value;
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
      if (isFunctionNode(right)) return CLEAN;
      const value = it.withContext(lastName(left), () => evaluate(it, right));
      it.bind(left, value, right);
      return value;
    }
    case 'augmented_assignment':
    case 'augmented_assignment_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return CLEAN;
      const value = {
        taint: builtTaint(
          mergeTaint(
            evaluate(it, left).taint,
            it.withContext(lastName(left), () => evaluate(it, right)).taint,
          ),
        ),
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
      it.inlineFunction(node, undefined);
      return CLEAN;
    }
    case 'jsx_element':
    case 'jsx_self_closing_element':
    case 'jsx_opening_element':
      jsxSinks(it, node);
      return CLEAN;
    case 'regex':
      regexLiteralPatterns(it, node);
      return CLEAN;
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
    case 'list':
    case 'set':
    case 'array': {
      const values = node.namedChildren.map((child) => evaluate(it, child));
      return { taint: mergeAll(values), elements: values };
    }
    case 'dictionary':
    case 'object':
      return objectLiteral(it, node);
    default: {
      const values = node.namedChildren.map((child) => evaluate(it, child));
      return { taint: mergeAll(values) };
    }
  }
}

/** A string literal: a constant, or (an f-string) the taint of its interpolations, built. */
function stringValue(it: Interpreter, node: SyntaxNode): Value {
  const interpolations = node.namedChildren.filter((child) => child.type === 'interpolation');
  if (it.rules.stringPatterns.length > 0 && node.text.length > 8) stringPatterns(it, node, node.text);
  if (interpolations.length === 0) return { known: true, constant: stringText(node) };
  const values = interpolations.map((child) => {
    const inner = child.childForFieldName('expression') ?? child.namedChildren[0];
    return inner ? evaluate(it, inner) : CLEAN;
  });
  return { taint: fixOrigin(builtTaint(mergeAll(values)), constantPrefix(node, interpolations, values)) };
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
    return { known: true, constant: stringText(node) };
  if (values.every((value) => value.known))
    return { known: true, constant: values.map((value) => String(value.constant)).join('') };
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
  const folded = foldBinary(operator, a, b);
  if (folded) return folded;
  if (/^(?:[<>]=?|[!=]==?|in|instanceof|is)$/.test(operator)) return CLEAN;
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
  return { taint: fixOrigin(builtTaint(taint), leading) };
}

/** A dict/object literal; `{ password: 'S3cr3t!' }` kept in a config object is a hard-coded credential too. */
function objectLiteral(it: Interpreter, node: SyntaxNode): Value {
  const values: Value[] = [];
  for (const child of node.namedChildren) {
    const value = evaluate(it, child);
    values.push(value);
    const key = child.type === 'pair' ? child.childForFieldName('key') : null;
    const valueNode = child.type === 'pair' ? child.childForFieldName('value') : null;
    if (!key || !valueNode || key.type === 'computed_property_name') continue;
    const name = key.type === 'string' ? stringText(key) : key.text;
    // Fixtures fill objects with passwords: only outside tests, and only values that look made
    // to be secret (a digit, a symbol or mixed case), not `{ password: 'changed' }`.
    const text = value.known && typeof value.constant === 'string' ? value.constant : '';
    if (name && !isTestFile(it.file) && looksGenerated(text))
      assignmentPatterns(
        it,
        child,
        name,
        value,
        valueNode,
        [name],
        (matcher) => !!matcher.spec.valueSecretString,
      );
  }
  const constants =
    values.length > 0 &&
    node.namedChildren.every(
      (child, index) => child.type === 'comment' || (child.type === 'pair' && values[index]?.known),
    ) &&
    node.namedChildren.some((child) => child.type === 'pair');
  return { taint: mergeAll(values), container: true, ...(constants ? { constantTable: true } : {}) };
}

function choose(
  it: Interpreter,
  condition: SyntaxNode | null | undefined,
  whenTrue: SyntaxNode | null | undefined,
  whenFalse: SyntaxNode | null | undefined,
): Value {
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

function member(it: Interpreter, node: SyntaxNode): Value {
  const objectNode = node.childForFieldName('object');
  const propertyNode = node.childForFieldName('property') ?? node.childForFieldName('attribute');
  const stored = it.lookup(node.text);
  if (stored) return stored;
  const object = objectNode ? evaluate(it, objectNode) : CLEAN;
  const property = propertyNode?.text ?? '';
  const field = it.fields.read(it.frame.fn, objectNode, property);
  if (field)
    return {
      taint: mergeTaint(object.taint, field),
      path: `${object.path ?? objectNode?.text ?? '?'}.${property}`,
      rawPath: `${object.rawPath ?? objectNode?.text ?? '?'}.${property}`,
    };
  const value: Value = {
    taint: object.taint,
    path: `${object.path ?? objectNode?.text ?? '?'}.${property}`,
    rawPath: `${object.rawPath ?? objectNode?.text ?? '?'}.${property}`,
  };
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
  return withSources(it, value, node) ?? value;
}

/** A value whose name is a source (`request.args`, `process.argv`) becomes tainted. */
function withSources(it: Interpreter, value: Value, node: SyntaxNode): Value | undefined {
  if (value.taint) return undefined;
  const label = it.rules.sourcePaths.match([value.path, value.rawPath])[0];
  return label ? { ...value, taint: it.sourceTaint(label, node.startPosition.row + 1) } : undefined;
}
