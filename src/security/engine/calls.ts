import type { CallRules } from '../rules.js';
import { constantSplitWords, startsStdinProgram } from './argv-program.js';
import {
  clearedByAll,
  mayBindAgain,
  NO_RULES,
  otherBindingPasses,
  otherBindingPaths,
  ownFunction,
  tableOf,
  uncertainBindings,
  unlessFallback,
  unlessPatched,
} from './call-targets.js';
import { callablePart, isIndirect } from './callables.js';
import { ranInPlace, readsCallerData, replayed } from './closure-inputs.js';
import { calledBack, iterateCallback, outerWrites } from './closure-writes.js';
import { type CallSite, conditionsHold, matchesAny } from './conditions.js';
import { inexactInside } from './constants.js';
import { fileBindings } from './file-bindings.js';
import { fixedHost, fixOrigin } from './fixed-origin.js';
import { functionConstructor } from './function-constructors.js';
import type { FunctionDef, Interpreter } from './interpreter.js';
import { arrayCall, arrayResult, configParserMade, keyedCall } from './keyed-entries.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { keepModuleWrite, writesModule } from './module-state.js';
import { namespaceGet } from './namespace-lookups.js';
import { inPlaceArguments, nestedCall } from './nested-classes.js';
import { escapesByHand } from './own-escaper.js';
import { fileWrites, writtenByOthers } from './own-writes.js';
import { refusedKeyword } from './refused-keywords.js';
import { missingAttribute } from './request-attributes.js';
import {
  addedEntries,
  buildsResponse,
  builtDict,
  changesHeaders,
  pageSite,
  REMOVES_ENTRIES,
  responseHeaders,
  writtenHeaders,
} from './response-headers.js';
import { callMatches, foldedValuePatterns, keywordPatterns, propertyPatterns } from './sinks.js';
import { foldStringCall } from './string-folding.js';
import { applySummary, closure, emptySummary } from './summaries.js';
import { isFunctionNode, moduleName, rootIdentifier, stringText } from './syntax-nodes.js';
import {
  builtTaint,
  CLEAN,
  type Constant,
  clearTaint,
  joinValues,
  mergeAll,
  mergeTaint,
  PASSWORD_NAME,
  passwordTaint,
  returnedByCall,
  type Taint,
  type Value,
} from './taint.js';
import { makesServerContext, SERVER_CONTEXT } from './tls-contexts.js';
import {
  decodedFor,
  decodesUrl,
  ESCAPED,
  escapingUndone,
  mapsUnescaper,
  undoesEscaping,
  undoneFor,
  urlDecoded,
} from './unescapes.js';
import { requestThroughUnreadModule } from './unread-modules.js';

/**
 * A call: its callee resolved through imports and bindings, its arguments evaluated into a CallSite, the
 * rules matched against it, callbacks run in place, and its result — what a summary, a closure, a source,
 * a sanitiser or the arguments themselves say it carries.
 */
