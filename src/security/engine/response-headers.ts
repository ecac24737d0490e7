import type { CompiledMatcher } from '../rules.js';
import type { CallSite } from './conditions.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { parameterNames, stringText } from './syntax-nodes.js';
import {
  clearTaint,
  jsonClearedId,
  mergeAll,
  mergeTaint,
  sameOrigin,
  type Taint,
  type Value,
} from './taint.js';

/**
 * A web response split into its page and its headers (issue 59, w70/w77): what builds one (`make_response`,
 * `Response`, `HttpResponse`) and what a handler returns as Flask's `(body, status, headers)` tuple give their
 * body to the page (XSS) and their status, media type and headers to the header rules, judged by header
 * (`entries`). Dicts of headers follow their entries (`dict(Location=…)`, `h.update({…})`).
 */

/** What makes a dict of headers from keywords or a dict (`dict(Location=…)`, Werkzeug's `Headers({…})`). */
const DICT_BUILDERS =
  /^(?:dict|(?:werkzeug\.datastructures\.|werkzeug\.|starlette\.datastructures\.)?(?:Headers|MutableHeaders))$/;

/** What builds a web response from a body, a status and headers (see `evaluateCall`). */
const RESPONSE_BUILDER =
  /^(?:(?:flask\.)?make_response|(?:flask|werkzeug|werkzeug\.wrappers|werkzeug\.wrappers\.response|starlette\.responses|fastapi|fastapi\.responses)\.Response|Response|(?:django\.http\.)?HttpResponse)$/;

/** The keywords of a response builder that are no page: the status, the media type (Content-Type), the headers. */
const NOT_THE_PAGE = [
  'headers',
  'status',
  'status_code',
  'mimetype',
  'content_type',
  'media_type',
  'reason',
  'charset',
];

/** Whether a call (by its resolved and written names) builds a web response. */
export function buildsResponse(paths: readonly string[]): boolean {
  return paths.some((path) => RESPONSE_BUILDER.test(path));
}

/**
 * Flask's `make_response(body, status, headers)`, `Response(body, status, headers)` (Werkzeug, Starlette),
 * Django's `HttpResponse(…, headers=…)`: the response's page is its body; a status and headers are not HTML
 * (request data in a header value is the header rules', at the headers argument or keyword). The call as the
 * page sees it: its first argument and the keywords that are not the status, the media type or the headers.
 */
export function pageSite(site: CallSite): CallSite {
  const keywords = new Map(site.keywords);
  for (const name of NOT_THE_PAGE) keywords.delete(name);
  return { ...site, args: site.args.slice(0, 1), keywords };
}

/**
 * What a response keeps besides its page, read back as `resp.headers` (`Response("ok", headers={"X-A": x})` then
 * `resp.headers["X-A"]`): the data of its status, media type and headers, and of those of a response it was
 * made from (`make_response(Response(…, headers=h))`).
 */
export function responseHeaders(site: CallSite): Pick<Value, 'responseHeaders'> {
  const parts = [...site.args.slice(1), ...NOT_THE_PAGE.map((name) => site.keywords.get(name))];
  const taint = mergeTaint(mergeAll(parts), site.args[0]?.responseHeaders);
  return taint ? { responseHeaders: taint } : {};
}

/** What of a response reading it names its headers: `resp.headers`, `resp.mimetype`, `resp.location`, … */
const HEADER_ATTRIBUTES = /^(?:headers|mimetype|mimetype_params|content_type|location|status|status_code)$/;

/**
 * `resp.headers` of a response built with headers given to it: their data, besides what the response holds
 * (its page's data, as any attribute of a value carries). Of a helper's parameter (`def kind(r): return
 * r.mimetype`), the parameter's headers: what the caller's response holds there (w102).
 */
export function headersRead(object: Value, property: string): Taint | undefined {
  return HEADER_ATTRIBUTES.test(property) ? headersHeld(object) : undefined;
}

/**
 * What a value's headers hold: a response's `responseHeaders`; for a parameter of the running function, its
 * origins marked as the parameter's headers, which the caller replaces with its argument's (`applySummary`).
 */
