import type { Interpreter } from './interpreter.js';
import { BUILTIN_NAMES, STDLIB_MODULES, STDLIB_OUT_OF_SIGHT } from './python-names.js';

/**
 * Python names nothing binds: reading one raises NameError, so no value comes of it (`bytes.fromhex(
 * config_config_hex)`, `codecs.decode(…)` with no `import codecs`). Judged from the file's text, and only
 * where that is certain: the name occurs once in the whole text (a binding — assignment, `def`, `class`,
 * parameter, `import`, `for`, `with … as`, `except … as`, `global`, a comprehension's or a pattern's
 * target, `:=` — would be a second occurrence; counted in the text as Python reads names, NFKC-normalised),
 * it is no built-in nor dunder nor `_`, nothing in scope or among the imports holds it, and the file's names
 * are judged at all (`namesJudged`).
 */
export function unboundName(it: Interpreter, name: string): boolean {
  if (it.language !== 'python' || builtinName(name)) return false;
  if (it.lookup(name) !== undefined || it.aliases.has(name)) return false;
  let known = occursOnce.get(it);
  if (!known) {
    // A fragment without imports of its own takes its names from code not shown: only a file that imports
    // what it uses is judged.
    if (!namesJudged(it.text)) return false;
    known = new Map();
    occursOnce.set(it, known);
  }
  let answer = known.get(name);
  if (answer === undefined) {
    answer = nameCounts(namesText(it.text)).get(name.normalize('NFKC')) === 1;
    known.set(name, answer);
  }
  return answer;
}

/**
 * Whether a Python name is one the interpreter provides whatever the file does: a built-in (CPython 3.11's
 * `dir(builtins)`, exception classes by their suffix), a dunder, or `_` (which `gettext.install()`, the
 * interactive shell's display hook and `doctest` put into `builtins`).
 */
export function builtinName(name: string): boolean {
  return (
    name === '_' ||
    BUILTIN_NAMES.has(name) ||
    /^__\w+__$/.test(name) ||
    /(?:Error|Exception|Warning)$/.test(name)
  );
}

/**
 * Whether a Python file's text settles which names it binds (issue 59, round 7: a name no line binds may still
 * exist at run time, and a security gate must not drop a sink on a guess about the runtime). All of:
 * - it imports things itself (a fragment without imports takes its names from code not shown);
 * - every module it imports is one known not to add names out of sight: a standard-library module
 *   (`STDLIB_MODULES`, less `STDLIB_OUT_OF_SIGHT`: `site`, `gettext`, `importlib`, `runpy`, `ctypes`…) or one of
 *   `KNOWN_LIBRARIES`, well-known libraries the rules model, none of which writes `builtins`. Any other import
 *   (`import plugins`, `from . import x`, a project's own module) may put any name into `builtins` or into
 *   this module, so its names are unknown, not unbound. Every `import`/`from … import` in the text counts,
 *   wherever it is (in a function, under `if`/`try`, after `;` or `:`, across a `\` continuation);
 * - nothing binds names out of sight: `import *`; `exec`, `eval`, `globals`, `locals`, `vars`, `setattr`
 *   (called or not); `__dict__`, `__globals__`, `__builtins__`, `builtins`, `__self__` (`len.__self__` is the
 *   builtins module); `__import__`, `import_module`; frames' `f_globals`/`f_locals`/`f_builtins`; `getmodule`;
 *   a function's `__code__` run with other globals (`FunctionType`); the garbage collector's
 *   `get_objects`/`get_referents`/`get_referrers`; `__subclasses__`; `sys` with `modules`
 *   (`sys.modules[__name__].x = …`).
 * Not seen, so trusted (the rule's limits): the rest of the process and its environment — the entry point,
 * the package's `__init__.py`, modules a framework loads first (a Django app's `ready()`), any of which may
 * write `builtins` (`icecream.install()` puts `ic` there); a `sitecustomize`/`usercustomize` module or a
 * `.pth` file on the interpreter's path; a project file shadowing a standard module's name; a host that runs
 * the file with globals of its own — another module setting this one's attributes (`app.audit = f`), data
 * that runs code when loaded (a pickle calling `setattr`), and Python 2 (`unicode`, `xrange`).
 * Both the read rule here and the call rule (`calls.ts`, a helper nothing defines) judge only such files.
 */
export function namesJudged(text: string): boolean {
  // Asked for each name a file reads or calls that nothing in scope holds, of the same file's text: a file
  // that is not judged was searched to its end for each such name (issue 59).
  if (text !== judged.text)
    judged = {
      text,
      answer:
        IMPORTS.test(text) &&
        !HIDDEN_BINDING.test(text) &&
        !(/\bsys\b/.test(text) && /\bmodules\b/.test(text)) &&
        importsKnown(text),
    };
  return judged.answer;
}

/** The last file's answer (one file runs at a time on a thread). */
let judged = { text: '', answer: false };

/**
 * The text names are counted in: Python reads identifiers NFKC-normalised (`ﬁle` is `file`), so a text
 * with characters outside ASCII is normalised first; an ASCII text is its own.
 */