export function evaluateCall(it: Interpreter, node: SyntaxNode): Value {
  const calleeNode = node.childForFieldName('function') ?? node.childForFieldName('constructor');
  const argumentsNode = node.childForFieldName('arguments');
  if (!calleeNode) return CLEAN;
  let receiver: Value | undefined;
  let callee: Value;
  let method: string | undefined;
  /** what a bare callee name is bound to in scope (an assignment, not an import): `escape = html.escape` */
  let boundName: Value | undefined;
  const python = it.language === 'python';
  const member = python ? namespaceMember(it, calleeNode) : undefined;
  const called = python ? methodCallerTarget(it, calleeNode, argumentsNode) : undefined;
  if (calleeNode.type === 'attribute' || calleeNode.type === 'member_expression') {
    const objectNode = calleeNode.childForFieldName('object');
    method = (calleeNode.childForFieldName('property') ?? calleeNode.childForFieldName('attribute'))?.text;
    receiver = objectNode ? it.expr(objectNode) : CLEAN;
    callee = {
      path: `${receiver.path ?? objectNode?.text ?? '?'}.${method ?? ''}`,
      rawPath: `${receiver.rawPath ?? objectNode?.text ?? '?'}.${method ?? ''}`,
      ...(receiver.hidden ? { hidden: receiver.hidden } : {}),
    };
    // `self.run(cmd)` after `self.run = partial(subprocess.run, shell=True)` here or in another method of
    // the class: the attribute holds that callable, no method of the receiver.
    const held = heldCallable({ it, calleeNode, objectNode, method }) ?? functionConstructor(it, calleeNode);
    if (held) {
      callee = held;
      method = undefined;
      receiver = undefined;
    }
  } else if (calleeNode.type === 'identifier') {
    const bound = it.lookup(calleeNode.text);
    boundName = bound;
    const alias = it.aliases.get(calleeNode.text);
    callee = {
      path: bound?.path ?? alias ?? calleeNode.text,
      rawPath: calleeNode.text,
      taint: bound?.taint,
      ...(bound?.hidden ? { hidden: bound.hidden } : {}),
      ...(bound?.bound ? { bound: bound.bound } : {}),
      ...(bound?.either ? { either: bound.either } : {}),
    };
  } else if (calleeNode.type === 'subscript_expression' && constantName(it, calleeNode) !== undefined) {
    // `cp["ex" + "ec"](…)`: a member named by a constant is that member, and the call is hidden.
    const objectNode = calleeNode.childForFieldName('object');
    method = constantName(it, calleeNode);
    receiver = objectNode ? it.expr(objectNode) : CLEAN;
    callee = {
      path: `${receiver.path ?? objectNode?.text ?? '?'}.${method}`,
      rawPath: `${receiver.rawPath ?? objectNode?.text ?? '?'}.${method}`,
      hidden: calleeNode.text,
    };
  } else if (member) {
    // `vars(os)["system"](…)`, `os.__dict__["system"](…)`: a module's namespace indexed by a constant name
    // is that member, and the call is hidden.
    receiver = member.object;
    method = member.name;
    callee = member.value;
  } else if (called) {
    // `operator.methodcaller("system", cmd)(os)`: the method of that name on the argument, hidden.
    callee = called;
  } else if (calleeNode.type === 'import') {
    // `import(x)`: a dynamic import, the module a (constant or not) name gives.
    callee = { path: 'import', rawPath: 'import' };
  } else if (isFunctionNode(calleeNode) || isFunctionNode(calleeNode.namedChildren[0] ?? calleeNode)) {
    // `(() => …)()`: an immediately invoked function's result is what it returns.
    const fn = isFunctionNode(calleeNode) ? calleeNode : calleeNode.namedChildren[0]!;
    callee = { taint: it.inlineFunction(fn, undefined).taint };
  } else {
    callee = it.expr(calleeNode);
  }
  const paths = [callee.path, callee.rawPath].filter((path): path is string => !!path);
  // `globalThis.eval(x)`, `global["ev" + "al"](x)`, `window.eval(x)`: JavaScript's global object holds the
  // globals, so its member is the global of that name.
  const global = python ? undefined : callee.path?.match(GLOBAL_MEMBER)?.[1];
  if (global && !it.lookup(callee.path!.slice(0, callee.path!.indexOf('.')))) paths.push(global);
  // `module.require(x)`, `process.mainModule.require(x)`: require itself
  if (!python && REQUIRE_MEMBER.test(callee.path ?? '')) paths.push('require');
  // `db.all(…)` as written, when the value `db` holds came from elsewhere (`const db = await dbPromise`):
  // rules name receivers the way code names them.
  if (method && calleeNode.type !== 'identifier') {
    const objectNode = calleeNode.childForFieldName('object');
    if (objectNode?.type === 'identifier') {
      // A receiver named in the rules (`db`), or one whose written name alone some rule matches
      // (`logger.warn` with `const logger = pino()`).
      const written = `${objectNode.text}.${method}`;
      if (
        !paths.includes(written) &&
        (it.rules.receiverNames.has(objectNode.text) ||
          (written !== paths[1] && hasRules(it.rules.calls.match([written]))))
      )
        paths.push(written);
    }
  }

  // require('child_process') / import('x') name a module; so does a name folded from constants
  // (`require("child_" + "process")`), hidden.
  if (calleeNode.text === 'require' || REQUIRE_MEMBER.test(calleeNode.text) || calleeNode.type === 'import') {
    const first = argumentsNode?.namedChildren[0];
    if (first && (first.type === 'string' || first.type === 'template_string')) {
      const module = moduleName(stringText(first));
      return { path: module, rawPath: module };
    }
    const folded = first ? it.expr(first) : undefined;
    if (folded?.known && typeof folded.constant === 'string' && folded.constant) {
      const module = moduleName(folded.constant);
      return { path: module, rawPath: module, hidden: node.text };
    }
  }

  const { site, callbacks } = callSite({ it, paths, receiver, argumentsNode });
  // the other callables a joined value may be (`Value.either`), each called with the arguments as given
  const given = callee.either
    ? { args: site.args, keywords: site.keywords, hasSpread: site.hasSpread }
    : undefined;
  if (callee.bound) withBoundArguments(site, callee.bound);
  const resolved =
    resolvedIndirection({ it, paths, site, node }) ?? namespaceGet({ it, node, calleeNode, receiver, site });
  if (resolved) return resolved;
  // Python evaluates the receiver and the arguments before calling: given a value that always raises
  // (`TemplateRenderer().get_page(x)` with nothing defining `TemplateRenderer`), the call is never made, so
  // its data reaches no sink and no value, so no data, comes of it. A pattern on the call's own form
  // (`set_cookie(…)` without `secure`) still describes the code as written; patterns about the data given
  // (`bytesArguments`) see the raising value.
  const neverMade =
    python &&
    (receiver?.raises ||
      site.args.some(raising) ||
      [...site.keywords.values()].some(raising) ||
      (method !== undefined &&
        receiver?.path !== undefined &&
        missingAttribute({ text: it.text, at: node, objectPath: receiver.path, property: method })) ||
      // `make_response(body, content_type=…)`, `Response(body, mime_type=…)`: TypeError before anything is sent
      refusedKeyword({ it, call: node, callee, site }));
  if (callee.hidden) site.hidden = callee.hidden;
  site.text = node.text;
  site.node = node;
  site.fileCode = it.fileCode;
  site.project = it.project;
  if (node.type === 'new_expression') site.constructs = true;
  // `Member(…)` with `class Member(db.Model)` here, or `User` from `./models`: a record that gets stored.
  if (calleeNode.type === 'identifier')
    site.model = it.modelClasses.has(calleeNode.text) || MODELS_MODULE.test(callee.path ?? '');

  if (given && !neverMade)
    for (const alternative of callee.either!.slice(1))
      alternativeCall({ it, alternative, site, given, node });
  // `eval.call(null, x)`, `eval.apply(null, [x])`, `Reflect.apply(eval, null, [x])`: a call of the function itself
  const through =
    python || neverMade ? undefined : prototypeCall({ it, method, receiver, paths, site, node });
  if (through) alternativeCall({ it, alternative: through.callee, site, given: through.given, node });

  // Closures run in place up to a number per run (MAX_CLOSURE_RUNS); past it, a call of one applies the
  // summary its own run made, as a call of any function of the file does (issue 59: bundled parsers).
  // A method or constructor of a class the running code defined (w121: `class Runner` in a route, its `run`
  // reading the route's `cmd`) runs in place as a nested function does (nested-classes.ts).
  const nested = nestedCall({
    it,
    calleeNode,
    calleePath: callee.path,
    receiver,
    method,
    constructs: node.type === 'new_expression',
  });
  const withinLimit = it.closureRuns < MAX_CLOSURE_RUNS;
  const nestedMethod = nested && !nested.constructs && withinLimit ? nested : undefined;
  // `functools.partial(run)()` of a nested `run`: the closure with what partial bound (w121)
  const partialOf =
    callee.bound && callee.path && SIMPLE_NAME.test(callee.path) && callee.path !== calleeNode.text
      ? callee.path
      : undefined;
  const closureFn =
    nestedMethod?.fn ??
    (withinLimit && calleeNode.type === 'identifier' ? closure(it, calleeNode.text) : undefined) ??
    (withinLimit && partialOf ? closure(it, partialOf) : undefined);
  // past the limit, a method that reads its caller's variables or has no summary of its own may lose data
  if (
    nested &&
    !withinLimit &&
    !it.closureLimitLost &&
    [nested, ...nested.others].some((each) => readsCallerData(it, each.fn) || !it.summaries.get(each.fn))
  )
    it.closureLimitLost = nested.fn.name;
  // A `def` in an `except ImportError` handler is what may run, whatever the `try` imports: its summary applies,
  // its sinks count. Only what cleans is decided by the handler never running (`trustedFallback`).
  const local =
    closureFn ??
    ownFunction({ it, calleeNode, method, receiver }) ??
    boundFunction(it, callee) ??
    heldFunction(it, calleeNode, callee);
  const trustedFallback = local !== undefined && !closureFn && unlessFallback(it, local) === undefined;
  // Past the limit, a closure judged by a summary made without the caller's variables, or with no summary of its
  // own (nested in a callback), may lose data: the run says so (analyze.ts: the file is not verified).
  let replay: { value: Value | undefined } | undefined;
  if (!closureFn && calleeNode.type === 'identifier' && it.closureRuns >= MAX_CLOSURE_RUNS) {
    const past = closure(it, calleeNode.text);
    const earlier = past ? replayed({ it, fn: past, site, call: node }) : undefined;
    // the earlier run's value stands in for the call only when it is that closure's summary that applies here
    if (local === past) replay = earlier;
    // a summary leaves nothing in the caller's variables: a function writing them (`nonlocal out`) loses that
    const writesOut = past ? outerWrites(past.node, python).size > 0 : false;
    if (
      past &&
      !it.closureLimitLost &&
      (local !== past || readsCallerData(it, past) || writesOut) &&
      !earlier
    )
      it.closureLimitLost = past.name;
  }
  // A function defined in this file is what runs, whatever library function shares its name.
  const shadowed =
    local !== undefined &&
    !trustedFallback &&
    calleeNode.type === 'identifier' &&
    !it.aliases.has(calleeNode.text);
  // `run = os.system` after `def run(c): …` or `run = lambda c: …` (review r15): the name's binding where it is
  // called may be that other callable, not the file's function. Its sinks and patterns count as well as the
  // function's summary; what it clears or consumes does not (which of the two runs is not guessed).
  const boundElsewhere =
    shadowed && boundName?.path !== undefined && boundName.path !== calleeNode.text ? boundName : undefined;
  if (boundElsewhere && !neverMade)
    alternativeCall({
      it,
      alternative: {
        path: boundElsewhere.path,
        rawPath: boundElsewhere.rawPath,
        hidden: boundElsewhere.hidden,
      },
      site,
      given: { args: site.args, keywords: site.keywords, hasSpread: site.hasSpread },
      node,
    });
  // The other bindings a name may hold where it is called, when the file binds it more than one way there
  // (`run = print`, then `if …: run = os.system` in the route, whose join keeps one name; `global run` written
  // by another function): each that names a callable is matched as well (its sinks and patterns).
  // (asked only of a call given data: the sinks need it, and the table is then read for files that have some)
  if (
    python &&
    calleeNode.type === 'identifier' &&
    !neverMade &&
    !closureFn &&
    (site.args.some((arg) => arg.taint) || [...site.keywords.values()].some((arg) => arg.taint)) &&
    mayBindAgain(it, calleeNode)
  )
    for (const path of otherBindingPaths({ it, calleeNode, known: [...paths, boundElsewhere?.path] }))
      alternativeCall({
        it,
        alternative: { path, rawPath: path },
        site,
        given: { args: site.args, keywords: site.keywords, hasSpread: site.hasSpread },
        node,
      });
  const rules = unlessPatched({ it, at: node, rules: it.rules.calls.match(paths), paths });
  const formOnly = (matched: CallRules): CallRules => (neverMade ? { ...matched, sinks: [] } : matched);
  let consumed = !shadowed && callMatches({ it, rules: formOnly(rules), site, node });
  if (!shadowed && it.rules.keywordCalls.size > 0)
    for (const keyword of site.keywords.keys()) {
      const more = it.rules.keywordCalls.get(keyword);
      if (more && callMatches({ it, rules: formOnly(more), site, node })) consumed = true;
    }
  if (neverMade)
    return { path: `${callee.path ?? '?'}()`, rawPath: `${callee.rawPath ?? '?'}()`, raises: true };

  // Callbacks (Express handlers, `.map(x => …)`) run inline: their parameters see the receiver's data.
  let callbackReturn: Taint | undefined;
  for (const callback of callbacks) {
    const result = iterateCallback({ it, callback, paths, incoming: receiver?.taint ?? mergeAll(site.args) });
    callbackReturn = mergeTaint(callbackReturn, result.taint);
  }

  // `Runner(cmd)`, `new Runner(cmd)` of a class the running code defined: its constructor runs in place; the
  // call's value stays the new object
  if (nested?.constructs && withinLimit) {
    for (const each of [nested, ...nested.others]) {
      it.closureRuns++;
      it.inlineFunction(each.fn.node, undefined, { params: inPlaceArguments(each, site), method: each.fn });
    }
  }

  let result: Value;
  // A function of this file not summarised yet (it runs later, or calls this one back) gives nothing for
  // now, not what a library call would pass through: the caller runs again once its summary exists
  // (analyze.ts), so what a caller sees only grows and no order of runs leaves more behind than another.
  const summary = local && !closureFn ? (it.summaries.get(local) ?? emptySummary()) : undefined;
  if (closureFn) {
    // A function defined in the running one sees its variables: its body runs here, with the
    // arguments in its parameters, rather than through a summary made without them.
    it.closureRuns++;
    const run = ranInPlace(it, closureFn, site);
    result = it.inlineFunction(
      closureFn.node,
      undefined,
      nestedMethod
        ? { params: inPlaceArguments(nestedMethod, site), method: nestedMethod.fn }
        : {
            params: closureFn.params.map((param, index) => ({
              names: param.names,
              value:
                site.args[index] ??
                param.names.map((name) => site.keywords.get(name.toLowerCase())).find(Boolean) ??
                CLEAN,
            })),
          },
    );
    run.finish(result);
    // the name held more than one class in the running code: each one's method runs, their values joined
    for (const other of nestedMethod?.others ?? []) {
      it.closureRuns++;
      const value = it.inlineFunction(other.fn.node, undefined, {
        params: inPlaceArguments(other, site),
        method: other.fn,
      });
      result = joinValues(result, value);
    }
  } else if (summary && local) {
    result = applySummary({ it, fn: local, summary, site, node });
    // past the closure limit, a call with the data an earlier in-place run had gives what that run returned
    if (replay?.value) result = joinValues(result, replay.value);
  } else if (
    callbacks.length > 0 &&
    it.rules.callbackResultMethods.has(method ?? (calleeNode.type === 'identifier' ? calleeNode.text : ''))
  ) {
    result = { taint: callbackReturn };
  } else if (method === 'get' && receiver?.container && !receiver.taint) {
    // `SORT_COLUMNS.get(request.GET["sort"], "created_at")`: one of the table's own values or the
    // default, whatever the key was — an allow-list lookup.
    result = { taint: mergeAll([site.args[1] ?? CLEAN, site.keywords.get('default') ?? CLEAN]) };
  } else if (method === 'xpath' && receiver && calleeNode.type !== 'identifier') {
    // lxml's `tree.xpath(query, name=name)`: the nodes and text found are the receiver's, the document's; its
    // keywords are XPath variables, values the query compares, not text it returns. The query itself, when
    // built from input, can return anything (the injection is reported at the query), so its data stays.
    result = { taint: mergeTaint(receiver.taint, site.args[0]?.taint) };
  } else if (
    python &&
    !local &&
    paths.some((path) => path === 'str' || path === 'repr') &&
    iteratorText(it, argumentsNode)
  ) {
    // `str(filter(…))`: an iterator's text is its repr (`<filter object at 0x…>`), not the items it would yield.
    result = CLEAN;
  } else if (python && !local && !site.hasSpread && buildsResponse(paths)) {
    // A response's page is its body; its status, media type and headers are the header rules' (response-headers.ts).
    result = {
      ...libraryResult({ it, paths, callee, receiver, method, site: pageSite(site) }),
      ...responseHeaders(site),
    };
  } else {
    result = libraryResult({ it, paths, callee, receiver, method, site });
  }
  // The call's own value from here on: what follows writes into it (its path, marks), and `CLEAN` is one object
  // shared by every clean value (writing `str()` as its path there made every later clean value a `str()`'s)
  if (result === CLEAN) result = {};
  // The file's function is not all the name may hold where it is called (review r16: `def q` cleans, then `if
  // flag: q = str`): what the other binding passes through comes out too, cleared only as that binding itself
  // clears by what it resolves to (`q = shlex.quote` does; `q = str`, a loop's or `with`'s target do not).
  if (local && python && calleeNode.type === 'identifier') {
    const passed = otherBindingPasses({ it, calleeNode, site });
    if (passed) result = { ...result, taint: mergeTaint(result.taint, passed) };
  }
  // `new Set(["__proto__", …])`, `new Map([…])`: the collection keeps its literal's elements.
  if (
    calleeNode.type === 'identifier' &&
    node.type === 'new_expression' &&
    /^(?:Set|Map)$/.test(calleeNode.text) &&
    site.args[0]?.elements
  ) {
    result = { ...result, elements: site.args[0].elements, container: calleeNode.text === 'Map' };
  }
  // `dict(Location=url)`, `Headers({"Location": url})`: a dict of those entries, judged by key (header rules).
  const dict = python && !local ? builtDict(paths, site) : undefined;
  if (dict) result = { ...result, ...dict };
  // A query's rows, a command's output, a fetched page are not the attacker's input passed through.
  if (consumed) result.taint = undefined;
  // `new URL(`/v2/pages/${slug}`, UPSTREAM)`: a path on this site (its constant start fixes the origin)
  // resolved against a constant scheme and host reaches only that host.
  const base = site.args[1];
  if (
    calleeNode.text === 'URL' &&
    result.taint &&
    base?.known &&
    typeof base.constant === 'string' &&
    fixedHost(base.constant) &&
    (!site.args[0]?.taint || site.args[0].taint.cleared.has('open-redirect'))
  )
    result.taint = clearTaint(result.taint, ['ssrf', 'partial-ssrf', 'open-redirect']);
  // (a helper returning `partial(subprocess.run, …)` returns that callable, named as it is)
  if (!isIndirect(result)) {
    result.path = `${callee.path ?? '?'}()`;
    result.rawPath = `${callee.rawPath ?? '?'}()`;
  }
  if (python && !local && makesServerContext(callee.path, site)) {
    result.path = SERVER_CONTEXT;
    result.rawPath = SERVER_CONTEXT;
  }
  // `type(f)` of a Python function is `types.FunctionType`: `type(f)(code, {})` makes a function of a code object.
  if (
    python &&
    !local &&
    callee.path === 'type' &&
    site.args.length === 1 &&
    namesFunction(it, argumentsNode)
  ) {
    result.path = 'types.FunctionType';
    result.rawPath = 'types.FunctionType';
  }
  // `parsed = urlparse(src)`: a later check of `parsed.hostname` checks `src`.
  const firstArgument = argumentsNode?.namedChildren[0];
  if (firstArgument?.type === 'identifier' && matchesAny(it.rules.urlParsers, paths))
    result.urlOf = firstArgument.text;
  // `re.compile(r"^https://…$")`, `new RegExp("^…$")`: a pattern a later `.match(x)` / `.test(x)` checks x against.
  const patternArgument = site.args[0];
  if (
    patternArgument?.known &&
    typeof patternArgument.constant === 'string' &&
    /(?:compile|RegExp)$/.test(paths[0] ?? '') &&
    matchesAny(it.rules.regexCompilers, paths)
  )
    result.pattern = patternArgument.constant;
  // `request.form.get("password")`: the value of a field named like a password is one.
  if (
    result.taint &&
    (method === 'get' || method === 'getlist' || method === 'get_json') &&
    typeof site.args[0]?.constant === 'string' &&
    PASSWORD_NAME.test(site.args[0].constant)
  )
    result.taint = passwordTaint(result.taint);
  // `const run = promisify(exec)`: calling `run` is calling `exec`.
  if (site.args[0]?.path && matchesAny(it.rules.passThroughCalls, paths)) {
    result.path = site.args[0].path;
    result.rawPath = site.args[0].rawPath;
  }

  if (it.language === 'python') Object.assign(result, bytesOrText({ paths, method, receiver, site }));
  // `Popen(["sh"], stdin=PIPE)`, `spawn('sh', [])`: a process whose script is what is written to it (r48)
  if (startsStdinProgram(paths, site)) result.stdinProgram = true;
  // `shlex.split("bash -s")`: a list of known words (w223)
  const split = python && !local ? constantSplitWords(paths, site.args) : undefined;
  if (split) result.elements = split;
  // `open("templates/page.html")`, `Path("model.pkl")`: the program's own file; what is read from it too.
  if (
    ownFileOpened(it, { node, paths, site }) ||
    (receiver?.ownFile && method !== undefined && OWN_FILE_READS.test(method))
  )
    result.ownFile = true;
  // `open(file_path)`: the handle, and what is read from it, remember the path's data.
  // Not a path some call returned (`open(store.get(key))`): that names a file no caller chose.
  const openedAt = paths.some((path) => FILE_OPENERS.test(path))
    ? returnedByCall(site.args[0])
      ? undefined
      : site.args[0]?.taint
    : method !== undefined && OWN_FILE_READS.test(method)
      ? receiver?.openedAt
      : undefined;
  if (openedAt) result.openedAt = openedAt;
  // What the program reads from its own file is no "file contents" source (a template, its model), nor is
  // a method of what it read (`open("page.html").read().replace(…)` matches `open().read*` again).
  // `marshal.load(open("cache.bin", "rb"))`: given the program's own file, too.
  if (rules.source && !receiver?.ownFile && !site.args[0]?.ownFile)
    result.taint = mergeTaint(result.taint, it.sourceTaint(rules.source, node.startPosition.row + 1));
  // A function of this file named like a library cleaner (`def render(x)`, `def escape(x)`) is what runs: its
  // summary or body says what it cleans, not its name; unless it escapes HTML by hand, which the engine does
  // not follow: its body replaces `<` and `&` or `"` in a replace/substitute call (`.replace(/[&<>"']/g, …)`,
  // own-escaper.ts), or the file's code writes entities (a table of `&lt;`…). Then its name is taken at its
  // word, for what an escaper does only (XSS, XML); a library cleaner's or other sanitiser's name never.
  // `escape = lambda s: s`, a `def escape` beside `from html import escape`: the file's own function too.
  const own =
    shadowed ||
    (result.taint !== undefined &&
      calleeNode.type === 'identifier' &&
      (rules.cleaners.length > 0 || rules.sanitizers.length > 0) &&
      rebound(it, node, calleeNode.text));
  // A Python name bound in scope (`escape = str.strip`) is trusted as a sanitiser for what it resolves to (its
  // value's path: `escape = html.escape` is html's escape), never for the name written at the call.
  // A name the file binds more than one way where it is called (`q = shlex.quote`, then `if …: q = str`; an
  // import and an assignment; a `global q` written by another function) clears only what every binding clears
  // (`clearedByAll`): the join of the branches keeps one binding's name, the runtime may hold another (r16).
  const byName =
    python && boundName && !closureFn && boundName.path !== callee.rawPath
      ? boundName.path
        ? unlessPatched({
            it,
            at: node,
            rules: it.rules.calls.match([boundName.path]),
            paths: [boundName.path],
          })
        : NO_RULES
      : rules;
  const asked =
    python &&
    result.taint !== undefined &&
    !local &&
    calleeNode.type === 'identifier' &&
    byName.cleaners.length + byName.sanitizers.length + byName.normalizers.length > 0;
  // A file that writes names unwritten (`globals()["q"] = str`, `exec("q = str")` on a branch: `fileBindings`'
  // `rewrites`) may hold anything under the name: no cleaner is trusted by it (review r19). One that only
  // reaches a module by name or reads a dictionary (`import_module(m)`, `obj.__dict__.items()`) keeps them.
  const unwritten = asked && tableOf(it, calleeNode).rewrites;
  const several = asked && !unwritten ? uncertainBindings(it, calleeNode) : undefined;
  const trusted = unwritten ? NO_RULES : several ? clearedByAll(it, several) : byName;
  // A method of the file's own class (`Echo().execute(q, params)` with `class Echo: def execute(…)`) is what
  // runs, not the library method a cleaner's glob names (`*.execute`): its summary says what comes out (r22).
  const ownMethod = local !== undefined && calleeNode.type !== 'identifier';
  if (result.taint) {
    if (!own && !ownMethod && trusted.cleaners.some((matcher) => conditionsHold(matcher, site)))
      // A number parsed from the data can still size a loop or an allocation; nothing else survives.
      // JSON text of the data is clean only for rules whose attack needs a line break (log lines, headers).
      result.taint = matchesAny(it.rules.numberCalls, paths)
        ? it.numericTaint(result.taint)
        : matchesAny(it.rules.jsonCalls, paths)
          ? clearTaint(result.taint, jsonCleared(it, { paths, site }))
          : undefined;
    const cleared = sanitizersHolding({
      it,
      matchers: trusted.sanitizers,
      site,
      ownText: own ? (local?.node.text ?? '') : undefined,
    });
    if (cleared.length) result.taint = clearTaint(result.taint, cleared);
    // An escape makes the text escaped again: an unescape before it is no longer the last word (review r26).
    if (result.taint?.undone && cleared.some((id) => ESCAPED.has(id)))
      result.taint = { ...result.taint, undone: undefined, undoneParams: undefined };
    // A password hashed (`bcrypt.hash`, `generate_password_hash`) is no longer a password.
    if (result.taint?.password && cleared.some((id) => it.rules.passwordRules.has(id)))
      result.taint = { ...result.taint, password: undefined };
    // `unicodedata.normalize("NFKC", name)` after `if ".." in name: abort()`: the check no longer holds.
    if (
      !own &&
      result.taint?.cleared.size &&
      rules.sinks.some((matcher) => matcher.rule.resetsChecks && conditionsHold(matcher, site))
    )
      result.taint = { ...result.taint, cleared: new Set() };
    if (!own && result.taint && trusted.normalizers.length > 0) {
      result.taint = { ...result.taint, normalized: true };
    }
  }

  // `render_template_string(…).replace("&lt;", "<")`, `html.unescape(html.escape(q))`: text escaped for HTML with
  // an entity turned back into its character is no longer escaped (review r22, r25: unescapes.ts).
  // A parameter's data is marked so even when cleared for nothing yet: the helper's summary undoes its callers'.
  if (
    result.taint &&
    ([...result.taint.cleared].some((id) => ESCAPED.has(id)) ||
      result.taint.origins.some(
        (origin) => origin.param !== undefined && !undoneFor(result.taint, origin.param),
      )) &&
    undoesEscaping(it, { node, paths, method, receiver, site })
  )
    result.taint = escapingUndone(result.taint);
  // `unquote(quote(q))`, `unquote(shlex.quote(q))`: `%0d%0a`, `%27`, `%2f` come back, whatever cleared them (r26).
  // A helper's parameter is marked so even when cleared for nothing yet: its summary undoes its callers' clearing.
  if (
    result.taint &&
    (result.taint.cleared.size > 0 ||
      result.taint.origins.some(
        (origin) => origin.param !== undefined && !decodedFor(result.taint, origin.param),
      )) &&
    (decodesUrl(paths) || ((paths.includes('map') || method === 'map') && mapsUnescaper(it, site, true)))
  )
    result.taint = urlDecoded(result.taint);

  // Mutating methods carry the argument's data into the receiver (`items.append(x)`).
  if (method && it.rules.mutatingMethods.has(method) && calleeNode.type !== 'identifier') {
    const objectNode = calleeNode.childForFieldName('object');
    let incoming = mergeAll(site.args);
    // `url.searchParams.set('q', q)`: a query parameter's value cannot move the URL to another host.
    if (incoming && /\.searchParams$/.test(objectNode?.text ?? ''))
      incoming = clearTaint(incoming, ['ssrf', 'partial-ssrf', 'open-redirect']);
    // `resp.headers.set("Location", url)`, `resp.headers.update(X_Foo=x)`: a header is not the response's page.
    if (objectNode && changesHeaders(objectNode))
      incoming = writtenHeaders({
        it,
        objectNode,
        receiver,
        written: mergeAll([...site.args, ...site.keywords.values()]),
      });
    if (objectNode && incoming) {
      const key = objectNode.type === 'identifier' ? objectNode.text : rootIdentifier(objectNode);
      if (key) {
        if (writesModule(it, key)) keepModuleWrite(it, key, incoming);
        const holder = it.lookup(key) ?? {};
        it.frame.scope.set(key, {
          ...holder,
          ...addedEntries({ holder, direct: objectNode.text === key, method, site }),
          taint: mergeTaint(holder.taint, incoming),
          known: undefined,
        });
      }
    }
  }
  // `h.update({"Content-Type": "text/html"})`, `h.pop("Content-Type")`, `pairs.append(("Content-Type", …))` with
  // no data in it: the dict of headers still says something else than its literal (review r17's F2).
  const changed = calleeNode.type === 'attribute' ? calleeNode.childForFieldName('object') : null;
  if (
    method &&
    changed?.type === 'identifier' &&
    (REMOVES_ENTRIES.test(method) || (it.rules.mutatingMethods.has(method) && !mergeAll(site.args)))
  ) {
    const holder = it.lookup(changed.text);
    if (holder?.properties || holder?.elements)
      it.frame.scope.set(changed.text, {
        ...holder,
        ...addedEntries({ holder, direct: true, method, site }),
      });
  }
  // `conf = configparser.ConfigParser()`, `conf.set("s", "a", v)`, `conf.get("s", "a")`: options followed by
  // section and name; `items.append(v)`, `items.pop(0)`: a list's elements by index (keyed-entries.ts)
  if (python && !local) {
    const made = configParserMade(paths, site);
    if (made) return { ...result, ...made };
    const config =
      method && changed?.type === 'identifier'
        ? keyedCall({ it, name: changed.text, method, site })
        : undefined;
    if (config?.holder) it.frame.scope.set(changed!.text, config.holder);
    if (config?.read) return config.read;
  }
  // `args.splice(1, 1, q)`, `args.unshift("-c")`, `args.slice(1)`, `["-c"].concat([q])`: a JavaScript array's
  // words as its methods leave them (keyed-entries.ts, r48)
  if (!python && !local && method && calleeNode.type === 'member_expression') {
    const holderNode = calleeNode.childForFieldName('object');
    const holder = holderNode?.type === 'identifier' ? it.lookup(holderNode.text) : undefined;
    if (holder?.keyedBy === 'list' && holder.keyed)
      it.frame.scope.set(holderNode!.text, arrayCall({ holder, method, site }));
    const words = arrayResult({ receiver, method, site });
    if (words) return { ...result, ...words };
  }
  return result;
}