export function headersHeld(value: Value | undefined): Taint | undefined {
  if (value?.responseHeaders) return value.responseHeaders;
  const params = value?.taint?.origins.filter((origin) => origin.param !== undefined && !origin.field);
  if (!params?.length) return undefined;
  return {
    origins: params.map((origin) => ({ param: origin.param, headers: true as const })),
    cleared: new Set(),
    normalized: false,
  };
}

/**
 * `dict(Location=url)`, `Headers({"Location": url})`: a dict of those entries, judged by key (header rules);
 * undefined for any other call, or one whose entries are not seen.
 */
export function builtDict(
  paths: readonly string[],
  site: CallSite,
): Pick<Value, 'properties' | 'keyedOnly'> | undefined {
  if (site.hasSpread || !paths.some((path) => DICT_BUILDERS.test(path))) return undefined;
  const first = site.args[0];
  if (site.args.length === 0 || (site.args.length === 1 && first?.properties && first.keyedOnly)) {
    const properties = new Map(first?.properties ?? []);
    for (const [name, value] of site.keywords) properties.set(name, value);
    return { properties, keyedOnly: true };
  }
  return undefined;
}

/** `resp.headers.set("Location", url)`, `resp.headers.update(…)`: a method changing a response's headers. */
export function changesHeaders(objectNode: SyntaxNode | null | undefined): boolean {
  return /\.headers$/.test(objectNode?.text ?? '');
}

/**
 * `resp.headers.set("X-Name", x)`, `.add(…)`, `.update(…)`: the headers keep all the data written, read back as
 * `resp.headers` (`resp.set_data(resp.headers.get("X-Name"))` copies it into the page); what the response itself
 * takes of it is cleared of XSS, a header being no page.
 */
export function writtenHeaders({
  it,
  objectNode,
  receiver,
  written,
}: {
  it: Interpreter;
  objectNode: SyntaxNode;
  receiver: Value | undefined;
  written: Taint | undefined;
}): Taint | undefined {
  if (!written) return undefined;
  const headers = it.lookup(objectNode.text) ?? receiver ?? {};
  it.frame.scope.set(objectNode.text, { ...headers, taint: mergeTaint(headers.taint, written) });
  return clearTaint(written, ['xss']);
}

/**
 * A dict changed by a method (`h.update({"X-Name": x})`, `h.setdefault("X-Name", x)`): the entries a dict
 * literal given to `update` holds, or the constant key `setdefault` is given, join the dict's description;
 * after any other change (`h.pop(…)`, `pairs.append(…)`) its entries are not seen (`entriesUnseen`), with or
 * without data written (review r17's F2).
 */
export function addedEntries({
  holder,
  direct,
  method,
  site,
}: {
  holder: Value;
  direct: boolean;
  method: string;
  site: CallSite;
}): Pick<Value, 'properties' | 'keyedOnly' | 'entriesUnseen'> {
  if (!holder.properties) return holder.elements ? { entriesUnseen: true } : {};
  const first = site.args[0];
  if (direct && method === 'update' && site.args.length === 1 && first?.properties) {
    const properties = new Map(holder.properties);
    for (const [name, value] of first.properties) properties.set(name, value);
    for (const [name, value] of site.keywords) properties.set(name, value);
    return { properties, keyedOnly: holder.keyedOnly && first.keyedOnly };
  }
  // Werkzeug's `Headers().add("X-A", x)` / `.set(…)` / `.add_header(…)`: an entry under that key
  if (
    direct &&
    /^(?:setdefault|add|set|add_header)$/.test(method) &&
    first?.known &&
    typeof first.constant === 'string'
  ) {
    const name = first.constant.toLowerCase();
    const properties = new Map(holder.properties);
    properties.set(name, { taint: mergeTaint(holder.properties.get(name)?.taint, site.args[1]?.taint) });
    return { properties, keyedOnly: holder.keyedOnly };
  }
  // `h.pop("Content-Type")`, `h.update(other)`, `h.clear()`: what the dict holds now is not seen
  return { entriesUnseen: true };
}

/** Methods that change a dict or list besides the mutating methods that carry data in (`h.pop(…)`, `h.clear()`). */
export const REMOVES_ENTRIES = /^(?:pop|popitem|clear|remove|discard|__setitem__|__delitem__)$/;

