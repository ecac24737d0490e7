import { type CallSite, matchesAny } from './conditions.js';
import { fileBindings } from './file-bindings.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { stringText } from './syntax-nodes.js';
import type { Taint, Value } from './taint.js';

/** The rules an escape for HTML or XML clears (and an unescape undoes). */
export const ESCAPED: ReadonlySet<string> = new Set(['xss', 'xml-injection']);

/** The data with its escaping undone: no longer cleared for the escaped rules, and marked so for summaries. */
export function escapingUndone(taint: Taint): Taint {
  const params = taint.origins.flatMap((origin) => (origin.param === undefined ? [] : [origin.param]));
  return {
    ...taint,
    cleared: new Set([...taint.cleared].filter((id) => !ESCAPED.has(id))),
    undone: true,
    undoneParams: new Set([...(taint.undoneParams ?? []), ...params]),
  };
}

/**
 * Whether the escape of a helper's parameter was undone on the way: `html.unescape(body) + name` undoes
 * `body`'s, not `name`'s (review r26). A taint marked undone before parameters were told apart: any.
 */
export function undoneFor(taint: Taint | undefined, param: number): boolean {
  if (!taint?.undone) return false;
  return taint.undoneParams ? taint.undoneParams.has(param) : true;
}

/** What a helper that undid an escape (`Flow.undone`, `SummarySink.undone`) gives back of its caller's data. */
export function unescapedBy(taint: Taint | undefined, undone: boolean | undefined): Taint | undefined {
  return taint && undone ? escapingUndone(taint) : taint;
}

/**
 * The data URL-decoded (`unquote(quote(q))`, `unquote(shlex.quote(q))`): `%0d%0a`, `%27`, `%2f` come back, so it is
 * cleared for no rule; a parameter's data is marked so that a helper's summary does the same to its callers'.
 */
export function urlDecoded(taint: Taint): Taint {
  const params = taint.origins.flatMap((origin) => (origin.param === undefined ? [] : [origin.param]));
  return {
    ...taint,
    cleared: new Set(),
    ...(params.length ? { decodedParams: new Set([...(taint.decodedParams ?? []), ...params]) } : {}),
  };
}

/** Whether a helper's parameter was URL-decoded on the way (its `Flow.decoded`, `SummarySink.decoded`). */
export function decodedFor(taint: Taint | undefined, param: number): boolean {
  return !!taint?.decodedParams?.has(param);
}

/** What a helper that URL-decodes its parameter gives back of its caller's data: cleared for no rule. */
export function decodedBy(taint: Taint | undefined, decoded: boolean | undefined): Taint | undefined {
  return taint && decoded ? { ...taint, cleared: new Set() } : taint;
}

/**
 * Escaping undone (review r25): text escaped for HTML or XML and then given to a call that turns entities back
 * into characters is no longer escaped. `html.unescape(html.escape(q))`, `escape(q).unescape()`, `he.decode(…)`,
 * `decodeURIComponent(…)` (the `unescaping` calls of `_sources.json`); a replacement that puts an entity back
 * (`.replace("&lt;", "<")`, `re.sub(r"&(lt|gt);", …)`, a compiled `pattern.sub`, JavaScript's
 * `.replace(/&lt;/g, "<")`), one whose pattern a loop takes from a table of entities (`for a, b in PAIRS.items():
 * s = s.replace(a, b)`), one that writes a lone `<`, `>`, `"` or `'` in place of other text (`.replace("[", "<")`),
 * and `str.translate` with a table that writes one (or a table not read here).
 * An escape after any of these (`html.escape(html.unescape(q))`) clears again, as any escape does.
 */