/**
 * The call's arguments as the rules see them: positional values, keyword arguments (Python) and the
 * properties of object-literal arguments (JavaScript options) by lower-cased name, and the function
 * literals passed, which run in place afterwards.
 */
function callSite({
  it,
  paths,
  receiver,
  argumentsNode,
}: {
  it: Interpreter;
  paths: string[];
  receiver: Value | undefined;
  argumentsNode: SyntaxNode | null;
}): { site: CallSite; callbacks: SyntaxNode[] } {
  const site: CallSite = {
    paths,
    args: [],
    keywords: new Map(),
    hasSpread: false,
    receiver,
    context: it.frame.contextName,
    file: it.file,
    topLevel: !it.frame.fn,
    objectArguments: new Set<number>(),
  };
  const callbacks: SyntaxNode[] = [];
  for (const argument of argumentsNode?.namedChildren ?? []) {
    if (argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text ?? '';
      const valueNode = argument.childForFieldName('value');
      const value = valueNode ? it.withContext(name, () => it.expr(valueNode)) : CLEAN;
      site.keywords.set(name.toLowerCase(), value);
      // `boto3.client("s3", aws_secret_access_key="…")`: a credential written into a keyword argument.
      if (valueNode?.type === 'string') keywordPatterns({ it, node: argument, name, value, valueNode });
      else if (valueNode) foldedValuePatterns({ it, node: argument, name, value, valueNode });
      // `sorted(xs, key=fn)`: a nested function given by keyword to a built-in that calls it (review r20)
      const passed = valueNode?.type === 'identifier' ? calledBack(it, paths, valueNode.text) : undefined;
      if (passed) callbacks.push(passed);
      continue;
    }
    if (argument.type === 'dictionary_splat') {
      // `**{"shell": True}`, `**OPTIONS`: a dictionary of constant keys sets those keywords.
      const inner = argument.namedChildren[0];
      const value = inner ? it.expr(inner) : CLEAN;
      if (value.properties) {
        for (const [name, entry] of value.properties) site.keywords.set(name, entry);
        if (inner?.type === 'dictionary') site.hidden = argument.text;
        continue;
      }
      site.hasSpread = true;
      site.args.push(value);
      continue;
    }
    if (argument.type === 'list_splat' || argument.type === 'spread_element') {
      site.hasSpread = true;
    }
    if (isFunctionNode(argument)) {
      callbacks.push(argument);
      site.args.push(CLEAN);
      continue;
    }
    if (argument.type === 'object') {
      (site.objectArguments as Set<number>).add(site.args.length);
      for (const property of argument.namedChildren) {
        if (property.type === 'pair') {
          const key = property.childForFieldName('key');
          const valueNode = property.childForFieldName('value');
          const name = key ? stringText(key) || key.text : '';
          if (valueNode && !isFunctionNode(valueNode)) {
            const value = it.withContext(name, () => it.expr(valueNode));
            site.keywords.set(name.toLowerCase(), value);
            propertyPatterns({ it, node: property, name, value, valueNode });
            if (valueNode.type === 'string' || valueNode.type === 'template_string')
              keywordPatterns({ it, node: property, name, value, valueNode });
            else foldedValuePatterns({ it, node: property, name, value, valueNode });
          } else if (valueNode) {
            propertyPatterns({ it, node: property, name, value: CLEAN, valueNode });
            // `multer.diskStorage({ filename: (req, file, cb) => … })`: option callbacks run like callbacks.
            callbacks.push(valueNode);
          }
        } else if (property.type === 'shorthand_property_identifier') {
          site.keywords.set(property.text.toLowerCase(), it.expr(property));
        } else if (property.type === 'spread_element') site.hasSpread = true;
        // `defineComponent({ setup(props) { … } })`: methods of an options object run like callbacks.
        else if (property.type === 'method_definition') callbacks.push(property);
      }
      site.args.push({ taint: mergeAll([...site.keywords.values()]) });
      continue;
    }
    const value = it.expr(argument);
    // `xs.forEach(set)`, `map(setter, xs)`: a nested function passed by name to a built-in that calls it runs as
    // a function literal passed there does (closure-writes.ts)
    const passed = argument.type === 'identifier' ? calledBack(it, paths, argument.text) : undefined;
    if (passed) callbacks.push(passed);
    // `spawnSync(cmd, opts)` with `const opts = { shell: true }`: an options object bound earlier.
    if (argument.type === 'identifier' && value.properties && it.language !== 'python') {
      (site.objectArguments as Set<number>).add(site.args.length);
      for (const [name, entry] of value.properties)
        if (!site.keywords.has(name)) site.keywords.set(name, entry);
    }
    // `list(f(x) for x in xs)`: a generator, the only argument, is the arguments node itself, read here as
    // its parts; its element runs once per item, maybe never, so one that raises does not make the call raise.
    if (value.raises && argumentsNode?.type === 'generator_expression') {
      const { raises: _never, ...ran } = value;
      site.args.push(ran);
    } else site.args.push(value);
  }
  // Tagged templates (sql`…`) arrive as a template_string argument: their parts are parameters. Not
  // `String.raw`, which returns the text with them in it (`eval(String.raw`…${q}`)`, w212).
  if (argumentsNode?.type === 'template_string' && !paths.includes('String.raw')) site.args.length = 0;
  return { site, callbacks };
}

