import type { CallSite } from './conditions.js';
import { fileBindings } from './file-bindings.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
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