/**
 * What of an argument a sink judges: with `argProperty`, only a dict/object literal's entries under a matching
 * constant key (nothing of any other argument); with `argPropertyNot`, all but those (all of an argument that is
 * no literal, or one with entries under keys not known: `**extra`, a computed key).
 */
export function entries(arg: Value | undefined, matcher: CompiledMatcher): Value | undefined {
  if (!arg || (!matcher.argProperty && !matcher.argPropertyNot)) return arg;
  const properties = arg.properties ?? pairEntries(arg);
  // A dict said to hold only its keyed entries, with data none of them carries: it came in some other way (a
  // write the description missed, `h[name] = x`), under a key not known, so all of it counts.
  if (properties && arg.keyedOnly && !carried(arg.taint, mergeAll([...properties.values()])))
    return jsonCounted(arg, matcher.rule.id);
  if (matcher.argProperty) {
    if (!properties) return undefined;
    return {
      taint: mergeAll([...properties].filter(([key]) => matcher.argProperty!.test(key)).map(([, v]) => v)),
    };
  }
  // Headers whose entries are not seen (`dict(request.args)`, parsed JSON): all of them counts, also where the
  // data was handed to a call that makes text rules (`textOnly`) stop following it — it is the headers' data.
  // One of them may be `Set-Cookie`: JSON text clears nothing there (review r24).
  if (!properties) {
    const counted = jsonCounted(arg, matcher.rule.id);
    return matcher.rule.textOnly ? withRule(counted, matcher.rule.id) : counted;
  }
  if (!(arg.keyedOnly || (!arg.properties && arg.elements))) return jsonCounted(arg, matcher.rule.id);
  return {
    taint: mergeAll([...properties].filter(([key]) => !matcher.argPropertyNot!.test(key)).map(([, v]) => v)),
  };
}

/** `value` with its data no longer cleared for rule `id` (a number parsed from it stays one). */
function withRule(value: Value, id: string): Value {
  if (!value.taint?.cleared.has(id) || value.taint.number) return value;
  const cleared = new Set(value.taint.cleared);
  cleared.delete(id);
  return { ...value, taint: { ...value.taint, cleared } };
}

/**
 * `value` with its JSON text counting for rule `id` (the mark `jsonClearedId` dropped): headers whose names are
 * not seen may hold `Set-Cookie`, where JSON text is still the request's (review r24).
 */
function jsonCounted(value: Value, id: string): Value {
  const mark = jsonClearedId(id);
  if (!value.taint?.cleared.has(mark)) return value;
  const cleared = new Set(value.taint.cleared);
  cleared.delete(mark);
  return { ...value, taint: { ...value.taint, cleared } };
}

/**
 * A header sink for every name but some (`keyConstNot`, `argConstNot`) given a name that is no constant
 * (`resp.headers[k] = v` in a loop, `name = "Set-Cookie" if … else "X-Sid"`, a helper's parameter): the name
 * may be `Set-Cookie`, so JSON text counts there as at the `jsonKept` twin (review r24). The same twin for the
 * same matcher, so a helper's summary keeps one sink.
 */
export function nameUnseen(matcher: CompiledMatcher): CompiledMatcher {
  if (matcher.spec.jsonKept) return matcher;
  let twin = jsonKeptTwins.get(matcher);
  if (!twin) {
    twin = { ...matcher, spec: { ...matcher.spec, jsonKept: true } };
    jsonKeptTwins.set(matcher, twin);
  }
  return twin;
}
const jsonKeptTwins = new WeakMap<CompiledMatcher, CompiledMatcher>();

/** Whether a call sink for every header name but some (`argConstNot`) is given a name that is no constant. */
export function namedUnseen(matcher: CompiledMatcher, site: CallSite): boolean {
  const names = matcher.spec.argConstNot;
  if (!names || matcher.spec.jsonKept || !matcher.rule.clearedByJson) return false;
  return Object.keys(names).some((index) => {
    const value = /^\d/.test(index) ? site.args[Number(index)] : site.keywords.get(index);
    return !value?.known || typeof value.constant !== 'string';
  });
}

/**
 * A list of pairs with constant names (`[("Location", url), ("X-A", "1")]`, as Flask, Werkzeug and Starlette take
 * headers), as a dict's entries; undefined when any element is not such a pair.
 */