/**
 * `template.replace("{name}", name)` puts the data into other text, and so does `value.replace("\n",
 * "<br>")`; `data.replace('"', '')` or `data.replace("&lt;", "<")` only edits the data itself, one
 * character for a constant: a document received whole stays whole, with no text of the program's in it.
 */
function editsOnly(method: string | undefined, receiver: Value | undefined, site: CallSite): boolean {
  if (method !== 'replace' || !receiver?.taint || receiver.taint.built) return false;
  const replacement = site.args[1];
  return (
    !mergeAll([...site.args])?.origins.length &&
    replacement?.known === true &&
    typeof replacement.constant === 'string' &&
    replacement.constant.length <= 1
  );
}

/**
 * A call to code the file does not define: its result carries everything it was given, built when the
 * call combines text (`format`, `join`), constant when a pure call had constant arguments.
 */
function libraryResult({
  it,
  paths,
  callee,
  receiver,
  method,
  site,
}: {
  it: Interpreter;
  paths: string[];
  callee: Value;
  receiver: Value | undefined;
  method: string | undefined;
  site: CallSite;
}): Value {
  const everything = [receiver, ...site.args, ...site.keywords.values()];
  let result: Value = { taint: mergeAll(everything) };
  if (callee.taint) result.taint = mergeTaint(result.taint, callee.taint);
  const wrapped = requestThroughUnreadModule({ it, paths, site });
  if (wrapped) result.taint = mergeTaint(result.taint, wrapped);
  const building =
    !!result.taint && matchesAny(it.rules.buildingCalls, paths) && !editsOnly(method, receiver, site);
  if (result.taint && !result.taint.built && building) result.taint = builtTaint(result.taint);
  // Handed to a function (not a method of the data, not one that builds or converts text), the data is
  // no longer the text rules with `textOnly` follow: `response_for_exception(request, exc)`. JSON text is
  // the data's text, cleared only as `jsonCleared` says (w102: `Set-Cookie` of `json.dumps(x)`).
  if (
    result.taint &&
    it.rules.textOnlyRules.length > 0 &&
    !receiver?.taint &&
    !building &&
    !matchesAny(it.rules.constantCalls, paths) &&
    !matchesAny(it.rules.jsonCalls, paths)
  )
    result.taint = clearTaint(result.taint, it.rules.textOnlyRules);
  // `"/items/{}".format(x)`: the template's text before its first field fixes the origin.
  if (result.taint && method === 'format' && receiver?.known && typeof receiver.constant === 'string')
    result.taint = fixOrigin(
      result.taint,
      receiver.constant.slice(0, Math.max(0, receiver.constant.indexOf('{'))),
    );
  if (
    matchesAny(it.rules.constantCalls, paths) &&
    (receiver === undefined || receiver.known || !receiver.taint) &&
    site.args.every((arg) => arg.known) &&
    (receiver?.known || site.args.length > 0)
  ) {
    const base = receiver?.known ? receiver.constant : site.args[0]?.constant;
    // `"ABC".lower()`, `b64decode("…")`, `"a".encode()`: known, but not the text given (w136): only `str(s)`,
    // `String(s)` and `s.toString()` of text give it back as it was; the others decide no comparison
    const same = typeof base === 'string' && paths.some((path) => SAME_TEXT.test(path));
    const cased = caseFolded(base, method, site);
    result =
      cased !== undefined
        ? { known: true, constant: cased }
        : { known: true, constant: base ?? null, ...(same ? {} : { inexact: true }) };
  }
  // `"".join(PARTS)`, `"{}{}".format(a, b)`, `[…].join("")`: text built from constants is a constant.
  const folded =
    site.keywords.size === 0 && !site.hasSpread
      ? foldStringCall({ language: it.language, paths, method, receiver, args: site.args })
      : undefined;
  const made = folded ?? result;
  // text built from text not as the literal reads (`"\x41".lower()`, `"%s" % "\x41"`) keeps its mark (w136)
  return made.known && !made.inexact && [receiver, ...site.args].some(inexactInside)
    ? { ...made, inexact: true }
    : made;
}

