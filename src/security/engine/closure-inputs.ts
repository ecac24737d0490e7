import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { closure } from './summaries.js';
import type { Taint, Value } from './taint.js';

/**
 * What a closure's call past MAX_CLOSURE_RUNS may lose (calls.ts): whether it reads data where it is called that
 * its summary was made without, and whether it already ran in place in this run with exactly that data (then its
 * summary loses nothing that run did not report or leave behind). r11's F7 (w77).
 */

/** The data a call gives: its arguments and keywords (a CallSite's; none for a JS declaration run in place). */
export interface Inputs {
  args: readonly Value[];
  keywords: ReadonlyMap<string, Value>;
}
export const NO_INPUTS: Inputs = { args: [], keywords: new Map() };

/**
 * Whether a nested function reads a name it does not bind itself (a parameter, an assignment, a declaration)
 * that holds data where it is called — itself, or through a nested function it calls (`run()` calling `get()`,
 * which returns the route's `q`): its summary, made without that data, may miss what it does with it.
 */
export function readsCallerData(it: Interpreter, fn: FunctionDef): boolean {
  for (const name of freeNamesThrough(it, fn)) if (holdsData(it.lookup(name))) return true;
  return false;
}

/** A value with data in it, or in one of its entries or elements. */
const holdsData = (value: Value | undefined): boolean =>
  value !== undefined &&
  (value.taint !== undefined ||
    [...(value.properties?.values() ?? [])].some((entry) => entry.taint !== undefined) ||
    (value.elements ?? []).some((element) => element.taint !== undefined));

/**
 * The free names of `fn` and of the nested functions its free names call, each function once. What it finds
 * follows from how each name it meets resolves here (a variable, a nested function, neither), so the last answer
 * for `fn` stands while every name it met resolves as it did then: a chain of nested JavaScript declarations,
 * each run in place where it is declared, walked every inner function's names at every level (quartic in the depth).
 */
function freeNamesThrough(it: Interpreter, fn: FunctionDef): string[] {
  let byFunction = FREE_THROUGH.get(it);
  if (!byFunction) {
    byFunction = new WeakMap();
    FREE_THROUGH.set(it, byFunction);
  }
  const known = byFunction.get(fn);
  if (known && resolvesAsBefore(it, known.resolved)) return known.names;
  const names = new Set<string>();
  const visited = new Set<FunctionDef>([fn]);
  const queue = [fn];
  // a name is asked once: nested functions share most of their free names
  const resolved = new Map<string, FunctionDef | undefined>();
  while (queue.length > 0) {
    for (const name of freeNames(queue.pop()!)) {
      let nested = resolved.get(name);
      if (nested === undefined && !resolved.has(name)) {
        nested = resolve(it, name);
        resolved.set(name, nested);
      }
      if (nested && !visited.has(nested)) {
        visited.add(nested);
        queue.push(nested);
      } else if (!nested) names.add(name);
    }
  }
  const found = { resolved, names: [...names] };
  byFunction.set(fn, found);
  return found.names;
}

function resolvesAsBefore(it: Interpreter, resolved: ReadonlyMap<string, FunctionDef | undefined>): boolean {
  for (const [name, nested] of resolved) if (resolve(it, name) !== nested) return false;
  return true;
}

/** The nested function a free name calls here: none when a variable holds it. */
const resolve = (it: Interpreter, name: string): FunctionDef | undefined =>
  it.lookup(name) ? undefined : closure(it, name);

const FREE_THROUGH = new WeakMap<
  Interpreter,
  WeakMap<FunctionDef, { resolved: ReadonlyMap<string, FunctionDef | undefined>; names: string[] }>
>();

/**
 * The data a closure's call runs with: its arguments' and what its free names (through nested functions) hold
 * where it is called, as text. Two calls with the same text give the same findings and the same effects.
 */
function closureInputs(it: Interpreter, fn: FunctionDef, site: Inputs): string {
  const free = [...freeNamesThrough(it, fn)].sort().map((name) => `${name}=${valueKey(it.lookup(name))}`);
  const keywords = [...site.keywords].map(([name, value]) => `${name}=${valueKey(value)}`).sort();
  return [...site.args.map(valueKey), ...keywords, '|', ...free].join(';');
}