function pairEntries(arg: Value): ReadonlyMap<string, Value> | undefined {
  if (!arg.elements || arg.elements.length === 0) return undefined;
  const properties = new Map<string, Value>();
  for (const element of arg.elements) {
    const [name, value] = element.elements ?? [];
    if (element.elements?.length !== 2 || !name?.known || typeof name.constant !== 'string' || !value)
      return undefined;
    const key = name.constant.toLowerCase();
    const known = properties.get(key);
    properties.set(key, known ? { taint: mergeAll([known, value]) } : value);
  }
  return properties;
}

/**
 * The entry of a dict of headers (or a list of `(name, value)` pairs) under a header's name, any case
 * (`{"Content-Type": "application/json"}`); undefined when the dict's entries are not all seen (`**extra`, data
 * written under a key not known): a header of that name may hold anything.
 */
export function headerEntry(value: Value | undefined, name: string): Value | undefined {
  if (!value || value.entriesUnseen) return undefined;
  const properties = value.properties ?? pairEntries(value);
  if (!properties) return undefined;
  if (value.properties && !(value.keyedOnly && carried(value.taint, mergeAll([...properties.values()]))))
    return undefined;
  return properties.get(name.toLowerCase());
}

/** A dict, list or tuple (a literal, or a name bound to one). */
export function isContainer(value: Value | undefined): boolean {
  return !!value && (!!value.container || !!value.properties || !!value.elements);
}

/** Whether every origin of `whole` is one of `parts`'s. */
function carried(whole: Taint | undefined, parts: Taint | undefined): boolean {
  if (!whole) return true;
  return whole.origins.every((origin) => parts?.origins.some((part) => sameOrigin(part, origin)));
}

/**
 * The parts of Flask's `return body, status, headers` (or `body, status`, `body, headers`): a tuple of two or
 * three elements written at the return, or a tuple literal's value bound to a name first (`out = ("ok", 302,
 * {…}); return out`: Flask reads it the same, review r16) — never a list.
 */
export function returnedTuple(it: Interpreter, value: Value, node: SyntaxNode): readonly Value[] | undefined {
  const returned = node.namedChildren[0];
  if (it.language !== 'python') return undefined;
  if (returned?.type !== 'expression_list' && returned?.type !== 'tuple' && !value.tuple) return undefined;
  const parts = value.elements;
  return parts && parts.length >= 2 && parts.length <= 3 ? parts : undefined;
}

/**
 * The page of what a route returns: Flask's `return body, status, headers` (or `body, status`, `body, headers`)
 * is a response whose page is the body alone.
 */
export function responseBody(
  it: Interpreter,
  value: Value,
  node: SyntaxNode,
): { body: Value; headers: Value | undefined } {
  const parts = returnedTuple(it, value, node);
  if (!parts) return { body: value, headers: undefined };
  const last = parts[parts.length - 1];
  // a 3-tuple's third element is always the headers; a 2-tuple's second, when it is a dict or a list
  const headers = parts.length === 3 || isContainer(last) ? last : undefined;
  return { body: parts[0]!, headers };
}

/** What a call that makes a dict returned (`dict(request.args)`, `json.loads(…)`, `args.to_dict()`, `Headers()`). */
export function madeDict(value: Value | undefined): boolean {
  return !!value && !value.known && DICT_MAKERS.test(value.path ?? '');
}
const DICT_MAKERS = /(?:^|\.)(?:dict|loads|load|to_dict|get_json|Headers|copy)\(\)$/;

/**
 * Whether the file changes a name's dict or list anywhere (`H["Content-Type"] = t`, `del H[k]`, `H.pop(…)`,
 * `H.update(…)`, a `global H` that may rebind it): a module-level dict of headers a handler changes declares
 * nothing for certain to another (review r17's F2).
 */
export function changedInFile(code: string, name: string): boolean {
  const n = name.replace(/[$]/g, '\\$');
  return new RegExp(
    `(?<![\\w.])${n}\\s*\\[[^\\]\\n]*\\]\\s*[-+|]?=(?!=)|\\bdel\\s+${n}\\s*\\[|(?<![\\w.])${n}\\.(?:${CHANGES})\\s*\\(|\\bglobal\\b[^\\n]*\\b${n}\\b`,
  ).test(code);
}
const CHANGES =
  'pop|popitem|clear|update|setdefault|append|extend|insert|remove|add|set|__setitem__|__delitem__';