/** `"AbC".lower()`, `"abc".upper()` of plain ASCII text (where Python's and JavaScript's agree): the result. */
function caseFolded(
  base: Constant | undefined,
  method: string | undefined,
  site: CallSite,
): string | undefined {
  if (typeof base !== 'string' || site.args.length > 0 || !/^[\x20-\x7e]*$/.test(base)) return undefined;
  return method === 'lower' ? base.toLowerCase() : method === 'upper' ? base.toUpperCase() : undefined;
}

/** the calls among `calls.constant` that give text back as it was */
const SAME_TEXT = /^(?:str|String|.*\.toString)$/;

/**
 * Whether the one argument of `type(…)` is a function written in Python: a lambda, a `def` of the file (`f`, or
 * `A.m` read from its class), or a lower-case member of an imported module (`os.path.join`, `dumps` from `json`).
 * Not a bound method (`type(obj.m)` is `MethodType`), a builtin (`type(print)` cannot be made), nor a value
 * (`type(self)`, `type(x)`).
 */
function namesFunction(it: Interpreter, argumentsNode: SyntaxNode | null): boolean {
  const node = argumentsNode?.namedChildren[0];
  if (!node) return false;
  if (node.type === 'lambda') return true;
  if (node.type === 'identifier') {
    const name = node.text;
    const defs = it.allFunctions.filter((fn) => !fn.owner).map((fn) => fn.name);
    // `f = lambda: 0`, `f = helper` (a `def` of the file), here or at module level, in any branch
    if (boundToFunction(node, name, defs)) return true;
    // a `def` of the name, unless the name holds a known value here, bound on every path (`f = 3` in the
    // function's own body, not in one branch)
    if (defs.includes(name) && (!it.lookup(name)?.known || !boundInBody(it, name))) return true;
    const imported = it.aliases.get(name);
    return imported !== undefined && pythonFunctionOfModule(imported);
  }
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  const name = node.childForFieldName('attribute')?.text ?? '';
  if (
    object?.type === 'identifier' &&
    it.allFunctions.some((fn) => fn.owner === object.text && fn.name === name)
  )
    return true;
  const root = node.text.split('.')[0]!;
  const module = it.aliases.get(root);
  return (
    module !== undefined &&
    !it.lookup(root) &&
    pythonFunctionOfModule(`${module}${node.text.slice(root.length)}`)
  );
}