export function namesText(text: string): string {
  if (text !== normalised.text)
    normalised = { text, names: NON_ASCII.test(text) ? text.normalize('NFKC') : text };
  return normalised.names;
}

let normalised = { text: '', names: '' };

const NON_ASCII = /[^\x00-\x7f]/;

/** Whether every module the text imports is one known not to add names out of sight. */
function importsKnown(text: string): boolean {
  const joined = text.includes('\\') ? text.replace(/\\\r?\n/g, ' ') : text;
  for (const statement of joined.matchAll(IMPORT_STATEMENT)) {
    const modules = statement[1] !== undefined ? statement[1].split(',') : [statement[2] ?? statement[3]!];
    for (const entry of modules) {
      const module = entry.trim().split(/\s/)[0] ?? '';
      if (module === '') continue;
      if (!knownModule(module.split('.')[0]!)) return false;
    }
  }
  return true;
}

function knownModule(root: string): boolean {
  // `from . import x` and `from .m import x` leave `''` before the first dot: the project's own modules.
  if (root === '') return false;
  if (KNOWN_LIBRARIES.has(root)) return true;
  if (root === '__future__') return true;
  return STDLIB_MODULES.has(root) && !STDLIB_OUT_OF_SIGHT.has(root) && !root.startsWith('_');
}

/**
 * Well-known libraries that vouch's rules model and that add no names to `builtins` or to an importing
 * module on import (the web frameworks and their parts, HTTP clients, XML, YAML, JWT, cryptography,
 * database drivers, SSH, LDAP, HTML cleaning, numpy and pandas).
 */
const KNOWN_LIBRARIES: ReadonlySet<string> = new Set(
  (
    'flask werkzeug jinja2 markupsafe itsdangerous django fastapi starlette requests httpx aiohttp urllib3 ' +
    'lxml defusedxml xmltodict yaml jwt Crypto Cryptodome cryptography bcrypt argon2 paramiko ldap ' +
    'sqlalchemy psycopg2 pymysql mysql bleach numpy pandas'
  ).split(' '),
);

/**
 * An import statement where a statement can start (a line, after `;`, after a compound statement's `:`);
 * `import a.b as c, d` gives `a.b as c, d`, `from a.b import c` gives `a.b` (`.m` or `.` when relative, also
 * written `from .import c` or `from.m import c`).
 * Found in strings and comments too, which only makes fewer files judged. Linear: a relative module is one
 * dot then `[\w.]*` (not `\.+[\w.]*`, two repeats of the same dots, which split a run of 128k dots every way:
 * 24 s), and no repeat is followed by one that can take the same characters except `[\w.]*` before `import`,
 * which gives back at most the run it took, once per statement start.
 */
const IMPORT_STATEMENT =
  /(?:^|[;:])[ \t]*(?:import[ \t]+([^\n;#]+)|from(?:[ \t]*(\.[\w.]*)|[ \t]+([\w.]+))[ \t]*import\b)/gm;

/**
 * How often each name occurs in `text`: its maximal runs of word characters (ASCII `\\w` in an ASCII text;
 * letters, digits, marks and connectors in one with other characters), each a name spelled whole, so `name`
 * occurs where a search for it between word boundaries would find it. Counted in one pass over the text and
 * kept for the file (issue 59, round 7: a search of the whole text per name took 25 s for 10,000 names in
 * 302 KiB); each run is read once by a pattern that cannot backtrack (one class, repeated).
 */
function nameCounts(text: string): Map<string, number> {
  if (text === counted.text) return counted.counts;
  const counts = new Map<string, number>();
  for (const [name] of text.matchAll(NON_ASCII.test(text) ? UNICODE_WORD : ASCII_WORD))
    counts.set(name, (counts.get(name) ?? 0) + 1);
  counted = { text, counts };
  return counts;
}

let counted = { text: '', counts: new Map<string, number>() };
const ASCII_WORD = /\w+/g;
const UNICODE_WORD = /[\p{L}\p{N}\p{M}\p{Pc}]+/gu;

/** Per file run, per name: whether the name occurs exactly once in the file's text. */
const occursOnce = new WeakMap<Interpreter, Map<string, boolean>>();

const IMPORTS = /^[ \t]*(?:import|from)[ \t]/m;

/**
 * What can bind a name the text never spells as a binding. The functions by name, called or not (`run = exec`
 * binds as `exec(` does); the builtins module also as a built-in function's `__self__`; namespaces found
 * through the garbage collector or `__subclasses__()`; a function's code run with globals of the caller's
 * choosing (`types.FunctionType(f.__code__, {"audit": print})`).
 */
const HIDDEN_BINDING =
  /\bimport\s+\*|\b(?:exec|eval|globals|locals|vars|setattr)\b|__dict__|__globals__|__builtins__|__self__|__subclasses__|__code__|\b(?:FunctionType|LambdaType)\b|\bbuiltins\b|\b__import__\b|\bimport_module\b|\bf_(?:globals|locals|builtins)\b|\bgetmodule\b|\bget_(?:objects|referents|referrers)\b/;
