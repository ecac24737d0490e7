import { mayBindAgain, tableOf } from './call-targets.js';
import type { CallSite } from './conditions.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { patchedInPlace, rootRebound } from './module-patches.js';
import type { Value } from './taint.js';

/**
 * Flask calls that raise TypeError on a keyword they do not take, before they build anything (issue 59, w194):
 * `flask.make_response(*args)` takes positional arguments only, and Werkzeug's `Response` (Flask's subclass adds
 * no constructor) takes the six below, in every release from 0.x to 3.1. Models write `make_response(body,
 * content_type=…)` and `Response(body, mime_type=…)`: the route raises, so no header is set and no page is sent.
 * Checked on Flask 3.1.3 / Werkzeug 3.1.
 */
const POSITIONAL_ONLY = new Set(['flask.make_response', 'flask.helpers.make_response']);
const RESPONSE_CLASSES = new Set([
  'flask.Response',
  'flask.wrappers.Response',
  'werkzeug.Response',
  'werkzeug.wrappers.Response',
  'werkzeug.wrappers.response.Response',
  'werkzeug.sansio.response.Response',
]);
const RESPONSE_KEYWORDS = new Set([
  'response',
  'status',
  'headers',
  'mimetype',
  'content_type',
  'direct_passthrough',
]);

/**
 * Whether the Python call always raises TypeError for a keyword its callee does not take. `site.keywords` are
 * lower-cased, so a keyword that differs from a taken one by case only (`Mimetype=`) is not judged. Not judged
 * either where the name may hold something else when called: a callee joined from several bindings, a name the
 * file binds more than once, a module the file patches (`flask.make_response = loose`) or whose name it rebinds,
 * or a file that runs code from a string.
 */
export function refusedKeyword({
  it,
  call,
  callee,
  site,
}: {
  it: Interpreter;
  call: SyntaxNode;
  callee: Value;
  site: CallSite;
}): boolean {
  const path = callee.path;
  if (!path || callee.either || site.keywords.size === 0) return false;
  const refused = POSITIONAL_ONLY.has(path)
    ? true
    : RESPONSE_CLASSES.has(path) && [...site.keywords.keys()].some((name) => !RESPONSE_KEYWORDS.has(name));
  if (!refused) return false;
  const calleeNode = call.childForFieldName('function');
  if (!calleeNode || (calleeNode.type !== 'identifier' && calleeNode.type !== 'attribute')) return false;
  if (calleeNode.type === 'identifier' && mayBindAgain(it, calleeNode)) return false;
  const table = tableOf(it, call);
  return !table.runsCode && !rootRebound(table, call) && !patchedInPlace(table, path);
}
