import type { CallSite } from './conditions.js';
import { fileBindings } from './file-bindings.js';
import { preorder, type LiteNode as SyntaxNode } from './lite-tree.js';
import type { Value } from './taint.js';

/**
 * The path given to a TLS context made for the server's side of a connection (issue 59, w134). CPython makes
 * `ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)` as `SSLContext(PROTOCOL_TLS_SERVER)` since 3.10: it
 * authenticates clients, and as a client it cannot connect at all (`wrap_socket(…, server_side=False)` raises).
 * On it `verify_mode = CERT_NONE` asks the client for no certificate, which is the default, and `check_hostname`
 * (off by default) checks no server's name. The TLS rule leaves assignments to such a context out by this path.
 */
export const SERVER_CONTEXT = 'ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)';

/**
 * The names that make a server's context, and the context's own path: each holds only where every branch gives
 * it (`joinValues`, taint.ts). `PURPOSE = CLIENT_AUTH if s else SERVER_AUTH`, a context rebound to a client's
 * on one branch, in a loop's body or through `global` in a helper: the joined value is no server's (review r32).
 */
export const EVERY_SIDE_PATHS: ReadonlySet<string> = new Set([
  SERVER_CONTEXT,
  'ssl.Purpose.CLIENT_AUTH',
  'ssl.PROTOCOL_TLS_SERVER',
]);

/** Whether the call (its callee resolved) makes a server-side context: the purpose or protocol is that constant, named. */
export function makesServerContext(callee: string | undefined, site: CallSite): boolean {
  if (site.hasSpread) return false;
  if (callee === 'ssl.create_default_context')
    return (
      namedAs(site.args[0] ?? site.keywords.get('purpose'), 'ssl.Purpose.CLIENT_AUTH') &&
      !nameBoundAgain(site.node, 'purpose')
    );
  if (callee === 'ssl.SSLContext')
    return (
      namedAs(site.args[0] ?? site.keywords.get('protocol'), 'ssl.PROTOCOL_TLS_SERVER') &&
      !nameBoundAgain(site.node, 'protocol')
    );
  return false;
}

/**
 * Whether the purpose or protocol is a name the file binds more than once, a `global` declaration counting
 * (review r32, c07: `PURPOSE = Purpose.CLIENT_AUTH`, a helper's `global PURPOSE; PURPOSE = Purpose.SERVER_AUTH`,
 * which the engine does not follow into the caller): it may hold a client's purpose when the call runs.
 */
function nameBoundAgain(call: SyntaxNode | undefined, keyword: string): boolean {
  const list = call?.childForFieldName('arguments');
  if (!list) return false;
  const given = list.namedChildren.filter((child) => child.type !== 'comment');
  const first = given[0]?.type === 'keyword_argument' ? undefined : given[0];
  const argument =
    first ??
    given
      .find((child) => child.type === 'keyword_argument' && child.childForFieldName('name')?.text === keyword)
      ?.childForFieldName('value');
  if (argument?.type !== 'identifier') return false;
  return (fileBindings(argument).names.get(argument.text)?.length ?? 0) > 1;
}

const namedAs = (value: Value | undefined, name: string) => value?.path === name;

/** The path `calls.ts` gives `ssl.create_default_context(…)` whose purpose is not a server's (see above). */
const DEFAULT_CONTEXT = 'ssl.create_default_context()';
/** Text that may turn hostname checking off without an assignment the TLS rule sees, or hand the context on. */
const HOSTNAME_WRITES = /check_hostname|__set|__dict__|\bvars\s*\(/;

/**
 * Whether `ctx.verify_mode = …` raises ValueError because `ctx` is a client's default context whose hostname
 * check is still on (issue 59, w194): CPython refuses `CERT_NONE` there ("Cannot set verify_mode to CERT_NONE
 * when check_hostname is enabled"), so the assignment changes nothing. `ssl.create_default_context()` turns the
 * check on; a server's purpose gives `SERVER_CONTEXT` instead, and a purpose that is not a constant may be a
 * server's, where `CERT_NONE` is the default anyway. Judged only where nothing can have turned the check off
 * first: the name is bound once in its scope, to that call; every other mention of it in that scope is a
 * public attribute of it (`ctx.options |= …`, `ctx.load_verify_locations(…)`) or `return ctx`, so no other
 * code is handed the context; the file's code (comments and docstrings aside) never names `check_hostname`
 * (a write of it is the TLS rule's own finding), `__setattr__`, `__dict__` or `vars(`, binds nothing by a
 * dynamic form (`setattr`, `exec`…), and patches nothing of `ssl.create_default_context`.
 */
export function hostnameCheckRefuses({
  target,
  object,
  fileCode,
  patched,
}: {
  target: SyntaxNode;
  object: Value;
  fileCode: () => string;
  patched: (path: string) => boolean;
}): boolean {
  if (target.type !== 'attribute' || target.childForFieldName('attribute')?.text !== 'verify_mode')
    return false;
  const objectNode = target.childForFieldName('object');
  if (objectNode?.type !== 'identifier' || object.path !== DEFAULT_CONTEXT || object.either) return false;
  const table = fileBindings(target);
  if (table.dynamic || HOSTNAME_WRITES.test(fileCode()) || patched('ssl.create_default_context'))
    return false;
  const name = objectNode.text;
  const scope = scopeOf(target);
  const bindings = (table.names.get(name) ?? []).filter((binding) => binding.scope === scope);
  const only = bindings[0];
  if (bindings.length !== 1 || only?.kind !== 'assignment' || only.value?.type !== 'call') return false;
  let handedOn = false;
  preorder(scope ?? root(target), (node) => {
    if (handedOn) return false;
    if (node.type !== 'identifier' || node.text !== name || node === only.node) return;
    const parent = node.parent;
    const attribute = parent?.type === 'attribute' && parent.childForFieldName('object') === node;
    const publicAttribute = attribute && !parent.childForFieldName('attribute')?.text.startsWith('_');
    if (!publicAttribute && parent?.type !== 'return_statement') handedOn = true;
  });
  return !handedOn;
}

/** The function, lambda or class whose scope a node is written in; null at module level. */
function scopeOf(node: SyntaxNode): SyntaxNode | null {
  for (let up = node.parent; up; up = up.parent)
    if (up.type === 'function_definition' || up.type === 'lambda' || up.type === 'class_definition')
      return up;
  return null;
}

function root(node: SyntaxNode): SyntaxNode {
  let top = node;
  while (top.parent) top = top.parent;
  return top;
}
