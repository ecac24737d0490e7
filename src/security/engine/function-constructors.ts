import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { unparenthesized as unwrapped } from './syntax-nodes.js';
import type { Value } from './taint.js';

/**
 * JavaScript's other function constructors (issue 59, w230): `Object.getPrototypeOf(async function () {})
 * .constructor` is `AsyncFunction`, `(function* () {}).constructor` is `GeneratorFunction`, `(() => {}).constructor`
 * is `Function` itself; each makes a function of the text it is given, as `new Function(code)` does. A function
 * literal has no name in the engine, so the `constructor` read off one (or off its prototype) is named here as
 * `Function`, hidden, and the code-injection sinks of `Function` judge its call. Only a literal written right
 * there: the `constructor` of any other value (`new (Object.getPrototypeOf(obj).constructor)(data)`, the clone
 * idiom) is that value's own class.
 */
export function functionConstructor(it: Interpreter, node: SyntaxNode): Value | undefined {
  if (it.language === 'python') return undefined;
  const read = unwrapped(node);
  if (read.type !== 'member_expression' || read.childForFieldName('property')?.text !== 'constructor')
    return undefined;
  const object = read.childForFieldName('object');
  if (!object || !functionOrItsPrototype(it, unwrapped(object))) return undefined;
  return { path: 'Function', rawPath: 'Function', hidden: node.text };
}

/**
 * A function (a literal, or a name declared as one), or `Object.getPrototypeOf(…)`/`Reflect.getPrototypeOf(…)`/
 * `….__proto__` of one.
 */
function functionOrItsPrototype(it: Interpreter, node: SyntaxNode): boolean {
  if (isFunction(it, node)) return true;
  if (node.type === 'member_expression' && node.childForFieldName('property')?.text === '__proto__') {
    const object = node.childForFieldName('object');
    return !!object && isFunction(it, unwrapped(object));
  }
  if (node.type !== 'call_expression') return false;
  const callee = node.childForFieldName('function');
  const given = node.childForFieldName('arguments')?.namedChildren ?? [];
  return (
    !!callee && GET_PROTOTYPE.test(callee.text) && given.length === 1 && isFunction(it, unwrapped(given[0]!))
  );
}

/**
 * A function literal, or a name that holds a function where it is read (w236): `async function f() {}`,
 * `function* g() {}`, `const h = async () => {}` in the nearest scope declaring the name, which the run has bound
 * to no value since (`let h = …; h = req.body` holds the data) and no import or parameter of that name hides.
 */
function isFunction(it: Interpreter, node: SyntaxNode): boolean {
  if (FUNCTION_LITERAL.test(node.type)) return true;
  if (node.type !== 'identifier' || it.lookup(node.text) || it.aliases.has(node.text)) return false;
  return declaredFunction(node);
}

/** Whether the nearest scope around `name` that declares it declares a function (not a value, a parameter). */
function declaredFunction(name: SyntaxNode): boolean {
  for (let scope = name.parent; scope; scope = scope.parent) {
    if (FUNCTION_SCOPE.test(scope.type)) {
      const parameters = scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter');
      if (parameters && bindsName(parameters, name.text)) return false;
      continue;
    }
    if (scope.type !== 'statement_block' && scope.type !== 'program') continue;
    for (const child of scope.namedChildren) {
      const statement =
        child.type === 'export_statement' ? (child.childForFieldName('declaration') ?? child) : child;
      if (/^(?:generator_)?function_declaration$/.test(statement.type)) {
        if (statement.childForFieldName('name')?.text === name.text) return true;
        continue;
      }
      if (statement.type === 'class_declaration' && statement.childForFieldName('name')?.text === name.text)
        return false;
      if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration') continue;
      for (const declarator of statement.namedChildren) {
        if (declarator.type !== 'variable_declarator') continue;
        const target = declarator.childForFieldName('name');
        if (!target || !bindsName(target, name.text)) continue;
        const value = declarator.childForFieldName('value');
        return target.type === 'identifier' && !!value && FUNCTION_LITERAL.test(unwrapped(value).type);
      }
    }
  }
  return false;
}

/** An identifier `text` anywhere in a parameter list or a binding pattern. */
function bindsName(node: SyntaxNode, text: string): boolean {
  if (
    (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') &&
    node.text === text
  )
    return true;
  return node.namedChildren.some((child) => bindsName(child, text));
}

const FUNCTION_SCOPE =
  /^(?:function_declaration|generator_function_declaration|function_expression|function|generator_function|arrow_function|method_definition)$/;

const FUNCTION_LITERAL = /^(?:function_expression|function|generator_function|arrow_function)$/;
const GET_PROTOTYPE = /^(?:Object|Reflect)\.getPrototypeOf$/;