/**
 * A lower-case member of a module written in Python (`os.path.join`, `json.dumps`): a Python function. Not one
 * of a module whose functions are C (`functools.reduce`, `os.system`, `math.sqrt`): `type()` of those is
 * `builtin_function_or_method`, which cannot be made.
 */
function pythonFunctionOfModule(path: string): boolean {
  if (!LIBRARY_FUNCTION.test(path)) return false;
  return PYTHON_MODULES.test(path.slice(0, path.lastIndexOf('.')));
}
const PYTHON_MODULES =
  /^(?:os\.path|posixpath|ntpath|json|shlex|html|base64|urllib\.parse|textwrap|shutil|glob|fnmatch|copy|inspect|re|tempfile|string|subprocess|logging|pathlib|calendar|difflib|pprint|csv|configparser|uuid|ast|dis|types)$/;

/** Whether a statement of the running function's own body (not one in a branch) assigns `name`. */
function boundInBody(it: Interpreter, name: string): boolean {
  const body = it.frame.fn?.node.childForFieldName('body');
  if (!body) return true;
  return body.namedChildren.some(
    (statement) =>
      statement.type === 'expression_statement' &&
      statement.namedChildren[0]?.type === 'assignment' &&
      statement.namedChildren[0].childForFieldName('left')?.text === name,
  );
}

/** Whether the file binds `name` to a lambda or to one of its `def`s (`f = lambda: 0`, `f = helper`, `f = g = helper`). */
function boundToFunction(node: SyntaxNode, name: string, defs: readonly string[]): boolean {
  return !!fileBindings(node)
    .names.get(name)
    ?.some(
      (binding) =>
        binding.kind === 'lambda' ||
        (binding.kind === 'assignment' &&
          binding.value?.type === 'identifier' &&
          defs.includes(binding.value.text)),
    );
}
/** A dotted name whose last part is lower case and not private: a module's function by Python's convention. */
const LIBRARY_FUNCTION = /^[A-Za-z_][\w.]*\.[a-z][a-z0-9_]*$/;

/** Calls that open a file by path (Python), and the methods that read a file or open a path. */
const FILE_OPENERS = /^(?:open|io\.open|codecs\.open|builtins\.open|pathlib\.Path|Path|pathlib\.PurePath)$/;
const OWN_FILE_READS = /^(?:read|readline|readlines|read_text|read_bytes|open|__enter__)$/;
/** Folders any local user can write to: a file there is not the program's own (CWE-377). */
const SHARED_FOLDER = /^(?:\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|$)/;

/**
 * A file opened (or a path made) at a constant path outside the shared temporary folders, where nothing in
 * the file may write anything but pickle's own stream (`own-writes.ts`: a write of raw bytes, text, a copy or
 * a download there, or a write whose path is not a known other constant, makes it someone else's): data the
 * program ships or keeps for itself, not data others give it.
 */
function ownFileOpened(
  it: Interpreter,
  { node, paths, site }: { node: SyntaxNode; paths: string[]; site: CallSite },
): boolean {
  if (!paths.some((path) => FILE_OPENERS.test(path))) return false;
  const target = site.args[0];
  if (!target?.known || typeof target.constant !== 'string' || !target.constant) return false;
  if (SHARED_FOLDER.test(target.constant)) return false;
  const mode = site.args[1] ?? site.keywords.get('mode');
  if (mode?.known && typeof mode.constant === 'string' && /[wax+]/.test(mode.constant)) return false;
  if (mode && !mode.known) return false;
  return !writtenByOthers(target.constant, fileWrites(node, it.aliases));
}

/**
 * Python's bytes and text, where the call says which, and the calls that always raise on the wrong one:
 * `bytes.fromhex(b)` of bytes (TypeError), `.decode()` of text and `.encode()` of bytes (AttributeError).
 * A call given a value that raised raises too.
 */
function bytesOrText({
  paths,
  method,
  receiver,
  site,
}: {
  paths: string[];
  method: string | undefined;
  receiver: Value | undefined;
  site: CallSite;
}): Pick<Value, 'kind' | 'raises'> {
  if (receiver?.raises || site.args.some((arg) => arg.raises)) return { raises: true };
  if (paths.some((path) => /^(?:bytes|bytearray)\.fromhex$/.test(path)))
    return site.args[0]?.kind === 'bytes' ? { raises: true } : { kind: 'bytes' };
  // Methods of data only (data from somewhere, or of a known kind): `codecs.decode(b, "hex")` is a module's
  // function, and gives bytes.
  if (!receiver || !(receiver.taint || receiver.kind || receiver.known)) return {};
  if (method === 'encode') return receiver?.kind === 'bytes' ? { raises: true } : { kind: 'bytes' };
  if (method === 'decode') return receiver?.kind === 'str' ? { raises: true } : { kind: 'str' };
  if (method === 'hex' && site.args.length === 0) return { kind: 'str' };
  return {};
}

const raising = (value: Value) => value.raises === true;

/**
 * Closures one run of a function (or the module) runs in place at most. Nested functions that call each
 * other (a bundled recursive-descent parser: `parse` holding `parseExpression`, `parseTernary`, … each calling
 * several) ran in place at every call, their callees in place again: work exponential in the depth (issue 59:
 * `@huggingface/jinja`'s 116 KB `dist/index.cjs` ran for minutes). Past this many, a closure's call applies the
 * summary of its own run, as a call of any function of the file does. No file of Django, `bench/security/` or
 * SALLM's development half reaches it (bench/notes/2026-11-27-gate-slow-file.md).
 */
export const MAX_CLOSURE_RUNS = 200;

/** A name imported from a models module (`from .models import User`, `require('./models/User')`). */
const MODELS_MODULE = /(?:^|[./])(?:models?|entities|entity|schemas?)[./]/i;

const ITERATORS = /^(?:filter|map|zip|enumerate|reversed|iter)$/;