export function undoesEscaping(it: Interpreter, { node, paths, method, receiver, site }: UndoSite): boolean {
  if (matchesAny(it.rules.unescapingCalls, paths)) return true;
  const argumentNodes = (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (argument) => argument.type !== 'comment',
  );
  // `map(html.unescape, parts)`, JavaScript's `parts.map(he.decode)`: the function given is an unescaper (r26)
  if ((paths.includes('map') || method === 'map') && mapsUnescaper(it, site)) return true;
  // `str.replace(s, "&lt;", "<")`, `String.prototype.replace.call(s, /&lt;/g, "<")`: the text first (review r26),
  // when `str`/`String` is the built-in; a variable so named (`str = html.escape(q)`, review r30) is text, its
  // `.replace` the method's below. The built-in's arguments are never read as the method's (`"'"` there is the
  // pattern, not a replacement)
  if (unboundReplace(it, node, paths))
    return replaces(it, {
      node,
      site,
      pattern: { value: site.args[1], argument: argumentNodes[1] },
      replacement: { value: site.args[2], argument: argumentNodes[2] },
    });
  // `re.sub(pattern, repl, s)`, `from re import sub`: the pattern first, the replacement second
  if (paths.some((path) => SUBSTITUTE.test(path)))
    return replaces(it, {
      node,
      site,
      pattern: { value: site.keywords.get('pattern') ?? site.args[0], argument: argumentNodes[0] },
      replacement: { value: site.keywords.get('repl') ?? site.args[1], argument: argumentNodes[1] },
    });
  // `s.replace("&lt;", "<")`, JavaScript's `s.replace(/&lt;/g, "<")`, `s.replaceAll(…)`
  // `for p in PAIRS: s = s.replace(*p)`: the pair's first is the pattern, its second the replacement
  const spread = argumentNodes[0]?.type === 'list_splat' ? argumentNodes[0].namedChildren[0] : undefined;
  if (method === 'replace' && spread?.type === 'identifier')
    return (
      anyMatches(loopBound(it, { node, name: spread.text, indexed: 0 }), ENTITY) ||
      anyMatches(loopBound(it, { node, name: spread.text, indexed: 1 }), LONE_MARKUP)
    );
  if (method === 'replace' || method === 'replaceAll')
    return replaces(it, {
      node,
      site,
      pattern: { value: site.args[0], argument: argumentNodes[0] },
      replacement: { value: site.args[1], argument: argumentNodes[1] },
    });
  // `PATTERN.sub("<", s)` with `PATTERN = re.compile("&lt;")`: the pattern is the receiver's
  if ((method === 'sub' || method === 'subn') && receiver?.pattern !== undefined)
    return replaces(it, {
      node,
      site,
      pattern: { value: { known: true, constant: receiver.pattern }, argument: undefined },
      replacement: { value: site.keywords.get('repl') ?? site.args[0], argument: argumentNodes[0] },
    });
  if (method === 'translate' && it.language === 'python') return translates(node, argumentNodes[0]);
  if (method === 'join') return splitJoined(it, node, argumentNodes[0]);
  return false;
}

/**
 * `"<".join(s.split("&lt;"))`, JavaScript's `s.split("&lt;").join("<")`: a replace written as a split and a
 * join (review r26). The joiner is `<`, `>`, `"` or `'` and the split's separator an entity; either may be a name
 * a loop takes from a table the file writes (`for (const k in MAP) s = s.split(k).join(MAP[k])`).
 */
function splitJoined(it: Interpreter, node: SyntaxNode, first: SyntaxNode | undefined): boolean {
  const callee = node.childForFieldName('function');
  const receiver = callee?.childForFieldName('object');
  const [joiner, split] = receiver?.type === 'string' ? [receiver, first] : [first, receiver];
  if (split?.type !== 'call' && split?.type !== 'call_expression') return false;
  const splitCallee = split.childForFieldName('function');
  const splitMethod =
    splitCallee?.childForFieldName('attribute')?.text ?? splitCallee?.childForFieldName('property')?.text;
  if (splitMethod !== 'split') return false;
  const separator = split.childForFieldName('arguments')?.namedChildren[0];
  return (
    anyMatches(constantsOf(it, node, joiner), LONE_MARKUP) &&
    anyMatches(constantsOf(it, node, separator), ENTITY)
  );
}