/**
 * Whether the response a call builds is given its media type again after it is built (review r17's F1):
 * assigned to a name (`resp = make_response(…, {"Content-Type": "application/json"})`), the function writes
 * that name's Content-Type header (by key, by a headers method, under a key not a constant, Django's
 * `resp["Content-Type"]`), its `mimetype`, `content_type` or `headers`, sets an attribute by `setattr`, or does
 * any of these through another name bound to it (`r2 = resp`, `h = resp.headers`). What the call declared then
 * says nothing of what is sent. A write under another constant header name (`resp.headers["X-A"] = "1"`) is none.
 * A helper given the response or its headers (`add_headers(resp)`, w102) is read as the function is, with its
 * parameter for the name, to `HELPER_DEPTH` calls deep; a callee the file does not define (`cors.apply(resp)`)
 * or a helper deeper than that may write it, except the built-ins that only read (`len`, `isinstance`, …).
 */
export function retyped(node: SyntaxNode): boolean {
  const assignment = node.parent;
  if (assignment?.type !== 'assignment') return false;
  const right = assignment.childForFieldName('right');
  const left = assignment.childForFieldName('left');
  if (
    right?.startIndex !== node.startIndex ||
    right.endIndex !== node.endIndex ||
    left?.type !== 'identifier'
  )
    return false;
  let scope: SyntaxNode | null = assignment.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return false;
  return writesName({ scope, name: left.text, headers: false, depth: 0 });
}

/**
 * `writesIn` once per function, name and depth (review r24): `retyped` is asked per sink matcher and per pass,
 * and a helper handed the response from every route (`log(resp)` in 200 routes) is read once, not per call.
 */
function writesName({
  scope,
  name,
  headers,
  depth,
}: {
  scope: SyntaxNode;
  name: string;
  headers: boolean;
  depth: number;
}): boolean {
  let known = writesMemo.get(scope);
  if (!known) {
    known = new Map();
    writesMemo.set(scope, known);
  }
  const key = `${headers ? 'h' : 'r'}${depth}:${name}`;
  const memo = known.get(key);
  if (memo !== undefined) return memo;
  const names: ResponseNames = headers
    ? { responses: new Set(), headers: new Set([name]) }
    : { responses: new Set([name]), headers: new Set() };
  const result = writesIn(scope, names, depth);
  known.set(key, result);
  return result;
}
const writesMemo = new WeakMap<SyntaxNode, Map<string, boolean>>();

/** How much `retyped` read: the nodes its walks visited (a test counts it, review r24). */
export const retypedWork = { nodes: 0 };

/** How many helpers deep a response handed on is followed; past it, the helper may write it. */
const HELPER_DEPTH = 3;

/** Built-ins that read what they are given and never write its headers; a logger's methods (`log.info(resp)`). */
const ONLY_READ = /^(?:print|len|str|repr|bool|id|type|isinstance|hasattr|getattr|vars|dir|hash)$/;
// a logger by its name: `log`, `logger`, `logging`, `audit_log`, `requestLogger`; not `dialog`, `blog`, `catalog`
const LOGS =
  /^(?:[\w.]*\.)?(?:logging|_*log(?:ger)?|\w*_log(?:ger)?|\w*Log(?:ger)?|LOG(?:GER)?|\w*_LOG(?:GER)?)\.(?:debug|info|warning|warn|error|exception|critical|log)$/;

/** Whether `scope` (a function or the module) writes the media type of a response named (see `retyped`). */
function writesIn(scope: SyntaxNode, names: ResponseNames, depth: number): boolean {
  const nodes: SyntaxNode[] = [];
  const stack = [scope];
  while (stack.length > 0) {
    const current = stack.pop()!;
    nodes.push(current);
    stack.push(...current.namedChildren);
  }
  retypedWork.nodes += nodes.length;
  // `r2 = resp`, `h = resp.headers`: the same response, or its headers, under another name
  for (let pass = 0; pass < 3; pass++)
    for (const current of nodes) {
      if (current.type !== 'assignment') continue;
      const target = current.childForFieldName('left');
      const source = current.childForFieldName('right');
      if (target?.type !== 'identifier' || !source) continue;
      if (source.type === 'identifier' && names.responses.has(source.text)) names.responses.add(target.text);
      if (headersOf(source, names)) names.headers.add(target.text);
    }
  return nodes.some(
    (current) => changesMediaType(current, names) || handedOn({ call: current, names, scope, depth }),
  );
}