const taintKey = (taint: Taint | undefined): string =>
  taint
    ? `${taint.origins
        .map(
          (o) =>
            `${o.source ?? ''}@${o.line ?? ''}#${o.param ?? ''}${o.headers ? 'h' : ''}${o.field ? `.${o.field.owner}.${o.field.param}` : ''}`,
        )
        .sort()
        .join(
          ',',
        )}[${[...taint.cleared].sort().join(',')}]${taint.normalized ? 'n' : ''}${taint.built ? 'b' : ''}${taint.password ? 'p' : ''}${taint.number ? '#' : ''}`
    : '';
const valueKey = (value: Value | undefined): string =>
  value
    ? `${taintKey(value.taint)}{${[...(value.properties ?? [])].map(([name, entry]) => `${name}:${taintKey(entry.taint)}`).join(',')}}[${(value.elements ?? []).map((element) => taintKey(element.taint)).join(',')}]`
    : '-';

/**
 * Remembers that `fn` runs in place with this call's data (a closure's call, a JS declaration run where it is);
 * `finish` records what that run returned, once it has (a declaration run where it is returns nothing to keep).
 */
export function ranInPlace(it: Interpreter, fn: FunctionDef, site: Inputs): { finish(result: Value): void } {
  const seen = it.closureInputs.get(fn.node) ?? new Map<string, Value | undefined>();
  it.closureInputs.set(fn.node, seen);
  const key = closureInputs(it, fn, site);
  if (!seen.has(key)) seen.set(key, undefined);
  return { finish: (result) => seen.set(key, result) };
}

/**
 * What a call of `fn` past the limit gives, when it loses nothing: `fn` already ran in place in this run with
 * exactly this call's data (a table-row helper called 210 times with constants beside the route's escaped
 * `user`) and writes nothing outside itself (`nonlocal out; out = q`, `obj.x = q`: what it leaves behind reaches
 * sinks the earlier run did not see). Its value is what that run returned — not its summary, made without the
 * caller's variables (review r16: `print(get())` then, past the limit, `os.system(get())` lost a critical
 * finding); a run whose value was not kept loses nothing only where the call's value is thrown away.
 * `undefined`: the call may lose data.
 */
export function replayed({
  it,
  fn,
  site,
  call,
}: {
  it: Interpreter;
  fn: FunctionDef;
  site: Inputs;
  call: SyntaxNode;
}): { value: Value | undefined } | undefined {
  if (mayWriteOutside(fn)) return undefined;
  const seen = it.closureInputs.get(fn.node);
  const key = closureInputs(it, fn, site);
  if (!seen?.has(key)) return undefined;
  const value = seen.get(key);
  if (value === undefined && call.parent?.type !== 'expression_statement') return undefined;
  return { value };
}

/** A `nonlocal`/`global`, a write to an attribute, item or member, or (JS) to a name it never declares. */
function mayWriteOutside(fn: FunctionDef): boolean {
  const known = WRITES_OUTSIDE.get(fn.node);
  if (known !== undefined) return known;
  const declared = new Set(fn.params.flatMap((param) => param.names));
  const assigned: string[] = [];
  let writes = false;
  const stack: SyntaxNode[] = [fn.node.childForFieldName('body') ?? fn.node];
  while (stack.length > 0 && !writes) {
    const node = stack.pop()!;
    if (node.type === 'nonlocal_statement' || node.type === 'global_statement') writes = true;
    else if (node.type === 'variable_declarator' || node.type === 'function_declaration') {
      const name = node.childForFieldName('name');
      if (name?.type === 'identifier') declared.add(name.text);
    } else if (
      node.type === 'assignment' ||
      node.type === 'augmented_assignment' ||
      node.type === 'assignment_expression' ||
      node.type === 'augmented_assignment_expression'
    ) {
      const left = node.childForFieldName('left');
      const javascript = node.type.endsWith('_expression');
      if (left && left.type !== 'identifier' && left.type !== 'pattern_list' && left.type !== 'tuple_pattern')
        writes = true;
      else if (left?.type === 'identifier' && javascript) assigned.push(left.text);
    }
    for (const child of node.namedChildren) stack.push(child);
  }
  if (!writes) writes = assigned.some((name) => !declared.has(name));
  WRITES_OUTSIDE.set(fn.node, writes);
  return writes;
}

const WRITES_OUTSIDE = new WeakMap<SyntaxNode, boolean>();

/** The names a function's body reads but does not bind, read from its tree once (not attribute or keyword names). */
function freeNames(fn: FunctionDef): ReadonlySet<string> {
  const known = FREE_NAMES.get(fn.node);
  if (known) return known;
  const used = new Set<string>();
  const bound = new Set(fn.params.flatMap((param) => param.names));
  const stack: SyntaxNode[] = [fn.node.childForFieldName('body') ?? fn.node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && !fieldName(node)) used.add(node.text);
    const target =
      node.type === 'assignment' ||
      node.type === 'augmented_assignment' ||
      node.type === 'assignment_expression'
        ? node.childForFieldName('left')
        : node.type === 'variable_declarator'
          ? node.childForFieldName('name')
          : node.type === 'for_statement' || node.type === 'for_in_statement'
            ? node.childForFieldName('left')
            : null;
    if (target?.type === 'identifier') bound.add(target.text);
    else if (target)
      for (const part of target.namedChildren) if (part.type === 'identifier') bound.add(part.text);
    for (const child of node.namedChildren) stack.push(child);
  }
  const free = new Set([...used].filter((name) => !bound.has(name)));
  FREE_NAMES.set(fn.node, free);
  return free;
}

/** `q` in `c.q` (Python's attribute) or in `f(q=1)` (a keyword's name): a field's name, not a variable. */
function fieldName(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (parent?.type === 'attribute')
    return parent.childForFieldName('attribute')?.startIndex === node.startIndex;
  if (parent?.type === 'keyword_argument')
    return parent.childForFieldName('name')?.startIndex === node.startIndex;
  return false;
}
const FREE_NAMES = new WeakMap<SyntaxNode, ReadonlySet<string>>();
