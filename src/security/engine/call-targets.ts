import { type CallRules, emptyCallRules } from '../rules.js';
import { type CallSite, conditionsHold, matchesAny } from './conditions.js';
import { type Binding, type FileBindings, fileBindings } from './file-bindings.js';
import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { patchedInPlace, rootRebound } from './module-patches.js';
import {
  importedNameAt,
  madeByImport,
  mayHoldOtherwise,
  reachingBindings,
  resolvedName,
  severalMeanings,
  unknownDecorated,
} from './reaching-bindings.js';
import { localFunction } from './summaries.js';
import { clearTaint, mergeAll, type Taint, type Value } from './taint.js';

/*
 * What a name called in a Python file may hold where it is called, read from the file's binding table
 * (`file-bindings.ts`): the file's own function or another binding of the name (`ownFunction`,
 * `uncertainBindings`), whether a decorator gives the function back (`transparentDecorator`), and what a cleaner
 * of the call still clears when the name, or the module's function it names, may hold something else
 * (`unlessPatched`, `clearedByAll`). `calls.ts` asks; it dispatches the call.
 */

/** A call that matches no rule. */
export const NO_RULES: CallRules = emptyCallRules();

/**
 * Modules every Python 3 has, with names they have had since 3.4: an import of these cannot fail (unlike
 * `from cgi import escape`, gone in 3.8, `from string import escape`, never there, or a package that may be
 * missing). A name not listed is taken to be missing.
 */
const ALWAYS_IMPORTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    html: 'escape unescape',
    shlex: 'quote split',
    json: 'dumps loads dump load',
    os: 'path getenv environ sep',
    'os.path': 'basename normpath realpath abspath join dirname splitext exists isabs',
    posixpath: 'basename normpath realpath abspath join dirname splitext exists isabs',
    re: 'escape compile match fullmatch search sub',
    string: 'Template Formatter capwords ascii_letters digits printable punctuation',
    base64: 'b64encode b64decode urlsafe_b64encode urlsafe_b64decode',
    hashlib: 'sha256 sha1 sha512 md5 new pbkdf2_hmac',
    hmac: 'compare_digest new',
    'urllib.parse': 'quote quote_plus unquote unquote_plus urlencode urlparse urlsplit urljoin',
    'xml.sax.saxutils': 'escape unescape quoteattr',
  }).map(([module, names]) => [module, new Set(names.split(' '))]),
);

/**
 * `fn`, unless it is a module-level `def` in an `except ImportError` (or `Exception`) handler of a `try` whose
 * body cannot fail: nothing but `from M import n, …` lines, each M and n in ALWAYS_IMPORTS, one of them binding
 * the name. That handler never runs, so the name is the import's — for what the call cleans only: the `def`'s
 * own sinks still count (see `evaluateCall`). A bare `except:` is no such handler.
 */
