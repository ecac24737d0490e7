import { PYTHON_STDLIB } from '../../core/python-stdlib.js';
import type { CallSite } from './conditions.js';
import type { Interpreter } from './interpreter.js';
import type { Taint, Value } from './taint.js';

/**
 * A Python call into a module the engine does not read (issue 59, w230): the request object given whole
 * (`helpers.separate_request.request_wrapper(request)`, OWASP BenchmarkPython 00831/01214) to a function of a
 * module that is neither the standard library nor a web framework the rules know (`requestLibraries`: Django's
 * `render(request, …)`, `get_token(request)` are the framework's own and say what they return). Its body is not in
 * the file, so what it returns may be anything the request holds: the request's data, as a library call passes on
 * the data it is given. The label is the one the request's own data has (`request.args`).
 *
 * Any such module, the project's own or a third-party library's (w236): the engine reads one file and cannot
 * tell them apart (a folder of the project or an installed package is the scan's knowledge, not the file's), and
 * a library given the request whole returns its data as the project's wrapper does (webargs'
 * `parser.parse(args, request)`). Narrowed to relative imports and names not installed, the findings were the
 * same on Django, SALLM's development half and BenchmarkPython (bench/notes/2026-11-29-gate-gaps-2.md).
 */
export function requestThroughUnreadModule({
  it,
  paths,
  site,
}: {
  it: Interpreter;
  paths: readonly string[];
  site: CallSite;
}): Taint | undefined {
  if (it.language !== 'python' || !paths.some((path) => unreadModule(it, path))) return undefined;
  for (const arg of [...site.args, ...site.keywords.values()]) {
    const label = requestObjectLabel(it, arg);
    if (label) return it.sourceTaint(label, (site.node?.startPosition.row ?? 0) + 1);
  }
  return undefined;
}

/**
 * A dotted name reached through an import of a module that is not the standard library nor a library the rules
 * know the request's framework by: a relative import (`.helpers.wrap`), or an absolute one (`helpers.wrap`,
 * `webargs.flaskparser.parser.parse`), the project's or a library's.
 */
function unreadModule(it: Interpreter, path: string): boolean {
  if (path.startsWith('.')) return true;
  const dot = path.indexOf('.');
  if (dot < 0) return false;
  const root = path.slice(0, dot);
  if (PYTHON_STDLIB.has(root) || it.rules.requestLibraries.has(root)) return false;
  // imported in the file under some name (`import helpers.x`, `from helpers import x`, `import helpers as h`)
  const within = `${root}.`;
  for (const module of it.aliases.values()) if (module === root || module.startsWith(within)) return true;
  return false;
}

/** The request object itself (`request`, `req`, `self.request`, Flask's `request`), no data of it yet: its label. */
function requestObjectLabel(it: Interpreter, value: Value): string | undefined {
  if (value.taint || value.known) return undefined;
  const names = [value.path, value.rawPath].filter((name): name is string => name !== undefined);
  const isRequest = names.some(
    (name) => name === 'flask.request' || it.rules.requestParameters.has(name.replace(/^self\./, '')),
  );
  if (!isRequest) return undefined;
  return it.rules.sourcePaths.match(names.map((name) => `${name}.args`))[0];
}
