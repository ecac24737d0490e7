import type { CallSite } from './conditions.js';
import { fileBindings } from './file-bindings.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { isFunctionNode, stringText } from './syntax-nodes.js';
import { mergeAll, sameOrigin, sameTaint, type Taint, type Value } from './taint.js';

/**
 * A Python dict, list or `ConfigParser` filled and read under constant keys in one function (w125, OWASP
 * BenchmarkPython): `m = {}; m["a"] = "v"; m["b"] = q; bar = m["a"]` reads `"v"`,
 * `conf.set("s", "a", "v"); conf.set("s", "b", q); conf.get("s", "a")` reads `"v"`, and
 * `l = []; l.append("v"); l.append(q); l.append("w"); l.pop(0); bar = l[1]` reads `"w"`. Without this, the
 * whole holder's data (`q`) came out of every key.
 *
 * A lookup gives the entry's own value only where nothing else can have changed the holder unseen:
 * - the function binds the name itself, each time to a holder made there (a dict or list literal, a
 *   `ConfigParser()`; not another name, not a chained `n = m = {}`: no second name ever holds it), with no
 *   `global`/`nonlocal` and no nested function or lambda naming it, and every other use of it there is a
 *   subscript by a constant string (a list's: a constant integer), read or written (no `del`, no entry's own
 *   method or attribute: `m["a"].append(q)`), a list's `.append(v)` and `.pop()`/`.pop(i)` (i a constant
 *   integer), or a `ConfigParser`'s `.add_section`, `.set` and `.get`: the holder is never passed, returned,
 *   aliased or otherwise changed (review r28);
 * - no method call that changes it runs only maybe: inside `and`/`or`, a conditional expression, a
 *   comprehension, a `case` guard, a lambda or an `assert` (`c and l.pop(0)`), where the interpreter would
 *   apply it as if it always ran (review r28);
 * - the file binds no name dynamically (`locals()["m"]["a"] = q`, `globals()`, `vars()`, `exec`: `FileBindings`'
 *   `dynamic`);
 * - the holder has at most `MOST_ENTRIES` entries (a write copies them: a holder of thousands is read whole,
 *   at the cost it had before, review r28);
 * - every datum the holder carries is one of its entries' (a write the entries missed shows as data no entry
 *   carries), and the key is among the entries (a dict's missing key raises; a parser's falls back to its
 *   defaults);
 * - a `ConfigParser`'s entry is a constant with no `%` (its interpolation may splice another option in), its
 *   section and option written as plain ASCII text (an escape or a bytes prefix is another text than it reads
 *   as; the option lower-cased, as the default `optionxform` does).
 * Anything else reads the holder's whole data, as before.
 */

/** The entries a holder was seen given, by exact key (`section\0option` for a `ConfigParser`, the index for a list). */
export type KeyedEntries = ReadonlyMap<string, Value>;

/** The most entries a holder's are followed for: each write copies them (a bigger holder is read whole). */
export const MOST_ENTRIES = 64;

/** `keyed` as the holder's entries, or none past `MOST_ENTRIES`. */
function capped(keyed: Map<string, Value>): KeyedEntries | undefined {
  return keyed.size > MOST_ENTRIES ? undefined : keyed;
}

/** `{}` or a dict literal of constant string keys: its entries; undefined for any other literal. */
export function dictEntries(it: Interpreter, node: SyntaxNode, values: readonly Value[]): Value | undefined {
  if (it.language !== 'python' || node.type !== 'dictionary') return undefined;
  if (node.namedChildren.length > MOST_ENTRIES) return undefined;
  const keyed = new Map<string, Value>();
  for (const [index, child] of node.namedChildren.entries()) {
    if (child.type === 'comment') continue;
    const key = child.type === 'pair' ? constantKey(child.childForFieldName('key')) : undefined;
    if (key === undefined) return undefined;
    keyed.set(key, values[index] ?? {});
  }
  return { keyed, keyedBy: 'dict' };
}

/**
 * `[]` or a list literal with no `*spread`: its elements by index. A JavaScript array's too (r48): its
 * `push`, `unshift`, `splice`, index writes, `concat` and `slice` are followed for the words an argument list
 * holds (argv-program.ts); an entry read by index is never trusted to be one entry (`trusted` knows Python's
 * uses only).
 */
