import { outerWrites } from './closure-writes.js';
import type { CallSite } from './conditions.js';
import type { Interpreter, Summary } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { isNested } from './syntax-nodes.js';
import { clearTaint, mergeTaint, type Taint, type Value } from './taint.js';

/**
 * What a Python file's functions leave in module state for its other functions (w135): a server runs every
 * route in one process, so `def init(): global CMD; CMD = os.environ["X"]` or `def remember(v): TABLE["a"] = v`
 * called from one route is read by another. A function (not nested in another: a module-level `def` or a
 * method of a module-level class; closures run in place write through it) that declares a name `global` and
 * assigns it, or changes in place a name the module assigns (`TABLE["a"] = v`, `TABLE.append(v)`) and binds
 * nowhere itself, writes the module's name. Data from real sources so written is kept in the field store under
 * the name (`FieldStore.storeModule`: per function's latest run, its readers run again when it changes); a
 * parameter so written goes into the function's summary (`Summary.moduleWrites`), and a call applies it with
 * its arguments. Reading the name anywhere the running function does not bind it gives what the module bound
 * joined with everything written: by entry for a dict bound and written under constant keys only, read whole
 * otherwise.
 */

/** functions writing one module name, at most, for the name to be followed */
export const MAX_WRITERS = 64;

/**
 * The names module state is kept for, read once per file: those a `global` statement names and those the
 * module assigns at its top level (a plain identifier target), when some function may write them.
 */
export function moduleStateNames(it: Interpreter, root: SyntaxNode): ReadonlySet<string> {
  const names = new Set<string>();
  if (it.language !== 'python') return names;
  const candidates = new Set<string>();
  for (const match of root.text.matchAll(/^[ \t]*global[ \t]+([\w \t,]+)/gm))
    for (const name of match[1]!.split(',')) if (name.trim()) candidates.add(name.trim());
  for (const statement of root.namedChildren) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left?.type === 'identifier') candidates.add(left.text);
  }
  if (candidates.size === 0) return names;
  const writers = new Map<string, number>();
  for (const fn of it.allFunctions) {
    if (isNested(fn.node)) continue;
    for (const name of outerWrites(fn.node, true))
      if (candidates.has(name)) writers.set(name, (writers.get(name) ?? 0) + 1);
  }
  // Each writer's first run changes the name and sends every reader round again, and the store's union is
  // rebuilt per change: a generated file of 3,000 `global CMD` writers and 3,000 readers took three times the
  // CPU and ran past a 60 s deadline. Past MAX_WRITERS a name is not followed, as before w135 (a gap, not a
  // file made unverified).
  for (const [name, count] of writers) if (count <= MAX_WRITERS) names.add(name);
  return names;
}

/** Whether the running function writes the module's `name` when it assigns or changes it. */
export function writesModule(it: Interpreter, name: string): boolean {
  const fn = it.frame.fn;
  if (!fn || !it.moduleState.has(name) || isNested(fn.node)) return false;
  return outerWrites(fn.node, true).has(name);
}

/**
 * `name` written with `taint` by the running function (or by a helper it called, `applyModuleWrites`): real
 * sources are kept in the store, the function's own parameters in its summary.
 */
export function keepModuleWrite(it: Interpreter, name: string, taint: Taint | undefined): void {
  keepWrite(it, moduleKey(name), taint);
}

/** `TABLE["a"] = v` (review r32, a01): the entry, read by its own key as written (`TABLE["b"]` not). */
export function keepEntryWrite(
  it: Interpreter,
  { name, entry, taint }: { name: string; entry: string; taint: Taint | undefined },
): void {
  const entries = ENTRIES.get(it) ?? new Map<string, Set<string>>();
  ENTRIES.set(it, entries);
  const known = entries.get(name);
  if (known) known.add(entry);
  else entries.set(name, new Set([entry]));
  keepWrite(it, entryKey(name, entry), taint);
}

/** the constant keys module dicts were written under, by the dict's name, per file's interpreter */
const ENTRIES = new WeakMap<Interpreter, Map<string, Set<string>>>();

/** a module dict's entry's key in the field store */
function entryKey(name: string, entry: string): string {
  return `${moduleKey(name)}[${JSON.stringify(entry)}]`;
}

/**
 * Data written under a field store's key (`moduleKey`, or a class's field `start#name`): real sources kept in
 * the store, the running function's parameters in its summary, for its callers to write theirs.
 */
export function keepWrite(it: Interpreter, name: string, taint: Taint | undefined): void {
  if (!taint) return;
  it.fields.storeKey(name, taint);
  if (!it.frame.fn) return;
  for (const origin of taint.origins) {
    if (origin.param === undefined) continue;
    const summary = it.frame.summary;
    summary.moduleWrites ??= new Map();
    let flows = summary.moduleWrites.get(origin.param);
    if (!flows) {
      flows = new Map();
      summary.moduleWrites.set(origin.param, flows);
    }
    const known = flows.get(name);
    flows.set(
      name,
      known
        ? {
            cleared: new Set([...known.cleared].filter((id) => taint.cleared.has(id))),
            normalized: known.normalized && taint.normalized,
          }
        : { cleared: taint.cleared, normalized: taint.normalized },
    );
  }
}

/** A call of a function whose parameters it writes to module state or fields: the arguments are written there. */
export function applyModuleWrites(it: Interpreter, summary: Summary, site: CallSite): void {
  for (const [index, flows] of summary.moduleWrites ?? []) {
    const incoming = site.args[index]?.taint;
    if (!incoming) continue;
    for (const [name, flow] of flows) {
      const cleaned = clearTaint(incoming, [...flow.cleared]);
      keepWrite(it, name, cleaned && flow.normalized ? { ...cleaned, normalized: true } : cleaned);
    }
  }
}

/** What reading the module's `name` gives: what the module bound, with what any function wrote there. */
export function readModuleState(it: Interpreter, name: string, value: Value | undefined): Value | undefined {
  const whole = it.fields.readKey(moduleKey(name));
  const entries = new Map<string, Taint>();
  for (const entry of ENTRIES.get(it)?.get(name) ?? []) {
    const taint = it.fields.readKey(entryKey(name, entry));
    if (taint) entries.set(entry, taint);
  }
  let written = whole;
  for (const taint of entries.values()) written = mergeTaint(written, taint);
  if (!written) return value;
  // A dict the module bound by constant keys, written only under constant keys: each entry its own, and the
  // dict read whole (or by a key not known) has everything.
  if (!whole && value?.keyed && value.keyedBy === 'dict') {
    const keyed = new Map(value.keyed);
    for (const [entry, taint] of entries) {
      const before = keyed.get(entry);
      keyed.set(entry, {
        taint: mergeTaint(before?.taint, taint),
        path: before?.path,
        rawPath: before?.rawPath,
      });
    }
    return { ...value, taint: mergeTaint(value.taint, written), keyed };
  }
  return {
    ...value,
    taint: mergeTaint(value?.taint, written),
    known: undefined,
    constant: undefined,
    properties: undefined,
    elements: undefined,
    keyed: undefined,
    constantTable: undefined,
  };
}

/** a module name's key in the field store: `=` starts no class's position or name */
export function moduleKey(name: string): string {
  return `=module#${name}`;
}