/** A literal's text, or the constants a loop around `node` may bind the name or lookup to. */
function constantsOf(it: Interpreter, node: SyntaxNode, argument: SyntaxNode | undefined): string[] {
  const text = literalText(argument);
  return text !== undefined ? [text] : loopConstants(it, node, argument);
}

/**
 * URL decoders: `%0d%0a`, `%27`, `%2f`, `%3c` come back, so whatever an encoder or quoting cleared is undone, for
 * every rule (`unquote(quote(q))` in a header, `unquote(shlex.quote(q))` in a command; review r26). A query
 * string's parsers decode each value too (`parse_qs`, `parse_qsl`, Node's `querystring.parse`, `URLSearchParams`:
 * w136).
 */
const URL_DECODERS =
  /^(?:decodeURIComponent|decodeURI|querystring\.(?:unescape|parse|decode)|urllib\.parse\.(?:unquote(?:_plus|_to_bytes)?|parse_qsl?)|urllib\.unquote(?:_plus)?|urlparse\.parse_qsl?|requests\.utils\.unquote|werkzeug\.urls\.url_unquote(?:_plus)?|(?:new )?URLSearchParams)$/;

export function decodesUrl(paths: readonly string[]): boolean {
  return paths.some((path) => URL_DECODERS.test(path));
}

export interface UndoSite {
  node: SyntaxNode;
  paths: readonly string[];
  method: string | undefined;
  receiver: Value | undefined;
  site: CallSite;
}

/**
 * The text of parsed markup read as an attribute: BeautifulSoup's `.text`, `.string`, `.strings`, of the soup or
 * of a tag found in it, lxml's `.text`: entities are decoded as the markup is parsed (review r26).
 */
const PARSED_TEXT =
  /^(?:bs4\.BeautifulSoup\(\)(?:\..*)?\.(?:text|string|strings|stripped_strings)|lxml\..*\(\)\.text)$/;

export function readsParsedText(paths: readonly (string | undefined)[]): boolean {
  return paths.some((path) => path !== undefined && PARSED_TEXT.test(path));
}

/** A string's `replace` called through its class: `str.replace(s, a, b)`, `String.prototype.replace.call(s, a, b)`. */
const UNBOUND_REPLACE = {
  python: /^str\.replace$/,
  javascript: /^String\.prototype\.replace(?:All)?\.call$/,
};

/**
 * The call is the built-in text type's replace given the text first (`str.replace(s, a, b)`, JavaScript's
 * `String.prototype.replace.call(s, a, b)`): nothing in scope or in the file binds `str`/`String` (review r30).
 */
function unboundReplace(it: Interpreter, node: SyntaxNode, paths: readonly string[]): boolean {
  const pattern = it.language === 'python' ? UNBOUND_REPLACE.python : UNBOUND_REPLACE.javascript;
  if (!paths.some((path) => pattern.test(path))) return false;
  const name = it.language === 'python' ? 'str' : 'String';
  if (it.lookup(name) !== undefined || it.aliases.has(name) || it.functions.has(name) || it.classes.has(name))
    return false;
  return it.language !== 'python' || !fileBindings(node).names.has(name);
}

/** A URL decoder or unescaper handed to `map` (`map(unquote, parts)`, `parts.map(decodeURIComponent)`). */
export function mapsUnescaper(it: Interpreter, site: CallSite, decoders = false): boolean {
  const given = site.args[0]?.path;
  if (given === undefined) return false;
  return decoders ? URL_DECODERS.test(given) : matchesAny(it.rules.unescapingCalls, [given]);
}

/** `re.sub`, `re.subn`, `regex.sub`: the pattern first, the replacement second. */
const SUBSTITUTE = /^(?:re|regex)\.subn?$/;

