import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { rootIdentifier } from './syntax-nodes.js';
import type { Value } from './taint.js';

/**
 * Whether a call made as a statement ends the path (issue 59, w69): only when the language or a library the
 * file resolves the call to guarantees that it never returns (`calls.terminatingIn`,
 * `rules/security/_sources.json`). The call is judged by the name it resolves to (`value.path`), never by
 * its last attribute or by how it is spelled: `ftp.abort()` is no Flask `abort`, Express's
 * `res.redirect()` and `next()` return and the handler runs on.
 *
 * - A dotted name (`flask.abort`, `sys.exit`) in Python ends the path only when the call is written from a
 *   name the file imports (`from flask import abort`, `import flask as F`) or a variable bound to one
 *   (`stop = flask.abort`): a `flask` the file never imports is unknown, not Flask. JavaScript's names (`next.navigation.notFound`, resolved
 *   through `require`/`import`; `process.exit`; Koa's `ctx.throw`) match as resolved.
 * - A bare name (Python's built-in `exit`, `quit`) ends the path only when the call spells it and nothing in
 *   the file binds it: no variable, parameter, import, function or class of that name, and no `import *`
 *   that may bring one.
 */
export function endsPath(it: Interpreter, call: SyntaxNode, value: Value): boolean {
  const path = value.path?.replace(/\(\)$/, '');
  if (!path || !it.rules.terminatingCalls.test(path)) return false;
  const dot = path.indexOf('.');
  if (dot < 0) return builtin(it, call, path);
  return it.language !== 'python' || importedRoot(it, call);
}

/**
 * Whether the name a Python call is written with starts at an import: `abort` from `from flask import
 * abort`, `F` from `import flask as F`, or a variable bound to such a name (`stop = flask.abort`).
 */
function importedRoot(it: Interpreter, call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  const written = callee ? rootIdentifier(callee) : undefined;
  if (!written) return false;
  const bound = it.lookup(written);
  if (!bound) return it.aliases.has(written);
  const root = bound.rawPath?.split('.')[0];
  return !!root && root !== written && it.aliases.has(root) && !it.lookup(root);
}

const STAR_IMPORT = /\bimport\s*\*/;

function builtin(it: Interpreter, call: SyntaxNode, name: string): boolean {
  const callee = call.childForFieldName('function');
  return (
    callee?.type === 'identifier' &&
    callee.text === name &&
    it.lookup(name) === undefined &&
    !it.aliases.has(name) &&
    !it.functions.has(name) &&
    !it.classes.has(name) &&
    !STAR_IMPORT.test(it.text)
  );
}
