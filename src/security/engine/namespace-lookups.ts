import type { CallSite } from './conditions.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import type { Value } from './taint.js';

/**
 * A module reached by a constant name through its namespace, as a value (issue 59, w230): `sys.modules["os"]` is
 * the module `os`; `vars(tempfile)["mktemp"]`, `tempfile.__dict__["mktemp"]` and
 * `importlib.import_module("os").__dict__["system"]` are that module's member, as `getattr` with a constant name
 * is (`calls.ts`' `resolvedIndirection`). Marked hidden, so a call of it later (`fn = vars(tempfile)["mktemp"];
 * fn()`, `sys.modules["os"].system(c)`) is matched and reported as the member it names. Only a module's
 * namespace: an object's (`self.__dict__["x"]`, `vars(obj)[k]`) keeps its fields where `FieldStore` has them.
 */
export function namespaceLookup({
  it,
  node,
  objectNode,
  object,
  index,
}: {
  it: Interpreter;
  node: SyntaxNode;
  objectNode: SyntaxNode | null | undefined;
  object: Value;
  index: Value;
}): Value | undefined {
  if (it.language !== 'python' || !objectNode || object.taint) return undefined;
  if (!index.known || typeof index.constant !== 'string') return undefined;
  const key = index.constant;
  // `sys.modules["os"]`, `sys.modules["os.path"]`: the module so named
  if (object.path === 'sys.modules' && !it.lookup('sys') && MODULE_NAME.test(key))
    return { path: key, rawPath: key, hidden: node.text };
  if (!MEMBER_NAME.test(key)) return undefined;
  const base = namespaceOf(it, objectNode, object);
  if (!base?.path || base.taint || !isModule(it, base)) return undefined;
  const path = `${base.path}.${key}`;
  const rawPath = `${base.rawPath ?? base.path}.${key}`;
  // `vars(flask)["request"]`-like reads of a source stay the source
  const label = it.rules.sourcePaths.match([path, rawPath])[0];
  return {
    path,
    rawPath,
    hidden: node.text,
    ...(label ? { taint: it.sourceTaint(label, node.startPosition.row + 1) } : {}),
  };
}

/**
 * The same lookup through the dictionary's `get` (w236): `vars(os).get("system")`, `os.__dict__.get("system")`,
 * `sys.modules.get("os")` are what `[…]` with that key gives. A default (`get("system", print)`) is read only when
 * the module lacks the name; the member is what the call names, so it is the member. Any other method of the
 * namespace (`keys()`, `items()`), a key not constant, keywords or a spread: nothing here.
 */
export function namespaceGet({
  it,
  node,
  calleeNode,
  receiver,
  site,
}: {
  it: Interpreter;
  node: SyntaxNode;
  calleeNode: SyntaxNode;
  receiver: Value | undefined;
  site: CallSite;
}): Value | undefined {
  if (it.language !== 'python' || !receiver || calleeNode.type !== 'attribute') return undefined;
  if (calleeNode.childForFieldName('attribute')?.text !== 'get') return undefined;
  if (site.hasSpread || site.keywords.size > 0 || site.args.length < 1 || site.args.length > 2)
    return undefined;
  const objectNode = calleeNode.childForFieldName('object');
  return namespaceLookup({ it, node, objectNode, object: receiver, index: site.args[0]! });
}

const MODULE_NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const MEMBER_NAME = /^[A-Za-z_]\w*$/;

/** What `X.__dict__` or the built-in `vars(X)` is the namespace of: `X`'s value. */
function namespaceOf(it: Interpreter, objectNode: SyntaxNode, object: Value): Value | undefined {
  if (object.path?.endsWith('.__dict__')) {
    const strip = (path: string | undefined) => path?.slice(0, -'.__dict__'.length);
    return {
      path: strip(object.path),
      rawPath: strip(object.rawPath ?? object.path),
      ...(object.hidden ? { hidden: object.hidden } : {}),
    };
  }
  if (objectNode.type !== 'call') return undefined;
  const callee = objectNode.childForFieldName('function');
  const given = objectNode.childForFieldName('arguments')?.namedChildren ?? [];
  const argument = given[0];
  if (callee?.type !== 'identifier' || callee.text !== 'vars' || given.length !== 1 || !argument)
    return undefined;
  // the built-in only: a `vars` the file binds or imports is something else
  if (it.lookup('vars') || it.aliases.has('vars') || it.allFunctions.some((fn) => fn.name === 'vars'))
    return undefined;
  // a name, a dotted name or a namespace lookup: evaluating it again runs nothing
  if (!/^(?:identifier|attribute|subscript)$/.test(argument.type)) return undefined;
  return it.expr(argument);
}

/** A module: the name of an import of the file, or one reached by name (`import_module("os")`, `sys.modules`). */
function isModule(it: Interpreter, value: Value): boolean {
  if (value.hidden) return true;
  const root = (value.rawPath ?? value.path ?? '').split('.')[0]!;
  return it.aliases.has(root) && !it.lookup(root);
}
