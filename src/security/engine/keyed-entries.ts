import type { CallSite } from './conditions.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { isFunctionNode } from './syntax-nodes.js';
import { mergeAll, sameOrigin, sameTaint, type Taint, type Value } from './taint.js';

/**
 * A Python dict, or a `ConfigParser`, filled and read under constant keys in one function (w125, OWASP
 * BenchmarkPython): `m = {}; m["a"] = "v"; m["b"] = q; bar = m["a"]` reads `"v"`, and
 * `conf.set("s", "a", "v"); conf.set("s", "b", q); conf.get("s", "a")` reads `"v"`. Without this, the whole
 * holder's data (`q`) came out of every key.
 *
 * A lookup gives the entry's own value only where nothing else can have changed the holder unseen:
 * - the function binds the name itself (no `global`/`nonlocal`, no nested function or lambda naming it), and
 *   every other use of it there is a subscript by a constant string, read or written (no `del`, no entry's own
 *   method or attribute: `m["a"].append(q)`), or, for a `ConfigParser`, `.add_section`, `.set` and `.get` with
 *   constant section and option: the holder is never passed, returned, aliased or otherwise mutated;
 * - every datum the holder carries is one of its entries' (a write the entries missed shows as data no entry
 *   carries), and the key is among the entries (a dict's missing key raises; a parser's falls back to its
 *   defaults);
 * - a `ConfigParser`'s entry is a constant with no `%` (its interpolation may splice another option in).
 * Anything else reads the holder's whole data, as before.
 */

/** The entries a holder was seen given, by exact key (`section\0option` for a `ConfigParser`). */
export type KeyedEntries = ReadonlyMap<string, Value>;

/** `{}` or a dict literal of constant string keys: its entries; undefined for any other literal. */
export function dictEntries(it: Interpreter, node: SyntaxNode, values: readonly Value[]): Value | undefined {
  if (it.language !== 'python' || node.type !== 'dictionary') return undefined;
  const keyed = new Map<string, Value>();
  for (const [index, child] of node.namedChildren.entries()) {
    if (child.type === 'comment') continue;
    const key = child.type === 'pair' ? constantKey(it, child.childForFieldName('key')) : undefined;
    if (key === undefined) return undefined;
    keyed.set(key, values[index] ?? {});
  }
  return { keyed, keyedBy: 'dict' };
}

const CONFIG_PARSERS = /^configparser\.(?:ConfigParser|RawConfigParser)$/;

/** `configparser.ConfigParser()` with no arguments: an empty parser whose options are followed. */
export function configParserMade(paths: readonly string[], site: CallSite): Value | undefined {
  if (!paths.some((path) => CONFIG_PARSERS.test(path))) return undefined;
  if (site.args.length > 0 || site.keywords.size > 0 || site.hasSpread) return undefined;
  return { keyed: new Map(), keyedBy: 'config' };
}

/** `m["a"]` of a followed dict: the entry's value, when it can be trusted (see above). */
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
  if (object.keyedBy !== 'dict' || !object.keyed || objectNode?.type !== 'identifier') return undefined;
  if (!key.known || typeof key.constant !== 'string') return undefined;
  return trusted({ it, name: objectNode.text, holder: object, key: key.constant });
}

/** `m["a"] = v` on a followed dict: its entries with this one set; a write by any other key forgets them. */
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
  if (holder.keyedBy !== 'dict' || !holder.keyed) return {};
  if (!direct || !key?.known || typeof key.constant !== 'string')
    return { keyed: undefined, keyedBy: undefined };
  const keyed = new Map(holder.keyed);
  keyed.set(key.constant, value);
  return { keyed, keyedBy: 'dict' };
}

/**
 * `conf.set("s", "a", v)` and `conf.get("s", "a")` on a followed `ConfigParser` named by `name`: `set` gives the
 * parser's new value (its entries with this one), `get` the option's value when it can be trusted.
 */
