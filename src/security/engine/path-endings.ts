import { boundBesidesImports, type FileBindings, fileBindings, oneImport } from './file-bindings.js';
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
  if (it.language !== 'python') return !localRoot(it, call, path);
  const file = fileBindings(call);
  if (file.dynamic) return false;
  if (dot < 0) return builtin(it, call, path);
  return !file.attributes.has(path.slice(path.lastIndexOf('.') + 1)) && importedRoot(it, call);
}

/**
 * Whether the name a Python call is written with starts at an import the file never rebinds: `abort` from
 * `from flask import abort`, `F` from `import flask as F`, or a variable bound to such a name once in the
 * whole file (`stop = flask.abort`; bound twice, `stop = print` on a branch, it may be either). A name the
 * file also defines (`def abort`), assigns (`abort = lambda *a: None`, in any function or after the route)
 * or binds otherwise never ends a path: which binding a call sees is the runtime's, not a guess of ours.
 */
function importedRoot(it: Interpreter, call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  const written = callee ? rootIdentifier(callee) : undefined;
  if (!written || definedHere(it, written)) return false;
  const file = fileBindings(call);
  const bound = it.lookup(written);
  if (!bound) return importedOnly(file, written) && it.aliases.has(written);
  const root = bound.rawPath?.split('.')[0];
  return (
    !!root &&
    root !== written &&
    boundBesidesImports(file, written).length === 1 &&
    !file.names.get(written)?.some((binding) => binding.kind === 'import') &&
    it.aliases.has(root) &&
    !definedHere(it, root) &&
    importedOnly(file, root) &&
    !it.lookup(root)
  );
}

/**
 * Whether a JavaScript call's written root is the file's own binding, not the module or global its resolved
 * name says (review r12 of w69, F8): a `process` parameter or `const process = {…}`, a block's `const redirect`
 * over `next/navigation`'s, a function of the file so named. Koa's `ctx` is a parameter by nature: `ctx.throw`
 * is Koa's only in a file that imports `koa` and declares no `ctx` of its own.
 */
function localRoot(it: Interpreter, call: SyntaxNode, path: string): boolean {
  const callee = call.childForFieldName('function');
  const written = callee ? rootIdentifier(callee) : undefined;
  if (!written) return false;
  if (path === 'ctx.throw')
    return !KOA_IMPORT.test(it.text) || /\b(?:const|let|var|function|class)\s+ctx\b/.test(it.text);
  // a function the file names so (`function redirect`, a callback's `const redirect = (u) => …`)
  if (definedHere(it, written) || it.allFunctions.some((fn) => fn.name === written)) return true;
  const bound = it.lookup(written);
  // a parameter's value is named by the parameter (`path: name`): only a value resolved to a module is one
  return bound !== undefined && !(bound.path && bound.path !== written && path.startsWith(bound.path));
}

const KOA_IMPORT = /\brequire\(\s*['"]koa['"]\s*\)|\bfrom\s+['"]koa['"]/;

/** A function or class of the file so named (`def abort(code): …`, anywhere in the file). */
const definedHere = (it: Interpreter, name: string): boolean =>
  it.functions.has(name) || it.classes.has(name);

function builtin(it: Interpreter, call: SyntaxNode, name: string): boolean {
  const callee = call.childForFieldName('function');
  return (
    callee?.type === 'identifier' &&
    callee.text === name &&
    it.lookup(name) === undefined &&
    !it.aliases.has(name) &&
    !definedHere(it, name) &&
    !fileBindings(call).names.has(name) &&
    // an attribute so named assigned anywhere (`get_module().exit = print`): maybe the built-in's module's
    !fileBindings(call).attributes.has(name)
  );
}

/**
 * Nothing but imports binds `name` in the whole file, and they all import the same thing (a `try` importing
 * Flask's `abort` with an `except` importing another module's is either).
 */
const importedOnly = (file: FileBindings, name: string): boolean =>
  boundBesidesImports(file, name).length === 0 && oneImport(file, name);