/** The one argument is a built-in iterator (`filter(…)`, `map(…)`, a generator expression) nothing in the file rebinds. */
function iteratorText(it: Interpreter, argumentsNode: SyntaxNode | null): boolean {
  const args = argumentsNode?.namedChildren.filter((child) => child.type !== 'comment') ?? [];
  if (argumentsNode?.type === 'generator_expression') return true;
  const only = args.length === 1 ? args[0] : undefined;
  if (only?.type === 'generator_expression') return true;
  const callee = only?.type === 'call' ? only.childForFieldName('function') : undefined;
  return (
    callee?.type === 'identifier' &&
    ITERATORS.test(callee.text) &&
    !it.lookup(callee.text) &&
    !it.allFunctions.some((fn) => fn.name === callee.text) &&
    !it.aliases.has(callee.text) &&
    !mayRebind(callee, callee.text)
  );
}

/**
 * The ids of the sanitisers among `matchers` whose conditions hold at the call; for a name the file binds itself
 * (`ownText`: its function's text), only the escapers, and those only when it escapes by hand. Always one array
 * filled by pushes, cut in place: `map`'s and `filter`'s results and a literal `[]` have other element kinds (an
 * empty one, one of strings), and reading `cleared.length` on a second kind threw away `evaluateCall`'s optimised
 * code, the largest function of the engine, to compile it again (w208's profile, w216).
 */
function sanitizersHolding({
  it,
  matchers,
  site,
  ownText,
}: {
  it: Interpreter;
  matchers: CallRules['sanitizers'];
  site: CallSite;
  ownText: string | undefined;
}): string[] {
  const cleared: string[] = [];
  for (const matcher of matchers) if (conditionsHold(matcher, site)) cleared.push(matcher.rule.id);
  if (ownText === undefined || cleared.length === 0) return cleared;
  const escapes = cleared.some((id) => ESCAPED.has(id)) && escaperByHand(it, ownText);
  let kept = 0;
  for (const id of cleared) if (escapes && ESCAPED.has(id)) cleared[kept++] = id;
  cleared.length = kept;
  return cleared;
}