/**
 * An entity's start as written in a string or a regular expression: `&lt;`, `&#60;`, `&(lt|gt);`, `&(?:quot|#39);`,
 * `&[lg]t;`, a named group (`&(?P<n>lt|gt);`, JavaScript's `&(?<n>lt|gt);`), `&(l|g)t;`. Only the entities of the characters an escape replaces, so `.replace("&nbsp;", " ")` is no undoing.
 */
const ENTITY =
  /&(?:\((?:\?:|\?P?<\w+>)?)?(?:lt|gt|quot|apos|amp|#|\[[^\]]{0,8}[lg][^\]]{0,8}\]t|[lg]\|[lg]\)t)/i;
/** A replacement that is nothing but characters an escape removes: `"<"`, `'"'`, `"<>"`. */
const LONE_MARKUP = /^[<>"']{1,4}$/;

interface Operand {
  value: Value | undefined;
  /** the argument as written, for a name a loop binds */
  argument: SyntaxNode | undefined;
}

function replaces(
  it: Interpreter,
  {
    node,
    pattern,
    replacement,
  }: { node: SyntaxNode; site: CallSite; pattern: Operand; replacement: Operand },
): boolean {
  return (
    entityIn(it, { node, ...pattern }) ||
    loneMarkup(it, { node, ...replacement }) ||
    (anyEntity(pattern.value) && !replacement.value?.known)
  );
}

/**
 * A pattern of any entity (`&(\w+);`, `&([a-z]+);`, `&([^;]+);`, `&(?P<name>\w+);`, `/&\w+;/g`): with a
 * replacement that is not one constant (a function, a group, a table's lookup) it may write `<` back (r26).
 */
const ANY_ENTITY = /&(?:\((?:\?:|\?P?<\w+>)?)?(?:\\w|\.|\[\^;|\[(?:\\w|a-z|A-Z))/;

function anyEntity(value: Value | undefined): boolean {
  const text = value?.known && typeof value.constant === 'string' ? value.constant : value?.pattern;
  return text !== undefined && ANY_ENTITY.test(text);
}

/** Whether a pattern is (or, bound by a loop, may be) an entity's text. */
function entityIn(
  it: Interpreter,
  { node, value, argument }: { node: SyntaxNode; value: Value | undefined; argument: SyntaxNode | undefined },
): boolean {
  const text = value?.known && typeof value.constant === 'string' ? value.constant : value?.pattern;
  if (text !== undefined) return ENTITY.test(text);
  return anyMatches(loopConstants(it, node, argument), ENTITY);
}

function loneMarkup(
  it: Interpreter,
  { node, value, argument }: { node: SyntaxNode; value: Value | undefined; argument: SyntaxNode | undefined },
): boolean {
  if (value?.known) return typeof value.constant === 'string' && LONE_MARKUP.test(value.constant);
  return anyMatches(loopConstants(it, node, argument), LONE_MARKUP);
}

/**
 * The constants a name may hold when a loop around the call binds it from a table written in the file: `for a,
 * b in [("&lt;", "<"), …]`, `for a, b in PAIRS.items()`, `for a in PAIRS`, JavaScript's `for (const [a, b] of
 * [["&lt;", "<"]])` and `Object.entries(PAIRS)`. Empty when the name is no loop's or the table is not read.
 */
function loopConstants(it: Interpreter, node: SyntaxNode, argument: SyntaxNode | undefined): string[] {
  if (argument?.type === 'subscript' || argument?.type === 'subscript_expression')
    return lookedUp(it, node, argument);
  if (argument?.type !== 'identifier') return [];
  return loopBound(it, { node, name: argument.text, indexed: undefined });
}

/**
 * A table's entry looked up (review r26): `p[0]` with `for p in PAIRS` is the first of each pair; `CH[i]`, `MAP[k]`
 * with a key not constant is any value of the table the file writes.
 */
function lookedUp(it: Interpreter, node: SyntaxNode, argument: SyntaxNode): string[] {
  const table = argument.childForFieldName('value') ?? argument.childForFieldName('object');
  const index = argument.childForFieldName('subscript') ?? argument.childForFieldName('index');
  if (table?.type !== 'identifier' || !index) return [];
  const position = /^\d+$/.test(index.text) ? Number(index.text) : undefined;
  if (position !== undefined) {
    const bound = loopBound(it, { node, name: table.text, indexed: position });
    if (bound.length > 0) return bound;
  }
  const entries = entriesOf(it, table);
  if (!entries) return [];
  const known = LOOKED_UP.get(entries);
  if (known) return known;
  const found = entries.flatMap(({ key, value, parts, any }) =>
    any !== undefined
      ? [any]
      : parts
        ? parts.flatMap((part) => (part === undefined ? [] : [part]))
        : value !== undefined
          ? [value]
          : key !== undefined
            ? [key]
            : [],
  );
  LOOKED_UP.set(entries, found);
  return found;
}
const LOOKED_UP = new WeakMap<readonly Entry[], string[]>();

/**
 * The constants a loop around `node` binds `name` to (`position`: the entry's element the name holds, when the
 * name is the whole target and is then indexed, `p[0]` of `for p in PAIRS`).
 */
function loopBound(
  it: Interpreter,
  { node, name, indexed }: { node: SyntaxNode; name: string; indexed: number | undefined },
): string[] {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_BOUNDARY.test(current.type)) return [];
    if (current.type !== 'for_statement' && current.type !== 'for_in_statement') continue;
    let left = current.childForFieldName('left');
    if (left?.type === 'lexical_declaration' || left?.type === 'variable_declaration')
      left = left.namedChildren[0]?.childForFieldName('name') ?? left.namedChildren[0] ?? null;
    const right = current.childForFieldName('right');
    if (!left || !right) continue;
    // -1: the target is the name itself; else the name's place in the target's tuple (`a, b`, `[a, b]`)
    const position =
      left.type === 'identifier'
        ? left.text === name
          ? (indexed ?? -1)
          : undefined
        : indexed === undefined
          ? left.namedChildren.findIndex((part) => part.type === 'identifier' && part.text === name)
          : undefined;
    if (position === undefined || (position < 0 && left.type !== 'identifier')) continue;
    return tableConstants(it, right, position);
  }
  return [];
}
const FUNCTION_BOUNDARY =
  /^(?:function_definition|function_declaration|function_expression|arrow_function|lambda|method_definition|class_definition|module|program)$/;

/** The constants at `position` of each entry a loop's iterable gives (-1: the entry itself; a dict's key). */
function tableConstants(it: Interpreter, iterable: SyntaxNode, position: number): string[] {
  // `PAIRS.items()`, `Object.entries(PAIRS)`: a dict's pairs; `PAIRS.keys()`, `PAIRS.values()`
  let table = iterable;
  let pairs = false;
  let values = false;
  if (iterable.type === 'call') {
    const callee = iterable.childForFieldName('function');
    const method =
      callee?.childForFieldName('attribute')?.text ?? callee?.childForFieldName('property')?.text;
    const object = callee?.childForFieldName('object');
    const first = iterable.childForFieldName('arguments')?.namedChildren[0];
    if (callee?.text === 'Object.entries' && first) [table, pairs] = [first, true];
    else if (callee?.text === 'Object.values' && first) [table, values] = [first, true];
    else if (callee?.text === 'Object.keys' && first) table = first;
    else if (object && method === 'items') [table, pairs] = [object, true];
    else if (object && method === 'values') [table, values] = [object, true];
    else if (object && method === 'keys') table = object;
    // `zip(ENT, CH)`: the name at place i takes the i-th list's elements; `enumerate(ENT)`: the second
    else if (callee?.text === 'zip' || callee?.text === 'enumerate') {
      const lists = iterable.childForFieldName('arguments')?.namedChildren ?? [];
      const list = callee.text === 'zip' ? lists[position] : position === 1 ? lists[0] : undefined;
      return list ? tableConstants(it, list, -1) : [];
    } else return [];
  }
  const entries = entriesOf(it, table);
  if (!entries) return [];
  const form = `${pairs ? 'p' : values ? 'v' : 'k'}${position}`;
  const read = TABLE_CONSTANTS.get(entries);
  const known = read?.get(form);
  if (known) return known;
  const constants: string[] = [];
  if (read) read.set(form, constants);
  else TABLE_CONSTANTS.set(entries, new Map([[form, constants]]));
  for (const { key, value, parts, any } of entries) {
    if (any !== undefined) {
      constants.push(any);
      continue;
    }
    const chosen = pairs ? (position === 0 ? key : position === 1 ? value : undefined) : values ? value : key;
    if (parts && !pairs && !values) {
      const part = position < 0 ? undefined : parts[position];
      if (part !== undefined) constants.push(part);
      continue;
    }
    if (chosen !== undefined) constants.push(chosen);
  }
  return constants;
}

/** Each table's constants by the form read (`p0`: the pairs' firsts), once per table's entries (review r30). */
const TABLE_CONSTANTS = new WeakMap<readonly Entry[], Map<string, string[]>>();

/** Whether a constant matches, judged once per list a table gave (review r30: 1,200 calls over 5,000 entries). */
function anyMatches(constants: readonly string[], pattern: RegExp): boolean {
  if (constants.length < 8) return constants.some((text) => pattern.test(text));
  let judged = MATCHED.get(constants);
  if (!judged) {
    judged = new Map();
    MATCHED.set(constants, judged);
  }
  const known = judged.get(pattern);
  if (known !== undefined) return known;
  const matched = constants.some((text) => pattern.test(text));
  judged.set(pattern, matched);
  return matched;
}
const MATCHED = new WeakMap<readonly string[], Map<RegExp, boolean>>();

interface Entry {
  /** a dict's key, or a list's element when it is a constant */
  key?: string;
  /** a dict's value when it is a constant */
  value?: string;
  /** a list's element that is a tuple/list of constants */
  parts?: (string | undefined)[];
  /** a constant of a table not read (a comprehension's): it may be any entry's key, value or part */
  any?: string;
}

/** The entries of a table written in the file: a literal, or a name bound to one (read as the interpreter holds it). */
function entriesOf(it: Interpreter, table: SyntaxNode): readonly Entry[] | undefined {
  if (table.type === 'identifier') {
    const held = it.lookup(table.text);
    // read once per table the interpreter holds (review r30: a 5,000-entry table copied at each of 1,200 calls)
    if (held?.properties) {
      let entries = HELD_ENTRIES.get(held.properties);
      if (!entries) {
        entries = [...held.properties].map(([key, value]) => ({ key, value: constantText(value) }));
        HELD_ENTRIES.set(held.properties, entries);
      }
      return entries;
    }
    if (held?.elements)
      return held.elements.map((element) =>
        element.elements ? { parts: element.elements.map(constantText) } : { key: constantText(element) },
      );
    // a table the interpreter holds no entries of: the one assignment the name has, as written (Python)
    const written = it.language === 'python' ? assignedIn(table, table.text) : undefined;
    return written && written.type !== 'identifier' ? entriesOf(it, written) : undefined;
  }
  // a comprehension, read once per node (review r30: a 3,000-pair table was walked again at each call)
  if (COMPREHENSION.test(table.type)) {
    let entries = COMPREHENDED.get(table);
    if (!entries) {
      entries = comprehended(table);
      COMPREHENDED.set(table, entries);
    }
    return entries;
  }
  // `dict([("&lt;", "<")])`: the pairs' first and second
  if (table.type === 'call' && table.childForFieldName('function')?.text === 'dict') {
    const pairs = entriesOf(it, table.childForFieldName('arguments')?.namedChildren[0] ?? table);
    return pairs?.map(({ parts, any }) =>
      any !== undefined ? { any } : { key: parts?.[0], value: parts?.[1] },
    );
  }
  if (/^(?:list|tuple|array|set)$/.test(table.type))
    return table.namedChildren.map((element) =>
      /^(?:list|tuple|array|parenthesized_expression)$/.test(element.type)
        ? { parts: element.namedChildren.map(literalText) }
        : { key: literalText(element) },
    );
  if (table.type === 'dictionary' || table.type === 'object')
    return table.namedChildren
      .filter((pair) => pair.type === 'pair')
      .map((pair) => ({
        key: literalText(pair.childForFieldName('key')),
        value: literalText(pair.childForFieldName('value')),
      }));
  return undefined;
}

const COMPREHENSION =
  /^(?:list_comprehension|dictionary_comprehension|set_comprehension|generator_expression)$/;

const HELD_ENTRIES = new WeakMap<ReadonlyMap<string, Value>, readonly Entry[]>();
const COMPREHENDED = new WeakMap<SyntaxNode, readonly Entry[]>();

/**
 * The entries a comprehension builds. Over pairs of constants written in it (`{c: e for c, e in [("<", "&lt;")]}`,
 * `{"&" + k + ";": v for k, v in [("lt", "<")]}`, `[(f"&{k};", v) for k, v in …]`), each constant goes where
 * the entry's parts name its target, with the constants those parts write themselves: an escaping table stays
 * one (review r30). Any other comprehension is not read: any constant written in it may be any entry's part.
 */
function comprehended(table: SyntaxNode): Entry[] {
  const clauses = table.namedChildren.filter((child) => child.type === 'for_in_clause');
  const body = table.namedChildren[0];
  const clause = clauses[0];
  const left = clause?.childForFieldName('left');
  const right = clause?.childForFieldName('right');
  const targets =
    left?.type === 'identifier'
      ? [left.text]
      : left && /^(?:pattern_list|tuple_pattern|list_pattern)$/.test(left.type)
        ? left.namedChildren.map((part) => (part.type === 'identifier' ? part.text : ''))
        : undefined;
  const rows =
    right && /^(?:list|tuple|set)$/.test(right.type)
      ? right.namedChildren.map((row) =>
          targets?.length === 1
            ? [literalText(row)]
            : /^(?:list|tuple|parenthesized_expression)$/.test(row.type)
              ? row.namedChildren.map(literalText)
              : undefined,
        )
      : undefined;
  // the entry's parts: a dict's key and value, a tuple's elements, else the element itself
  const parts =
    body?.type === 'pair'
      ? [body.childForFieldName('key'), body.childForFieldName('value')]
      : body && /^(?:tuple|list|parenthesized_expression)$/.test(body.type)
        ? body.namedChildren
        : [body];
  const read =
    clauses.length === 1 &&
    !table.namedChildren.some((child) => child.type === 'if_clause') &&
    targets !== undefined &&
    !targets.includes('') &&
    rows !== undefined &&
    rows.every(
      (row) => row !== undefined && row.length === targets.length && row.every((t) => t !== undefined),
    ) &&
    parts.every((part) => part);
  if (!read) return literalsIn(table).map((constant) => ({ any: constant }));
  const entries: Entry[] = [];
  const place = (index: number, constant: string): Entry => {
    if (body?.type === 'pair') return index === 0 ? { key: constant } : { value: constant };
    if (parts.length === 1 && body?.type !== 'tuple' && body?.type !== 'list') return { key: constant };
    const sparse: (string | undefined)[] = parts.map(() => undefined);
    sparse[index] = constant;
    return { parts: sparse };
  };
  parts.forEach((part, index) => {
    const named = new Set(namesIn(part!));
    for (const constant of literalsIn(part!)) entries.push(place(index, constant));
    targets!.forEach((target, column) => {
      if (!named.has(target)) return;
      for (const row of rows!) entries.push(place(index, row![column]!));
    });
  });
  return entries;
}

function namesIn(root: SyntaxNode): string[] {
  const found: string[] = [];
  const pending = [root];
  for (let current = pending.pop(); current; current = pending.pop()) {
    if (current.type === 'identifier') found.push(current.text);
    else pending.push(...current.namedChildren);
  }
  return found;
}

/** Every string constant written inside a node (a comprehension's), f-strings' plain parts not included. */
function literalsIn(root: SyntaxNode): string[] {
  const found: string[] = [];
  const pending = [root];
  for (let current = pending.pop(); current; current = pending.pop()) {
    const text = literalText(current);
    if (text !== undefined && current.type === 'string') found.push(text);
    else pending.push(...current.namedChildren);
  }
  return found;
}

function constantText(value: Value | undefined): string | undefined {
  return value?.known && typeof value.constant === 'string' ? value.constant : undefined;
}

function literalText(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' && !node.namedChildren.some((child) => child.type === 'interpolation'))
    return stringText(node);
  if (node.type === 'property_identifier') return node.text;
  return undefined;
}

/**
 * `s.translate(str.maketrans("[]", "<>"))`, `s.translate({ord("["): "<"})`: a table that writes a lone `<`, `>`,
 * `"` or `'`. A table this cannot read (a name bound by a call, a parameter) may write one: undone too.
 */
function translates(node: SyntaxNode, table: SyntaxNode | undefined): boolean {
  let written = table;
  if (written?.type === 'identifier') written = assignedIn(node, written.text);
  if (!written) return true;
  const callee = written.type === 'call' ? written.childForFieldName('function')?.text : undefined;
  const args = written.childForFieldName('arguments')?.namedChildren ?? [];
  // `str.maketrans("[]", "<>")`: each character of the second string replaces one of the first
  if (callee && /(?:^|\.)maketrans$/.test(callee) && args.length >= 2) {
    const to = literalText(args[1]);
    return to === undefined || /[<>"']/.test(to);
  }
  // `str.maketrans({"[": "<"})`, `{ord("["): "<"}`: each value replaces its key
  const dictionary = callee && /(?:^|\.)maketrans$/.test(callee) ? args[0] : written;
  if (dictionary?.type !== 'dictionary') return true;
  return dictionary.namedChildren
    .filter((pair) => pair.type === 'pair')
    .some((pair) => {
      const value = pair.childForFieldName('value');
      const text = literalText(value);
      return value?.type !== 'none' && (text === undefined || LONE_MARKUP.test(text));
    });
}

/** The value of the one plain assignment of `name` in the function around `node` or at the module's top level. */
function assignedIn(node: SyntaxNode, name: string): SyntaxNode | undefined {
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (scope.type !== 'function_definition' && scope.type !== 'module') continue;
    const values = assignmentsOf(scope).get(name);
    if (values) return values.length === 1 ? values[0] : undefined;
  }
  return undefined;
}

/** Each scope's plain assignments by name, read once: a file may call `.translate(T)` thousands of times. */
const ASSIGNMENTS = new WeakMap<SyntaxNode, ReadonlyMap<string, SyntaxNode[]>>();

function assignmentsOf(scope: SyntaxNode): ReadonlyMap<string, SyntaxNode[]> {
  const known = ASSIGNMENTS.get(scope);
  if (known) return known;
  const byName = new Map<string, SyntaxNode[]>();
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  for (const statement of body?.namedChildren ?? []) {
    assignmentWork.statements++;
    const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left')?.text;
    const value = assignment.childForFieldName('right');
    if (left === undefined || !value) continue;
    const values = byName.get(left) ?? [];
    values.push(value);
    byName.set(left, values);
  }
  ASSIGNMENTS.set(scope, byName);
  return byName;
}

/** Statements read to find tables' assignments, for a test of the work done (review r26: once per scope). */
export const assignmentWork = { statements: 0 };