/**
 * A call given a response named or its headers (`add(resp)`, `add(r=resp)`, `put(resp.headers)`): whether what
 * it calls may write the media type, read in the helper the file defines under that name with the parameter the
 * response is given to (w102).
 */
function handedOn({
  call,
  names,
  scope,
  depth,
}: {
  call: SyntaxNode;
  names: ResponseNames;
  scope: SyntaxNode;
  depth: number;
}): boolean {
  if (call.type !== 'call') return false;
  const callee = call.childForFieldName('function');
  if (
    !callee ||
    (callee.type === 'identifier' && (callee.text === 'setattr' || ONLY_READ.test(callee.text))) ||
    LOGS.test(callee.text)
  )
    return false;
  const given: { index: number; keyword?: string; headers: boolean }[] = [];
  (call.childForFieldName('arguments')?.namedChildren ?? []).forEach((argument, index) => {
    const keyword =
      argument.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
    const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
    if (value?.type === 'identifier' && names.responses.has(value.text))
      given.push({ index, keyword, headers: false });
    else if (headersOf(value, names)) given.push({ index, keyword, headers: true });
  });
  if (given.length === 0) return false;
  if (depth >= HELPER_DEPTH) return true;
  // `add(resp)`, `self.add(resp)`: a function of the file by the last name (every one of that name)
  const name = callee.type === 'identifier' ? callee.text : callee.childForFieldName('attribute')?.text;
  const method = callee.type === 'attribute';
  const helpers = name ? definitionsNamed(rootOf(scope), name) : [];
  if (helpers.length === 0) return true;
  return helpers.some((helper) => {
    const parameters = (helper.childForFieldName('parameters')?.namedChildren ?? []).filter(
      (parameter) => parameter.type !== 'comment',
    );
    return boundFirst(helper, { method, parameters }).some((own) =>
      given.some(({ index, keyword, headers }) => {
        const parameter = keyword
          ? parameters.find((each) => parameterNames(each)[0] === keyword)
          : parameters[index + own];
        // `*args`, `**options`, or no parameter there: where the response went is not known
        if (!parameter || /splat/.test(parameter.type)) return true;
        const parameterName = parameterNames(parameter)[0];
        if (!parameterName) return true;
        return writesName({ scope: helper, name: parameterName, headers, depth: depth + 1 });
      }),
    );
  });
}

/**
 * How many of a helper's first parameters the call does not give (review r25): a method of a class may be
 * called bound (`h.apply(resp)`, `apply = Headers().apply; apply(resp)`: its first parameter is the instance,
 * whatever its name) or unbound (`Headers.apply(h, resp)`), so both are read; a `@classmethod` always binds its
 * first, a `@staticmethod` never. A function outside a class is called as written, unless a method call gives
 * it a first parameter named `self` or `cls` (assigned to a class elsewhere).
 */
function boundFirst(
  helper: SyntaxNode,
  { method, parameters }: { method: boolean; parameters: readonly SyntaxNode[] },
): readonly number[] {
  const decorated = helper.parent?.type === 'decorated_definition' ? helper.parent : undefined;
  const inClass = (decorated ?? helper).parent?.parent?.type === 'class_definition';
  const decorators = new Set(
    (decorated?.namedChildren ?? [])
      .filter((child) => child.type === 'decorator')
      .map((child) => child.namedChildren[0]?.text ?? ''),
  );
  if (inClass && decorators.has('staticmethod')) return [0];
  if (inClass && decorators.has('classmethod')) return [1];
  if (inClass) return [0, 1];
  return method && /^(?:self|cls)$/.test(parameterNames(parameters[0] ?? null)[0] ?? '') ? [0, 1] : [0];
}