export function listEntries(it: Interpreter, node: SyntaxNode, values: readonly Value[]): Value | undefined {
  if (node.type !== (it.language === 'python' ? 'list' : 'array')) return undefined;
  if (
    node.namedChildren.some(
      (child) => child.type === 'list_splat' || child.type === 'spread_element' || child.type === 'comment',
    )
  )
    return undefined;
  if (values.length > MOST_ENTRIES) return undefined;
  return { keyed: new Map(values.map((value, index) => [String(index), value])), keyedBy: 'list' };
}

const CONFIG_PARSERS = /^configparser\.(?:ConfigParser|RawConfigParser)$/;

/** `configparser.ConfigParser()` with no arguments: an empty parser whose options are followed. */
export function configParserMade(paths: readonly string[], site: CallSite): Value | undefined {
  if (!paths.some((path) => CONFIG_PARSERS.test(path))) return undefined;
  if (site.args.length > 0 || site.keywords.size > 0 || site.hasSpread) return undefined;
  return { keyed: new Map(), keyedBy: 'config' };
}

/** `m["a"]`, `items[1]` of a followed dict or list: the entry's value, when it can be trusted (see above). */
export function entryRead({
  it,
  objectNode,
  object,
  key,
}: {
  it: Interpreter;
  objectNode: SyntaxNode | null;
  object: Value;
  key: Value;
}): Value | undefined {
  if (!object.keyed || objectNode?.type !== 'identifier') return undefined;
  const at = entryKey(object, key);
  return at === undefined ? undefined : trusted({ it, name: objectNode.text, holder: object, key: at });
}

/**
 * `m["a"] = v`, `items[1] = v` on a followed dict or list: its entries with this one set; a write by any other
 * key forgets them.
 */
export function entryWritten({
  holder,
  direct,
  key,
  value,
}: {
  holder: Value;
  direct: boolean;
  key: Value | undefined;
  value: Value;
}): Pick<Value, 'keyed' | 'keyedBy'> {
  if (!holder.keyed || holder.keyedBy === 'config') return {};
  // (a list's index outside it raises: `entryKey` gives nothing, and the entries are forgotten all the same)
  const at = direct && key ? entryKey(holder, key) : undefined;
  if (at === undefined) return { keyed: undefined, keyedBy: undefined };
  const keyed = new Map(holder.keyed);
  keyed.set(at, value);
  const kept = capped(keyed);
  return kept ? { keyed: kept, keyedBy: holder.keyedBy } : { keyed: undefined, keyedBy: undefined };
}

/** A dict's constant text key, or a list's constant integer index (from the end when negative) inside it. */
function entryKey(holder: Value, key: Value): string | undefined {
  if (!key.known) return undefined;
  if (holder.keyedBy === 'dict') return typeof key.constant === 'string' ? key.constant : undefined;
  if (holder.keyedBy !== 'list' || typeof key.constant !== 'number' || !Number.isInteger(key.constant))
    return undefined;
  const size = holder.keyed?.size ?? 0;
  const at = key.constant < 0 ? size + key.constant : key.constant;
  return at >= 0 && at < size ? String(at) : undefined;
}

/**
 * A followed list literal's elements in order (`[c]`, `["-v", c]`), or a tuple literal's (`("-c", c)`, w178:
 * `args += ("-c", q)` and `args.extend((q,))` add them as a list's do); undefined for any other value.
 */
export function listValues(value: Value | undefined): Value[] | undefined {
  if (value?.keyedBy === 'list' && value.keyed) return [...value.keyed.values()];
  return value?.tuple && value.elements && !value.spread ? [...value.elements] : undefined;
}

/**
 * `args += [q]` on a followed list: its entries with the literal's after them (w168: `["sh", "-c"]` then
 * `+= [q]` runs the request as the shell's script). Anything else added is not followed: the list is read whole.
 */
export function listExtended(current: Value, added: Value): Pick<Value, 'keyed' | 'keyedBy' | 'argvHead'> {
  const before = listValues(current);
  const after = listValues(added);
  if (!before) return {};
  if (!after) return { argvHead: wordsAdded(before, added) };
  const keyed = capped(new Map([...before, ...after].map((value, index) => [String(index), value])));
  return keyed ? { keyed, keyedBy: 'list' } : {};
}

