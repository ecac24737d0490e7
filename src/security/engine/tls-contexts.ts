import type { CallSite } from './conditions.js';
import type { Value } from './taint.js';

/**
 * The path given to a TLS context made for the server's side of a connection (issue 59, w134). CPython makes
 * `ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)` as `SSLContext(PROTOCOL_TLS_SERVER)` since 3.10: it
 * authenticates clients, and as a client it cannot connect at all (`wrap_socket(…, server_side=False)` raises).
 * On it `verify_mode = CERT_NONE` asks the client for no certificate, which is the default, and `check_hostname`
 * (off by default) checks no server's name. The TLS rule leaves assignments to such a context out by this path.
 */
export const SERVER_CONTEXT = 'ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)';

/** Whether the call (its callee resolved) makes a server-side context: the purpose or protocol is that constant, named. */
export function makesServerContext(callee: string | undefined, site: CallSite): boolean {
  if (site.hasSpread) return false;
  if (callee === 'ssl.create_default_context')
    return namedAs(site.args[0] ?? site.keywords.get('purpose'), 'ssl.Purpose.CLIENT_AUTH');
  if (callee === 'ssl.SSLContext')
    return namedAs(site.args[0] ?? site.keywords.get('protocol'), 'ssl.PROTOCOL_TLS_SERVER');
  return false;
}

const namedAs = (value: Value | undefined, name: string) => value?.path === name;