function rootOf(node: SyntaxNode): SyntaxNode {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

/** The Python functions of a file named `name`, nested ones too: indexed by name once per file (review r24). */
function definitionsNamed(root: SyntaxNode, name: string): readonly SyntaxNode[] {
  let index = definitionIndex.get(root);
  if (!index) {
    index = new Map();
    const stack = [root];
    while (stack.length > 0) {
      const current = stack.pop()!;
      retypedWork.nodes++;
      const own =
        current.type === 'function_definition' ? current.childForFieldName('name')?.text : undefined;
      if (own) index.set(own, [...(index.get(own) ?? []), current]);
      stack.push(...current.namedChildren);
    }
    definitionIndex.set(root, index);
  }
  return index.get(name) ?? [];
}
const definitionIndex = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

interface ResponseNames {
  readonly responses: Set<string>;
  readonly headers: Set<string>;
}

/** `resp.headers` (or a name bound to it) of a response named. */
function headersOf(node: SyntaxNode | null | undefined, names: ResponseNames): boolean {
  if (node?.type === 'identifier') return names.headers.has(node.text);
  if (node?.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return (
    object?.type === 'identifier' &&
    names.responses.has(object.text) &&
    node.childForFieldName('attribute')?.text === 'headers'
  );
}

/** A string constant naming a header other than Content-Type (`"X-A"`): a write under it keeps the media type. */
function otherHeader(node: SyntaxNode | null | undefined): boolean {
  return (
    node?.type === 'string' &&
    !node.namedChildren.some((child) => child.type === 'interpolation') &&
    !/^\s*content[-_]type\s*$/i.test(stringText(node))
  );
}

const MEDIA_TYPE_ATTRIBUTES = /^(?:mimetype|mimetype_params|content_type|headers)$/;
const HEADER_WRITERS =
  /^(?:set|add|add_header|setdefault|update|extend|__setitem__|__delitem__|pop|remove|clear|setlist)$/;

/** Whether a statement or call may write the media type of a response named (see `retyped`). */
function changesMediaType(node: SyntaxNode, names: ResponseNames): boolean {
  if (node.type === 'assignment' || node.type === 'augmented_assignment')
    return writesMediaType(node.childForFieldName('left'), names);
  if (node.type === 'delete_statement')
    return node.namedChildren.some((target) => writesMediaType(target, names));
  if (node.type !== 'call') return false;
  const callee = node.childForFieldName('function');
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  const first = args[0];
  if (callee?.type === 'identifier' && callee.text === 'setattr')
    return first?.type === 'identifier' && names.responses.has(first.text);
  if (callee?.type !== 'attribute' || !headersOf(callee.childForFieldName('object'), names)) return false;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  if (!HEADER_WRITERS.test(method)) return false;
  if (method === 'update' || method === 'extend') {
    // `resp.headers.update({"X-A": "1"})`: constant names, none of them Content-Type
    return !(
      args.length === 1 &&
      first?.type === 'dictionary' &&
      first.namedChildren.every((pair) => pair.type === 'pair' && otherHeader(pair.childForFieldName('key')))
    );
  }
  return method === 'clear' || !otherHeader(first);
}

/** An assignment's (or `del`'s) target that is a response's media type, its headers or a header not named. */
function writesMediaType(target: SyntaxNode | null | undefined, names: ResponseNames): boolean {
  if (!target) return false;
  if (/^(?:pattern_list|tuple_pattern|list_pattern|expression_list)$/.test(target.type))
    return target.namedChildren.some((child) => writesMediaType(child, names));
  if (target.type === 'attribute') {
    const object = target.childForFieldName('object');
    return (
      object?.type === 'identifier' &&
      names.responses.has(object.text) &&
      MEDIA_TYPE_ATTRIBUTES.test(target.childForFieldName('attribute')?.text ?? '')
    );
  }
  if (target.type !== 'subscript') return false;
  const holder = target.childForFieldName('value');
  // Django's `resp["Content-Type"] = …`, Flask's `resp.headers["Content-Type"] = …`
  const response = holder?.type === 'identifier' && names.responses.has(holder.text);
  if (!response && !headersOf(holder, names)) return false;
  return !otherHeader(target.childForFieldName('subscript'));
}