/**
 * A list's `.append(v)`, `.pop(i)` (a constant index inside it, or none of a list not empty), `.insert(i, v)`
 * (a constant index, clamped to the list as Python does) and `.extend([…])` of a list literal: its entries
 * after the call (w168: `args.insert(0, q)` and `["bash", "-c"]` extended by `[q]` put the request where the
 * program or its script goes). Any other index or argument forgets them: the list is read whole.
 */
function listCall({ holder, method, site }: { holder: Value; method: string; site: CallSite }): Value {
  const values = [...(holder.keyed?.values() ?? [])];
  const plain = site.keywords.size === 0 && !site.hasSpread;
  // Forgotten, the list is no longer its literal's elements (r46: `argv = []; argv.extend(shlex.split(c))` ran
  // the empty literal): where the call only added words at its end, those it had still start it.
  const atEnd =
    (method === 'extend' || (method === 'insert' && insertsAtEnd(site))) && plain
      ? wordsAdded(values, site.args[method === 'insert' ? 1 : 0] ?? {})
      : undefined;
  const forgotten = { ...holder, keyed: undefined, keyedBy: undefined, argvHead: atEnd };
  if (method === 'append' && plain && site.args.length === 1) values.push(site.args[0]!);
  else if (method === 'pop' && plain && site.args.length <= 1) {
    const at = site.args.length === 0 ? values.length - 1 : Number(entryKey(holder, site.args[0]!) ?? -1);
    if (at < 0) return forgotten;
    values.splice(at, 1);
  } else if (method === 'insert' && plain && site.args.length === 2) {
    const [index, value] = site.args as [Value, Value];
    if (!index.known || typeof index.constant !== 'number' || !Number.isInteger(index.constant))
      return forgotten;
    const from = index.constant < 0 ? values.length + index.constant : index.constant;
    values.splice(Math.min(Math.max(from, 0), values.length), 0, value);
  } else if (method === 'extend' && plain && site.args.length === 1) {
    const added = listValues(site.args[0]);
    if (!added) return forgotten;
    values.push(...added);
  } else return forgotten;
  const keyed = capped(new Map(values.map((value, index) => [String(index), value])));
  return keyed ? { ...holder, keyed } : forgotten;
}

/** JavaScript array methods that change nothing: a followed array keeps its entries. */
const ARRAY_READS =
  /^(?:slice|concat|join|includes|indexOf|lastIndexOf|at|map|filter|forEach|some|every|find|findIndex|findLast|findLastIndex|reduce|reduceRight|flat|flatMap|toString|entries|keys|values)$/;

/** A constant integer argument, or undefined. */
function integer(value: Value | undefined): number | undefined {
  return value?.known && typeof value.constant === 'number' && Number.isInteger(value.constant)
    ? value.constant
    : undefined;
}

/** JavaScript's clamped index (`slice`, `splice`): from the end when negative, within `0…length`. */
function clampIndex(at: number, length: number): number {
  return Math.min(Math.max(at < 0 ? length + at : at, 0), length);
}

/**
 * A followed JavaScript array's `push(…)`, `unshift(…)`, `pop()`, `shift()` and `splice(start, count, …)` of
 * constant integers (r48: `args.splice(1, 1, q)` put the request where a shell's script goes); a method that
 * changes nothing keeps it; any other forgets its entries (the literal's, with `entriesUnseen`, are read).
 */
export function arrayCall({
  holder,
  method,
  site,
}: {
  holder: Value;
  method: string;
  site: CallSite;
}): Value {
  if (ARRAY_READS.test(method)) return holder;
  const values = [...(holder.keyed?.values() ?? [])];
  const forgotten = { ...holder, keyed: undefined, keyedBy: undefined };
  if (site.hasSpread || site.keywords.size > 0) return forgotten;
  if (method === 'push') values.push(...site.args);
  else if (method === 'unshift') values.unshift(...site.args);
  else if (method === 'pop' && site.args.length === 0) values.pop();
  else if (method === 'shift' && site.args.length === 0) values.shift();
  else if (method === 'splice' && site.args.length >= 1) {
    const start = integer(site.args[0]);
    const count = site.args.length === 1 ? Number.POSITIVE_INFINITY : integer(site.args[1]);
    if (start === undefined || count === undefined) return forgotten;
    values.splice(clampIndex(start, values.length), Math.max(count, 0), ...site.args.slice(2));
  } else return forgotten;
  const keyed = capped(new Map(values.map((value, index) => [String(index), value])));
  const taint = mergeAll([holder, ...site.args]);
  return keyed ? { ...holder, keyed, ...(taint ? { taint } : {}) } : forgotten;
}