export function configCall({
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
  if (holder?.keyedBy !== 'config' || !holder.keyed) return undefined;
  const key = optionKey(site, method === 'set' ? 3 : 2);
  if (method === 'set') {
    if (key === undefined) return { holder: { ...holder, keyed: undefined, keyedBy: undefined } };
    const keyed = new Map(holder.keyed);
    keyed.set(key, site.args[2] ?? {});
    return { holder: { ...holder, keyed } };
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
  if (!fn || !onlyKeyedUses(it, { fn: fn.node, name, config: holder.keyedBy === 'config' })) return undefined;
  return entry;
}

/** Whether every origin of `whole` is one of `parts`'s. */
function carried(whole: Taint | undefined, parts: Taint | undefined): boolean {
  if (!whole) return true;
  return whole.origins.every((origin) => parts?.origins.some((part) => sameOrigin(part, origin)));
}

function constantKey(it: Interpreter, node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type !== 'string' || node.namedChildren.some((child) => child.type === 'interpolation'))
    return undefined;
  const value = it.expr(node);
  return value.known && typeof value.constant === 'string' ? value.constant : undefined;
}

/** `("s", "a", …)` of constants: `section\0option`, the option lower-cased as ConfigParser's `optionxform` does. */
function optionKey(site: CallSite, count: number): string | undefined {
  const [section, option] = site.args;
  if (site.args.length !== count || site.keywords.size > 0 || site.hasSpread) return undefined;
  if (!section?.known || typeof section.constant !== 'string') return undefined;
  if (!option?.known || typeof option.constant !== 'string') return undefined;
  return `${section.constant}\0${option.constant.toLowerCase()}`;
}

const CONFIG_METHODS = new Set(['add_section', 'set', 'get']);
const usesChecked = new WeakMap<SyntaxNode, Map<string, boolean>>();

/** The syntactic half of the trust: every use of `name` in the function is one this module follows. */
function onlyKeyedUses(
  it: Interpreter,
  { fn, name, config }: { fn: SyntaxNode; name: string; config: boolean },
) {
  const known = usesChecked.get(fn) ?? new Map<string, boolean>();
  usesChecked.set(fn, known);
  const key = `${config ? 'c' : 'd'}:${name}`;
  let answer = known.get(key);
  if (answer === undefined) {
    answer = usesFollowed(it, { fn, name, config });
    known.set(key, answer);
  }
  return answer;
}

function usesFollowed(
  it: Interpreter,
  { fn, name, config }: { fn: SyntaxNode; name: string; config: boolean },
) {
  let bound = false;
  const stack = [...fn.namedChildren];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      if (node.namedChildren.some((child) => child.text === name)) return false;
      continue;
    }
    if (node.type === 'identifier' && node.text === name) {
      const use = useOf(it, { node, fn, config });
      if (use === 'other') return false;
      if (use === 'bound') bound = true;
      continue;
    }
    stack.push(...node.namedChildren);
  }
  return bound;
}

/** What an occurrence of the name does: binds it, a followed use, no reference at all, or anything else. */
function useOf(
  it: Interpreter,
  { node, fn, config }: { node: SyntaxNode; fn: SyntaxNode; config: boolean },
): 'bound' | 'followed' | 'none' | 'other' {
  const parent = node.parent;
  if (!parent) return 'other';
  // `x.m`, `f(m=1)`: an attribute's or a keyword's name, no reference
  if (parent.type === 'attribute' && parent.childForFieldName('attribute') === node) return 'none';
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name') === node) return 'none';
  for (let up: SyntaxNode | null = parent; up && up !== fn; up = up.parent)
    if (up.type === 'function_definition' || isFunctionNode(up) || up.type === 'class_definition')
      return 'other';
  if (parent.type === 'assignment' && parent.childForFieldName('left') === node) return 'bound';
  if (parent.type === 'subscript' && parent.childForFieldName('value') === node) {
    const index = parent.childForFieldName('subscript');
    if (config || constantKey(it, index) === undefined) return 'other';
    const holder = parent.parent;
    if (holder?.type === 'attribute' || holder?.type === 'subscript' || holder?.type === 'call')
      return 'other';
    for (let up = holder; up && up !== fn; up = up.parent) if (up.type === 'delete_statement') return 'other';
    return 'followed';
  }
  if (config && parent.type === 'attribute' && parent.childForFieldName('object') === node) {
    const method = parent.childForFieldName('attribute')?.text ?? '';
    return CONFIG_METHODS.has(method) && parent.parent?.type === 'call' ? 'followed' : 'other';
  }
  return 'other';
}