/** HTML entities written in the file (`{"<": "&lt;"}`): an escaper by hand may use them. */
const WRITES_LT = /&(?:lt|#0*60|#x0*3c);/i;
const WRITES_AMP_OR_QUOTE = /&(?:amp|quot|#0*(?:38|34)|#x0*(?:26|22));/i;
/**
 * Whether a function of the file (its text) escapes HTML by hand, or the file's code writes the entities of
 * `<` and of `&` or `"` (a table an escaper looks characters up in).
 */
function escaperByHand(it: Interpreter, text: string): boolean {
  if (escapesByHand(text)) return true;
  const code = it.fileCode();
  return WRITES_LT.test(code) && WRITES_AMP_OR_QUOTE.test(code);
}

/**
 * Whether the file binds `name` itself, besides an import: a `def` of that name at module level, or a lambda
 * assigned to it anywhere (`escape = lambda s: s`, `escape = other = lambda s: s`; not `qn =
 * connection.ops.quote_name`, which names the library's function), read from the syntax tree.
 */
function rebound(it: Interpreter, node: SyntaxNode, name: string): boolean {
  if (unlessFallback(it, it.moduleFunctions.get(name)) !== undefined) return true;
  // a file without the word has no lambda to bind (asked at every call of a cleaner's name with data)
  if (it.language !== 'python' || !writesLambda(it)) return false;
  return !!fileBindings(node)
    .names.get(name)
    ?.some((binding) => binding.kind === 'lambda');
}

/**
 * Whether the file may bind a built-in's name itself (`map = lambda f, xs: …`, `class map:`, `for map in …`,
 * `import x as map`, `(map, y) = …`, a parameter): any binding of it in the syntax tree, or a form that binds
 * names unwritten (`import *`, `builtins`, `globals()`…). A string, a comment or a keyword argument (`f(map=…)`)
 * is no binding.
 */
function mayRebind(node: SyntaxNode, name: string): boolean {
  const file = fileBindings(node);
  return file.dynamic || file.names.has(name) || file.attributes.has(name);
}

/** Whether a callee name matched anything in the rules. */
function hasRules(rules: CallRules): boolean {
  return (
    rules.sinks.length > 0 ||
    rules.patterns.length > 0 ||
    rules.sanitizers.length > 0 ||
    rules.cleaners.length > 0 ||
    rules.normalizers.length > 0 ||
    rules.source !== undefined
  );
}

/**
 * The constant text of a subscript's index (`cp["ex" + "ec"]`), when it folds to one; also held in a variable
 * first (`const n = "ex" + "ec"; cp[n](…)`, w222), as Python's `getattr(os, fn)` is.
 */
function constantName(it: Interpreter, node: SyntaxNode): string | undefined {
  const index = node.childForFieldName('index');
  if (!index || index.type === 'number') return undefined;
  const value = it.expr(index);
  return value.known && typeof value.constant === 'string' && /^[A-Za-z_$][\w$]*$/.test(value.constant)
    ? value.constant
    : undefined;
}

/**
 * What `self.run`/`this.run` (or any attribute bound in scope) holds when it is a callable reached through
 * indirection: set in this function, or in another method of the class (`FieldStore.callable`).
 */
function heldCallable({
  it,
  calleeNode,
  objectNode,
  method,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  objectNode: SyntaxNode | null;
  method: string | undefined;
}): Value | undefined {
  const local = it.lookup(calleeNode.text);
  if (local) return isIndirect(local) ? callablePart(local) : undefined;
  return method ? it.fields.callable(it.frame.fn, objectNode, method) : undefined;
}

/**
 * One more callable a joined value may be (`run` is `partial(subprocess.run, shell=True)` on one branch):
 * the call's rules matched again as a call of it, with the arguments given and what it bound.
 */
function alternativeCall({
  it,
  alternative,
  site,
  given,
  node,
}: {
  it: Interpreter;
  alternative: Value;
  site: CallSite;
  given: { args: Value[]; keywords: Map<string, Value>; hasSpread: boolean };
  node: SyntaxNode;
}): void {
  const paths = [alternative.path, alternative.rawPath].filter((path): path is string => !!path);
  const other: CallSite = { ...site, ...given, paths, hidden: alternative.hidden };
  if (alternative.bound) withBoundArguments(other, alternative.bound);
  callMatches({ it, rules: it.rules.calls.match(paths), site: other, node });
  for (const keyword of other.keywords.keys()) {
    const more = it.rules.keywordCalls.get(keyword);
    if (more) callMatches({ it, rules: more, site: other, node });
  }
}

/** Whether the file's text has `lambda` anywhere (read once per file). */
function writesLambda(it: Interpreter): boolean {
  let found = WRITES_LAMBDA.get(it);
  if (found === undefined) {
    found = /\blambda\b/.test(it.text);
    WRITES_LAMBDA.set(it, found);
  }
  return found;
}
const WRITES_LAMBDA = new WeakMap<Interpreter, boolean>();

/**
 * The function of this file a partial wraps (`partial(helper, cmd)()`, `partial(Repo().run, cmd)()`): called,
 * it runs with what the partial bound first.
 */
function boundFunction(it: Interpreter, callee: Value): FunctionDef | undefined {
  if (!callee.bound || !callee.path) return undefined;
  const method = callee.path.match(/^(?:new )?([A-Za-z_$][\w$]*)\(\)\.([A-Za-z_$][\w$]*)$/);
  if (method) return it.classes.has(method[1]!) ? it.functions.get(method[2]!) : undefined;
  return it.aliases.has(callee.path) ? undefined : it.functions.get(callee.path);
}

const SIMPLE_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * `f()` after `f = load`, `load` a module-level `def` of this Python file (w135): the name holds the function, so
 * its summary applies. Only where the file binds `f` one way (a second binding, `if c: f = str`, could be what
 * runs, and `load`'s clearing would not hold for it), `load` likewise (one `def`, under no decorator but those known
 * to return it, never rebound through `global`), and `load` is not the running function's own name.
 */
function heldFunction(it: Interpreter, calleeNode: SyntaxNode, callee: Value): FunctionDef | undefined {
  if (it.language !== 'python' || calleeNode.type !== 'identifier' || callee.bound || callee.taint)
    return undefined;
  const path = callee.path;
  if (!path || path === calleeNode.text || !SIMPLE_NAME.test(path)) return undefined;
  if (it.aliases.has(path) || it.frame.scope.has(path)) return undefined;
  const fn = it.moduleFunctions.get(path);
  // `load` itself bound one way too (review r32: under a decorator not known to return it, d01, or rebound by a
  // helper's `global load`, d05, its summary is not what `f` runs)
  return fn && !mayBindAgain(it, calleeNode) && !mayBindAgain(it, calleeNode, path) ? fn : undefined;
}

/**
 * JavaScript's ways of calling a function with its arguments listed apart (`f.call(thisArg, a, b)`,
 * `f.apply(thisArg, [a, b])`, `Reflect.apply(f, thisArg, [a, b])`), where `f` is a function some rule
 * names: that call, hidden, with those arguments (an array not known element by element is one argument
 * carrying its data).
 */
function prototypeCall({
  it,
  method,
  receiver,
  paths,
  site,
  node,
}: {
  it: Interpreter;
  method: string | undefined;
  receiver: Value | undefined;
  paths: readonly string[];
  site: CallSite;
  node: SyntaxNode;
}):
  | { callee: Value; given: { args: Value[]; keywords: Map<string, Value>; hasSpread: boolean } }
  | undefined {
  const listed = (value: Value | undefined): Value[] => (value ? (value.elements ?? [value]) : []);
  let target: Value | undefined;
  let args: Value[] = [];
  if (paths.includes('Reflect.apply')) {
    target = site.args[0];
    args = listed(site.args[2]);
  } else if ((method === 'call' || method === 'apply') && receiver) {
    target = receiver;
    args = method === 'call' ? site.args.slice(1) : listed(site.args[1]);
  }
  const named = [target?.path, target?.rawPath].filter((path): path is string => !!path);
  if (!target || named.length === 0 || !hasRules(it.rules.calls.match(named))) return undefined;
  return {
    callee: { path: target.path, rawPath: target.rawPath, hidden: node.text },
    given: { args, keywords: site.keywords, hasSpread: site.hasSpread },
  };
}

/** `module.require`, `process.mainModule.require`: Node's require reached through the module objects */
const REQUIRE_MEMBER = /^(?:module|process\.mainModule)\.require$/;

/** `globalThis.eval`, `global.eval`, `window.eval`: the global named after JavaScript's global object */
const GLOBAL_MEMBER = /^(?:globalThis|global|window)\.([A-Za-z_$][\w$]*)$/;

const IMPORTERS = /^(?:importlib\.import_module|__import__|builtins\.__import__)$/;

/**
 * `getattr(os, "sys" + "tem")`, `importlib.import_module("subprocess")`, `__import__("pickle")`: a name
 * given as a constant is the attribute or module it names, marked hidden so calling it is reported as such.
 */
function resolvedIndirection({
  it,
  paths,
  site,
  node,
}: {
  it: Interpreter;
  paths: string[];
  site: CallSite;
  node: SyntaxNode;
}): Value | undefined {
  if (it.language !== 'python') return undefined;
  const name = (index: number) => {
    const value = site.args[index];
    return value?.known && typeof value.constant === 'string' && /^[A-Za-z_][\w.]*$/.test(value.constant)
      ? value.constant
      : undefined;
  };
  if (paths.some((path) => path === 'getattr' || path === 'builtins.getattr')) {
    const attribute = name(1);
    const object = site.args[0];
    if (!attribute || !object?.path || object.taint) return undefined;
    const rawObject = object.rawPath ?? object.path;
    return { path: `${object.path}.${attribute}`, rawPath: `${rawObject}.${attribute}`, hidden: node.text };
  }
  if (paths.some((path) => IMPORTERS.test(path))) {
    const module = name(0);
    return module ? { path: module, rawPath: module, hidden: node.text } : undefined;
  }
  // `functools.partial(os.system, …)`: calling it later calls the function it wraps, hidden, with the
  // arguments and keywords bound here (`partial(subprocess.run, shell=True)`).
  if (paths.some((path) => path === 'functools.partial' || path === 'partial')) {
    const wrapped = site.args[0];
    if (!wrapped?.path || wrapped.taint) return undefined;
    const bound = { args: site.args.slice(1), keywords: site.keywords, hasSpread: site.hasSpread };
    // `partial(partial(f, a), b)`: the inner binding comes first.
    if (wrapped.bound) withBoundArguments(bound, wrapped.bound);
    // The function is named where partial is written (`partial(subprocess.run, …)`): nothing is hidden unless
    // the name itself was looked up or assembled (`partial(getattr(os, "sys" + "tem"), …)`).
    return {
      path: wrapped.path,
      rawPath: wrapped.rawPath ?? wrapped.path,
      ...(wrapped.hidden ? { hidden: wrapped.hidden } : {}),
      bound,
    };
  }
  // `eval("os.sys" + "tem")`: a constant dotted name evaluates to what it names.
  if (paths.some((path) => path === 'eval' || path === 'builtins.eval')) {
    const text = name(0);
    const [head, ...rest] = text?.split('.') ?? [];
    if (!text || !head || rest.length === 0 || rest.some((part) => !part)) return undefined;
    const base = it.lookup(head)?.path ?? it.aliases.get(head);
    return base ? { path: [base, ...rest].join('.'), rawPath: text, hidden: node.text } : undefined;
  }
  return undefined;
}

/**
 * A call of what `functools.partial` made: the bound arguments before the call's own, the bound keywords
 * unless the call gives the same keyword (Python: the call's replaces the bound one).
 */
function withBoundArguments(
  site: { args: Value[]; keywords: Map<string, Value>; hasSpread: boolean },
  bound: NonNullable<Value['bound']>,
): void {
  site.args = [...bound.args, ...site.args];
  site.keywords = new Map([...bound.keywords, ...site.keywords]);
  site.hasSpread ||= bound.hasSpread;
}

/** `vars(os)["system"]`, `os.__dict__["system"]`: a module's or object's namespace indexed by a constant. */
function namespaceMember(
  it: Interpreter,
  node: SyntaxNode,
): { object: Value; name: string; value: Value } | undefined {
  if (node.type !== 'subscript') return undefined;
  const holder = node.childForFieldName('value');
  const index = node.childForFieldName('subscript');
  if (!holder || !index) return undefined;
  let objectNode: SyntaxNode | null | undefined;
  if (holder.type === 'attribute' && holder.childForFieldName('attribute')?.text === '__dict__')
    objectNode = holder.childForFieldName('object');
  else if (holder.type === 'call' && holder.childForFieldName('function')?.text === 'vars')
    objectNode = holder.childForFieldName('arguments')?.namedChildren[0];
  if (!objectNode) return undefined;
  const key = it.expr(index);
  if (!key.known || typeof key.constant !== 'string' || !/^[A-Za-z_]\w*$/.test(key.constant))
    return undefined;
  const object = it.expr(objectNode);
  if (!object.path || object.taint) return undefined;
  const name = key.constant;
  const rawObject = object.rawPath ?? object.path;
  return {
    object,
    name,
    value: { path: `${object.path}.${name}`, rawPath: `${rawObject}.${name}`, hidden: node.text },
  };
}

/** `operator.methodcaller("system", cmd)(os)`: the named method of the called value's first argument. */
function methodCallerTarget(
  it: Interpreter,
  node: SyntaxNode,
  argumentsNode: SyntaxNode | null,
): Value | undefined {
  if (node.type !== 'call') return undefined;
  const maker = node.childForFieldName('function');
  if (!maker || !/(?:^|\.)methodcaller$/.test(maker.text)) return undefined;
  const makerPath = it.expr(maker).path ?? it.aliases.get(maker.text) ?? maker.text;
  if (makerPath !== 'operator.methodcaller') return undefined;
  const nameNode = node.childForFieldName('arguments')?.namedChildren[0];
  const targetNode = argumentsNode?.namedChildren[0];
  if (!nameNode || !targetNode) return undefined;
  const key = it.expr(nameNode);
  if (!key.known || typeof key.constant !== 'string' || !/^[A-Za-z_]\w*$/.test(key.constant))
    return undefined;
  const target = it.expr(targetNode);
  if (!target.path || target.taint) return undefined;
  return {
    path: `${target.path}.${key.constant}`,
    rawPath: `${target.rawPath ?? target.path}.${key.constant}`,
    hidden: node.text,
  };
}

/**
 * The rules JSON text from this call is clean for (w95). None when the request chooses the indent or separators
 * (`JSON.stringify(o, null, req.query.s)`, `json.dumps(o, indent=request.args["i"])`: "\n" is a valid indent).
 * Not log lines (`clearedByJson: "ascii"`) when non-ASCII passes raw: `orjson.dumps` and `JSON.stringify` always,
 * `json.dumps` given `ensure_ascii` other than `True` or `**options` that may say so; U+2028 and U+0085 break
 * lines in some log viewers.
 */
function jsonCleared(
  it: Interpreter,
  { paths, site }: { paths: string[]; site: CallSite },
): readonly string[] {
  const python = it.language === 'python';
  // JavaScript: `JSON.stringify(value, replacer, space)`; its keywords are an object argument's properties.
  const layout = python ? [site.keywords.get('indent'), site.keywords.get('separators')] : [site.args[2]];
  if (layout.some((value) => value?.taint)) return [];
  const ensureAscii = site.keywords.get('ensure_ascii');
  const rawUnicode =
    matchesAny(it.rules.jsonRawUnicodeCalls, paths) ||
    (python && (site.hasSpread || (!!ensureAscii && !(ensureAscii.known && ensureAscii.constant === true))));
  return rawUnicode ? it.rules.jsonClearedRawUnicode : it.rules.jsonCleared;
}