/**
 * What a followed JavaScript array's `slice(a, b)` (constant integers) or `concat(…)` gives: its words, where
 * they are known; a `concat` of a value not known (it may be an array of words) ends with one word of its data.
 */
export function arrayResult({
  receiver,
  method,
  site,
}: {
  receiver: Value | undefined;
  method: string;
  site: CallSite;
}): Pick<Value, 'keyed' | 'keyedBy' | 'argvHead'> | undefined {
  const before = receiver?.keyedBy === 'list' ? listValues(receiver) : undefined;
  if (!before || site.hasSpread || site.keywords.size > 0) return undefined;
  if (method === 'slice') {
    const [from, to] = site.args.map(integer);
    if (site.args.length > 2 || (site.args.length >= 1 && from === undefined)) return undefined;
    if (site.args.length === 2 && to === undefined) return undefined;
    const words = before.slice(
      clampIndex(from ?? 0, before.length),
      to === undefined ? before.length : clampIndex(to, before.length),
    );
    return { keyed: new Map(words.map((value, index) => [String(index), value])), keyedBy: 'list' };
  }
  if (method !== 'concat') return undefined;
  const words = [...before];
  for (const [index, added] of site.args.entries()) {
    const listed = added.keyedBy === 'list' ? listValues(added) : undefined;
    if (listed) words.push(...listed);
    else if (added.known && !added.elements) words.push(added);
    else return { argvHead: wordsAdded(words, { taint: mergeAll(site.args.slice(index)) }) };
  }
  const keyed = capped(new Map(words.map((value, index) => [String(index), value])));
  return keyed ? { keyed, keyedBy: 'list' } : undefined;
}

/**
 * A list's known words with words not known added after them (`args.extend(shlex.split(c))`, `args += q.split()`):
 * what the list starts with, for argv-program.ts, the added words one element standing for them all.
 */
function wordsAdded(before: readonly Value[], added: Value): Value {
  const taint = mergeAll([...before, added]);
  return {
    ...(taint ? { taint } : {}),
    elements: [...before, { ...(added.taint ? { taint: added.taint } : {}) }],
  };
}

/** `args.insert(len(args), v)`: an insert at the list's end. */
function insertsAtEnd(site: CallSite): boolean {
  const call = site.node;
  const receiver = call?.childForFieldName('function')?.childForFieldName('object')?.text;
  const index = call?.childForFieldName('arguments')?.namedChildren[0]?.text.replace(/\s+/g, '');
  return receiver !== undefined && index === `len(${receiver})`;
}

/**
 * `conf.set("s", "a", v)` and `conf.get("s", "a")` on a followed `ConfigParser` named by `name`, or a followed
 * list's `.append`/`.pop`: `holder` is its new value, `read` the option's value when it can be trusted.
 */
export function keyedCall({
  it,
  name,
  method,
  site,
}: {
  it: Interpreter;
  name: string;
  method: string;
  site: CallSite;
}): { holder?: Value; read?: Value } | undefined {
  const holder = it.lookup(name);
  if (holder?.keyedBy === 'list' && holder.keyed) return { holder: listCall({ holder, method, site }) };
  if (holder?.keyedBy !== 'config' || !holder.keyed) return undefined;
  const key = optionKey(site, method === 'set' ? 3 : 2);
  if (method === 'set') {
    if (key === undefined) return { holder: { ...holder, keyed: undefined, keyedBy: undefined } };
    const keyed = capped(new Map(holder.keyed).set(key, site.args[2] ?? {}));
    return { holder: { ...holder, keyed, ...(keyed ? {} : { keyedBy: undefined }) } };
  }
  if (method !== 'get' || key === undefined) return undefined;
  const read = trusted({ it, name, holder, key });
  // BasicInterpolation splices `%(other)s` in when the option is read.
  if (!read?.known || typeof read.constant !== 'string' || read.constant.includes('%')) return undefined;
  return { read };
}

/** Whether two holders' entries carry the same data (a loop's pass that moved data between keys changed it). */
export function sameEntries(a: Value | undefined, b: Value | undefined): boolean {
  const left = a?.keyed;
  const right = b?.keyed;
  if (!left || !right) return !left === !right;
  if (left.size !== right.size) return false;
  for (const [key, value] of left) {
    const other = right.get(key);
    if (!other || !sameTaint(value.taint, other.taint) || value.constant !== other.constant) return false;
  }
  return true;
}