export function unlessFallback(it: Interpreter, fn: FunctionDef | undefined): FunctionDef | undefined {
  if (!fn || it.language !== 'python' || fn.owner !== undefined) return fn;
  const handler = fn.node.parent?.parent;
  const tryNode = handler?.parent;
  if (
    handler?.type !== 'except_clause' ||
    tryNode?.type !== 'try_statement' ||
    tryNode.parent?.type !== 'module'
  )
    return fn;
  const caught = handler.namedChildren.find((child) => child.type !== 'block' && child.type !== 'comment');
  if (!caught || !/\b(?:ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(caught.text))
    return fn;
  // another module-level `def` of the name outside such a handler is what the name may be
  if (it.moduleFunctions.get(fn.name) !== fn) return fn;
  const statements = (tryNode.childForFieldName('body')?.namedChildren ?? []).filter(
    (statement) => statement.type !== 'comment',
  );
  let binds = false;
  for (const statement of statements) {
    if (statement.type !== 'import_from_statement') return fn;
    const names = ALWAYS_IMPORTS.get(statement.childForFieldName('module_name')?.text ?? '');
    if (!names) return fn;
    for (const name of statement.childrenForFieldName('name')) {
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
      const bound = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
      if (!names.has(imported?.text ?? '')) return fn;
      if (bound?.text === fn.name) binds = true;
    }
  }
  return binds ? undefined : fn;
}

/**
 * The bindings the name a Python call is written with may hold there (`reachingBindings`), when the file binds
 * it more than one way (`severalMeanings`); undefined when it has one meaning or none. A module-level `def`
 * in the `except ImportError` handler of an import that cannot fail never runs and is no meaning of it
 * (`unlessFallback`).
 */
export function uncertainBindings(it: Interpreter, calleeNode: SyntaxNode): readonly Binding[] | undefined {
  if (!mayBindAgain(it, calleeNode)) return undefined;
  // asked at each run of the call (a function runs until its summary settles): the answer is the tree's
  const known = UNCERTAIN.get(calleeNode);
  if (known !== undefined) return known ?? undefined;
  const table = tableOf(it, calleeNode);
  const bindings = reachingBindings(table, calleeNode, calleeNode.text).filter(
    (binding) =>
      binding.kind !== 'function' ||
      // by node from the interpreter's index: a find over every function for every binding at every call was
      // cubic in a file of many `def q` and calls (review r19)
      unlessFallback(it, binding.node.parent ? it.functionAt(binding.node.parent) : undefined) !== undefined,
  );
  const transparent = transparentDecorator(it);
  const several =
    severalMeanings(table, bindings) || bindings.some((binding) => unknownDecorated(binding, transparent))
      ? bindings
      : null;
  UNCERTAIN.set(calleeNode, several);
  return several ?? undefined;
}
const UNCERTAIN = new WeakMap<SyntaxNode, readonly Binding[] | null>();

/**
 * Whether the file may bind the called name more than one way, read from the table: more than one binding
 * anywhere, or a `def` under a decorator not known to return it (review r19, s3: no longer the words
 * `global`/`nonlocal`/`del` in the text, which a string or comment could say and a class never does). `name`,
 * when given, is asked instead of the called one (`f = load; f()`: whether `load` is bound one way).
 */
export function mayBindAgain(it: Interpreter, calleeNode: SyntaxNode, name = calleeNode.text): boolean {
  return mayHoldOtherwise(tableOf(it, calleeNode), name, transparentDecorator(it));
}

/**
 * The function of this file a call reaches (`localFunction`), unless the Python function it is called in binds
 * the name itself to something else (review r22: `q = str`, `with … as q`, a parameter `q`, after a module-level
 * `def q`): Python reads the name from that function's scope, where the module's `def` is not.
 */
export function ownFunction({
  it,
  calleeNode,
  method,
  receiver,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  method: string | undefined;
  receiver: Value | undefined;
}): FunctionDef | undefined {
  const fn = localFunction({ it, calleeNode, method, receiver });
  if (
    !fn ||
    it.language !== 'python' ||
    calleeNode.type !== 'identifier' ||
    // the interpreter's own scope says first whether the running function binds the name at all
    !it.frame.scope.has(calleeNode.text)
  )
    return fn;
  // A comprehension's target is the comprehension's own name in Python 3 (`[q for q in xs]` leaves the
  // function's `q` alone), and a parameter with a default may hold the module's `def` itself (`def h(q=q)`,
  // called with nothing): neither shows the `def` is not what runs (review r25)
  const bindings = reachingBindings(tableOf(it, calleeNode), calleeNode, calleeNode.text).filter(
    (binding) => !comprehensionTarget(binding.node),
  );
  const reaches = bindings.some(
    (binding) =>
      (binding.kind === 'function' && binding.node.parent === fn.node) ||
      (binding.kind === 'lambda' && binding.value === fn.node) ||
      (binding.kind === 'parameter' && DEFAULTED_PARAMETERS.has(binding.node.parent?.type ?? '')),
  );
  return bindings.length === 0 || reaches ? fn : undefined;
}

const DEFAULTED_PARAMETERS = new Set(['default_parameter', 'typed_default_parameter']);

/** Whether `name` is bound by a comprehension's or generator's `for` clause (its own scope in Python 3). */
function comprehensionTarget(name: SyntaxNode): boolean {
  for (let node = name.parent; node; node = node.parent) {
    if (node.type === 'for_in_clause') return true;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition')
      return false;
  }
  return false;
}

/**
 * The file's binding table, found once per interpreter (one file each): `fileBindings` walks up to the root
 * from the node it is given, and this is asked at every call of a name given data.
 */
export function tableOf(it: Interpreter, node: SyntaxNode): FileBindings {
  let table = TABLE_OF.get(it);
  if (!table) {
    table = fileBindings(node);
    TABLE_OF.set(it, table);
  }
  return table;
}
const TABLE_OF = new WeakMap<Interpreter, FileBindings>();

/**
 * Decorators known to give back the function, or a wrapper that returns what it returns, by what they resolve to
 * where written (review r22: a `def cache` of the file, `from mylib import lru_cache`, `staticmethod = …`,
 * `reg.get` on the file's own class all matched by their text): `functools.wraps`, `lru_cache` and `cache`
 * imported from functools; the built-in `staticmethod` and `classmethod`, the file binding neither; the rules'
 * route and error-handler decorators on an app or router an import made (`app = Flask(__name__)`), or imported
 * bare (`from rest_framework.decorators import api_view`). Any other may return anything (`def passthrough(f):
 * return lambda s: s`).
 */
function transparentDecorator(it: Interpreter): (decorator: SyntaxNode) => boolean {
  let known = TRANSPARENT.get(it);
  if (!known) {
    known = new Map();
    TRANSPARENT.set(it, known);
  }
  const judged = known;
  // asked for every binding a call's name may hold, at every run of every call (review r25: 1,800 routes all
  // named `h` and a call of `h` each were 1,800² judgements of one decorator each): judged once per decorator
  return (decorator) => {
    let transparent = judged.get(decorator);
    if (transparent === undefined) {
      transparent = judgeDecorator(it, decorator);
      judged.set(decorator, transparent);
    }
    return transparent;
  };
}
/** What `transparentDecorator` said of each decorator, per interpreter (one file's run): none outlives the file. */
const TRANSPARENT = new WeakMap<Interpreter, Map<SyntaxNode, boolean>>();

/** The decorators judged (not answered from `TRANSPARENT`): the work the review r25 cost test counts. */
export const decoratorWork = { judged: 0 };

function judgeDecorator(it: Interpreter, decorator: SyntaxNode): boolean {
  decoratorWork.judged++;
  const table = tableOf(it, decorator);
  if (decorator.type === 'identifier' && BUILT_IN_DECORATORS.has(decorator.text))
    return !table.names.has(decorator.text) && !table.rewrites;
  const imported = importedNameAt(table, decorator);
  if (imported !== undefined && FUNCTOOLS_DECORATORS.has(imported)) return true;
  const text = decorator.text;
  if (!matchesAny(it.rules.routeDecorators, [text]) && !matchesAny(it.rules.errorHandlerDecorators, [text]))
    return false;
  return decorator.type === 'attribute' ? madeByImport(table, decorator) : imported !== undefined;
}
const BUILT_IN_DECORATORS = new Set(['staticmethod', 'classmethod']);
const FUNCTOOLS_DECORATORS = new Set(['functools.wraps', 'functools.lru_cache', 'functools.cache']);

/**
 * A call's rules without what it clears when the Python file patches the function in place (`shlex.quote = str`
 * on a branch: `patchedInPlace`, review r22 c2), or runs code from a string that may (`exec(os.environ["X"])`:
 * `runsCode`, review r26): which of the two runs is not known, so nothing is cleared. Its sinks and patterns stay.
 */
export function unlessPatched({
  it,
  at,
  rules,
  paths,
}: {
  it: Interpreter;
  at: SyntaxNode;
  rules: CallRules;
  paths: readonly string[];
}): CallRules {
  if (
    it.language !== 'python' ||
    (rules.cleaners.length === 0 && rules.sanitizers.length === 0 && rules.normalizers.length === 0)
  )
    return rules;
  let patched = PATCHED.get(it);
  if (!patched) {
    patched = new Map();
    PATCHED.set(it, patched);
  }
  // code run from a string may write any module's names (review r26): no module's cleaner is trusted by it
  const table = tableOf(it, at);
  let any = table.runsCode || (at.type === 'call' && rootRebound(table, at));
  for (const path of paths) {
    let known = patched.get(path);
    if (known === undefined) {
      known = patchedInPlace(table, path);
      patched.set(path, known);
    }
    any ||= known;
  }
  return any ? { ...rules, cleaners: [], sanitizers: [], normalizers: [] } : rules;
}
const PATCHED = new WeakMap<Interpreter, Map<string, boolean>>();

/**
 * What a call clears when its name may hold any of `bindings`: what every one of them clears, each by the
 * name it resolves to (`from markupsafe import escape`: `markupsafe.escape`; `q = shlex.quote`; `q = str`:
 * nothing). A binding whose value is not a name (a function of the file, a loop's or `with`'s target, a call's
 * result, unpacking) clears nothing, so neither does the call.
 */
export function clearedByAll(it: Interpreter, bindings: readonly Binding[]): CallRules {
  const matched: CallRules[] = [];
  for (const binding of bindings) {
    const path = resolvedName(tableOf(it, binding.node), binding);
    if (path === undefined) return NO_RULES;
    matched.push(unlessPatched({ it, at: binding.node, rules: it.rules.calls.match([path]), paths: [path] }));
  }
  const [first, ...rest] = matched;
  if (!first) return NO_RULES;
  const everyOne = (ids: (rules: CallRules) => readonly { rule: { id: string } }[]) => {
    const sets = rest.map((rules) => new Set(ids(rules).map((matcher) => matcher.rule.id)));
    return <T extends { rule: { id: string } }>(list: readonly T[]): T[] =>
      list.filter((matcher) => sets.every((set) => set.has(matcher.rule.id)));
  };
  return {
    ...NO_RULES,
    cleaners: rest.every((rules) => rules.cleaners.length > 0) ? first.cleaners : [],
    sanitizers: everyOne((rules) => rules.sanitizers)(first.sanitizers),
    normalizers: rest.every((rules) => rules.normalizers.length > 0) ? first.normalizers : [],
  };
}

/**
 * The names the other bindings of a call's name resolve to, when the file binds it more than one way where it is
 * called (`uncertainBindings`), other than those the call is already matched as (`known`).
 */
export function otherBindingPaths({
  it,
  calleeNode,
  known,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  known: readonly (string | undefined)[];
}): string[] {
  const bindings = uncertainBindings(it, calleeNode);
  if (!bindings) return [];
  const paths: string[] = [];
  for (const binding of bindings) {
    const path = resolvedName(tableOf(it, binding.node), binding);
    if (path && !known.includes(path) && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

/**
 * What a call of the file's function passes through by the name's other bindings, when the file binds the
 * name more than one way where it is called (`def q`, then `if flag: q = str`; `global q` written in another
 * function): the data given, cleared only as every other binding clears it by what it resolves to.
 */
export function otherBindingPasses({
  it,
  calleeNode,
  site,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  site: CallSite;
}): Taint | undefined {
  const data = mergeAll([...site.args, ...site.keywords.values()]);
  if (!data) return undefined;
  // a `def` under a decorator not known to return it is one of them: what it holds is not its body
  const transparent = transparentDecorator(it);
  const others = uncertainBindings(it, calleeNode)?.filter(
    (binding) =>
      (binding.kind !== 'function' && binding.kind !== 'lambda') || unknownDecorated(binding, transparent),
  );
  if (!others?.length) return undefined;
  const rules = clearedByAll(it, others);
  if (rules.cleaners.some((matcher) => conditionsHold(matcher, site))) return undefined;
  const cleared = rules.sanitizers
    .filter((matcher) => conditionsHold(matcher, site))
    .map((matcher) => matcher.rule.id);
  return cleared.length ? clearTaint(data, cleared) : data;
}
