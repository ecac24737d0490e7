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
  if (!object || !functionOrItsPrototype(unwrapped(object))) return undefined;
  return { path: 'Function', rawPath: 'Function', hidden: node.text };
}

/** A function literal, or `Object.getPrototypeOf(…)`/`Reflect.getPrototypeOf(…)`/`….__proto__` of one. */
function functionOrItsPrototype(node: SyntaxNode): boolean {
  if (FUNCTION_LITERAL.test(node.type)) return true;
  if (node.type === 'member_expression' && node.childForFieldName('property')?.text === '__proto__') {
    const object = node.childForFieldName('object');
    return !!object && FUNCTION_LITERAL.test(unwrapped(object).type);
  }
  if (node.type !== 'call_expression') return false;
  const callee = node.childForFieldName('function');
  const given = node.childForFieldName('arguments')?.namedChildren ?? [];
  return (
    !!callee &&
    GET_PROTOTYPE.test(callee.text) &&
    given.length === 1 &&
    FUNCTION_LITERAL.test(unwrapped(given[0]!).type)
  );
}

const FUNCTION_LITERAL = /^(?:function_expression|function|generator_function|arrow_function)$/;
const GET_PROTOTYPE = /^(?:Object|Reflect)\.getPrototypeOf$/;