function trusted({
  it,
  name,
  holder,
  key,
}: {
  it: Interpreter;
  name: string;
  holder: Value;
  key: string;
}): Value | undefined {
  const entry = holder.keyed?.get(key);
  if (!entry || !carried(holder.taint, mergeAll([...holder.keyed!.values()]))) return undefined;
  const fn = it.frame.fn;
  if (!fn || !onlyKeyedUses(it, { fn: fn.node, name, kind: holder.keyedBy! })) return undefined;
  // `locals()["m"]["a"] = q`, `exec(…)`: the file may reach the holder by a name no syntax shows
  if (fileBindings(fn.node).dynamic) return undefined;
  return entry;
}

/** Whether every origin of `whole` is one of `parts`'s. */
function carried(whole: Taint | undefined, parts: Taint | undefined): boolean {
  if (!whole) return true;
  return whole.origins.every((origin) => parts?.origins.some((part) => sameOrigin(part, origin)));
}

/**
 * A key written as plain text: a string literal with no interpolation, no escape sequence (`"a\\x41"` is `"aA"`)
 * and no bytes prefix (`b"a"` is another key than `"a"`), so equal texts are equal keys.
 */
function constantKey(node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type !== 'string' || /^[^'"]*[bB]/.test(node.text)) return undefined;
  const plain = (child: SyntaxNode) =>
    /^(?:string_start|string_end)$/.test(child.type) ||
    (child.type === 'string_content' && child.namedChildren.length === 0);
  if (!node.namedChildren.every(plain)) return undefined;
  return stringText(node);
}

/**
 * `("s", "a", …)` of constants written as plain ASCII text: `section\0option`, the option lower-cased as
 * ConfigParser's default `optionxform` (`str.lower`) does. Text with an escape sequence or a bytes prefix
 * (`"\x41"` is option `a`) or beyond ASCII (where `str.lower` and JavaScript's differ) is no key.
 */
function optionKey(site: CallSite, count: number): string | undefined {
  const [section, option] = site.args;
  if (site.args.length !== count || site.keywords.size > 0 || site.hasSpread) return undefined;
  const plain = (value: Value | undefined): value is Value & { constant: string } =>
    !!value?.known &&
    !value.inexact &&
    typeof value.constant === 'string' &&
    /^[\x20-\x7e]*$/.test(value.constant);
  if (!plain(section) || !plain(option)) return undefined;
  return `${section.constant}\0${option.constant.toLowerCase()}`;
}

type Kind = 'dict' | 'list' | 'config';

/** The methods of each kind of holder whose effect is followed (`keyedCall`). */
const METHODS: Record<Kind, ReadonlySet<string>> = {
  dict: new Set(),
  list: new Set(['append', 'pop', 'insert', 'extend']),
  config: new Set(['add_section', 'set', 'get']),
};

/** A dict's index written as a constant string, a list's as a constant integer. */
function constantIndex(it: Interpreter, node: SyntaxNode | null, kind: Kind): boolean {
  if (kind === 'dict') return constantKey(node) !== undefined;
  if (!node || !/^(?:integer|unary_operator)$/.test(node.type)) return false;
  const value = it.expr(node);
  return !!value.known && typeof value.constant === 'number';
}
const usesChecked = new WeakMap<SyntaxNode, Map<string, boolean>>();

/** The syntactic half of the trust: every use of `name` in the function is one this module follows. */
function onlyKeyedUses(it: Interpreter, { fn, name, kind }: { fn: SyntaxNode; name: string; kind: Kind }) {
  const known = usesChecked.get(fn) ?? new Map<string, boolean>();
  usesChecked.set(fn, known);
  const key = `${kind}:${name}`;
  let answer = known.get(key);
  if (answer === undefined) {
    answer = usesFollowed(it, { fn, name, kind });
    known.set(key, answer);
  }
  return answer;
}

function usesFollowed(it: Interpreter, { fn, name, kind }: { fn: SyntaxNode; name: string; kind: Kind }) {
  let bound = false;
  const stack = [...fn.namedChildren];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      if (node.namedChildren.some((child) => child.text === name)) return false;
      continue;
    }
    if (node.type === 'identifier' && node.text === name) {
      const use = useOf(it, { node, fn, kind });
      if (use === 'other') return false;
      if (use === 'bound') bound = true;
      continue;
    }
    stack.push(...node.namedChildren);
  }
  // a module dict the file's functions write (module-state.ts): every write of theirs is kept by its constant
  // key or read whole, so a function using it by key only reads its entries (review r32, a01)
  return bound || it.moduleState.has(name);
}

/** What an occurrence of the name does: binds it, a followed use, no reference at all, or anything else. */
function useOf(
  it: Interpreter,
  { node, fn, kind }: { node: SyntaxNode; fn: SyntaxNode; kind: Kind },
): 'bound' | 'followed' | 'none' | 'other' {
  const parent = node.parent;
  if (!parent) return 'other';
  // `x.m`, `f(m=1)`: an attribute's or a keyword's name, no reference
  if (parent.type === 'attribute' && parent.childForFieldName('attribute') === node) return 'none';
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name') === node) return 'none';
  for (let up: SyntaxNode | null = parent; up && up !== fn; up = up.parent)
    if (up.type === 'function_definition' || isFunctionNode(up) || up.type === 'class_definition')
      return 'other';
  if (parent.type === 'assignment' && parent.childForFieldName('left') === node) return freshHolder(parent);
  if (parent.type === 'subscript' && parent.childForFieldName('value') === node) {
    const index = parent.childForFieldName('subscript');
    if (kind === 'config' || !constantIndex(it, index, kind)) return 'other';
    const holder = parent.parent;
    if (holder?.type === 'attribute' || holder?.type === 'subscript' || holder?.type === 'call')
      return 'other';
    for (let up = holder; up && up !== fn; up = up.parent) if (up.type === 'delete_statement') return 'other';
    return 'followed';
  }
  if (parent.type === 'attribute' && parent.childForFieldName('object') === node) {
    const method = parent.childForFieldName('attribute')?.text ?? '';
    const call = parent.parent;
    if (!METHODS[kind].has(method) || call?.type !== 'call' || call.childForFieldName('function') !== parent)
      return 'other';
    if (kind === 'list' && method === 'pop' && !constantPop(it, call)) return 'other';
    if (kind === 'list' && method === 'insert' && !constantInsert(it, call)) return 'other';
    return maybeRun(call, fn) ? 'other' : 'followed';
  }
  return 'other';
}

/**
 * `m = {…}`, `l = […]`, `conf = configparser.ConfigParser()`: the name bound to a holder made there, by an
 * assignment of its own (`n = m = {}` gives two names one holder; `n = m` a second name).
 */
function freshHolder(assignment: SyntaxNode): 'bound' | 'other' {
  const up = assignment.parent;
  if (up?.type === 'assignment' && up.childForFieldName('right') === assignment) return 'other';
  const right = assignment.childForFieldName('right');
  if (right?.type === 'dictionary' || right?.type === 'list') return 'bound';
  const callee = right?.type === 'call' ? right.childForFieldName('function') : null;
  return callee && /(?:^|\.)(?:Raw)?ConfigParser$/.test(callee.text) ? 'bound' : 'other';
}

/** `l.pop()` or `l.pop(i)` with `i` a constant integer. */
function constantPop(it: Interpreter, call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((child) => child.type !== 'comment');
  if (!args || args.length === 0) return true;
  return args.length === 1 && constantIndex(it, args[0]!, 'list');
}

/** `l.insert(i, v)` with `i` a constant integer. */
function constantInsert(it: Interpreter, call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((child) => child.type !== 'comment');
  return args?.length === 2 && constantIndex(it, args[0]!, 'list');
}

/** The expressions whose parts may run or not, or run any number of times, where the interpreter runs them once. */
const MAYBE_RUN =
  /^(?:boolean_operator|conditional_expression|list_comprehension|set_comprehension|dictionary_comprehension|generator_expression|if_clause|lambda|assert_statement)$/;

/** Whether `node` sits where it may not run, or run again (`c and l.pop(0)`, `[l.pop(0) for _ in r]`). */
function maybeRun(node: SyntaxNode, fn: SyntaxNode): boolean {
  for (let up = node.parent; up && up !== fn; up = up.parent) if (MAYBE_RUN.test(up.type)) return true;
  return false;
}
