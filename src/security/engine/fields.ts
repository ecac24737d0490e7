import type { CompiledMatcher } from '../rules.js';
import { callablePart, joinCallables, sameCallables } from './callables.js';
import type { FunctionDef } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { classOf } from './summaries.js';
import { mergeTaint, type Origin, sameTaint, type Taint, type Value } from './taint.js';

/** A constructor's parameter kept in a field that reached a sink in another method of its class. */
export interface FieldSink {
  owner: string;
  param: number;
  matcher: CompiledMatcher;
  line: number;
  column: number;
  built: boolean;
}

/** `object.property` assigned in `fn` (a field when the object is the method's own). */
interface FieldAt {
  fn: FunctionDef | undefined;
  objectNode: SyntaxNode | null;
  property: string;
}

/** What one run of a function (or of the module: undefined) put in fields. */
interface Contribution {
  tainted: Map<string, Taint>;
  params: Map<string, { param: number; built: boolean }>;
  sinks: Map<string, FieldSink>;
  callables: Map<string, Value>;
}

function emptyContribution(): Contribution {
  return { tainted: new Map(), params: new Map(), sinks: new Map(), callables: new Map() };
}

/** A callable joined with what a field held (the first one kept first), or the callable alone. */
function joinedCallable(known: Value | undefined, value: Value): Value {
  return known ? (joinCallables(known, value) ?? known) : callablePart(value);
}

/**
 * What a class's methods keep in `self.x`/`this.x`, by `start#field` (where the class node starts), shared between the methods of one
 * file's classes: untrusted data stored by one method and read by another (`self.term =
 * request.GET["q"]` in `get`, `cursor.execute(… % self.term)` in `results`), and constructor parameters
 * kept in fields (`self.cmd = cmd` in `__init__`), whose sinks make the class's constructor injectable,
 * and callables reached through indirection kept in fields (`self.run = partial(subprocess.run,
 * shell=True)` in one method, `self.run(cmd)` in another).
 *
 * Kept per function, from its latest run only (`begin`, `end`): a run made before a helper was summarised
 * leaves nothing behind once the function runs again, so what the fields hold at the end does not depend
 * on the order the file's functions ran in (issue 59). `end` names the fields whose contents changed (data
 * or callables), and `readers` the functions whose latest run read one: they must run again.
 */
export class FieldStore {
  /** data from real sources only: a parameter's taint means nothing outside its own method */
  readonly tainted = new Map<string, Taint>();
  /** constructor parameters kept in fields */
  readonly params = new Map<string, { param: number; built: boolean }>();
  /** sinks such a field reaches in another method: caller-supplied data of the class's constructor */
  readonly sinks = new Map<string, FieldSink>();
  /** callables reached through indirection kept in fields (`self.run = partial(subprocess.run, shell=True)`) */
  readonly callables = new Map<string, Value>();
  /** each function's latest run's stores and sinks; the maps above are their union */
  private readonly contributions = new Map<FunctionDef | undefined, Contribution>();
  /** the fields each function's latest run read */
  private readonly reads = new Map<FunctionDef | undefined, Set<string>>();
  /** the functions whose latest run wrote data under each key */
  private readonly writers = new Map<string, Set<FunctionDef | undefined>>();
  /** the functions whose latest run read each key (`reads` turned round) */
  private readonly readBy = new Map<string, Set<FunctionDef | undefined>>();
  private running: { fn: FunctionDef | undefined; stored: Contribution; read: Set<string> } | undefined;

  /** A run of `fn` starts: its stores and sinks replace those of its previous run when it ends. */
  begin(fn: FunctionDef | undefined): void {
    this.running = { fn, stored: emptyContribution(), read: new Set() };
  }

  /** The run ends: the fields whose contents it changed (stores or sinks its previous run did not make). */
  end(): Set<string> {
    const run = this.running;
    this.running = undefined;
    if (!run) return new Set();
    for (const key of this.reads.get(run.fn) ?? [])
      if (!run.read.has(key)) this.readBy.get(key)?.delete(run.fn);
    for (const key of run.read) {
      const readers = this.readBy.get(key);
      if (readers) readers.add(run.fn);
      else this.readBy.set(key, new Set([run.fn]));
    }
    this.reads.set(run.fn, run.read);
    const previous = this.contributions.get(run.fn) ?? emptyContribution();
    this.contributions.set(run.fn, run.stored);
    const changed = new Set<string>();
    for (const key of new Set([...previous.tainted.keys(), ...run.stored.tainted.keys()]))
      if (!sameTaint(previous.tainted.get(key), run.stored.tainted.get(key))) changed.add(key);
    for (const key of new Set([...previous.params.keys(), ...run.stored.params.keys()])) {
      const before = previous.params.get(key);
      const after = run.stored.params.get(key);
      if (before?.param !== after?.param || before?.built !== after?.built) changed.add(key);
    }
    for (const key of new Set([...previous.callables.keys(), ...run.stored.callables.keys()])) {
      const before = previous.callables.get(key);
      const after = run.stored.callables.get(key);
      if (!sameCallables(before, after, sameTaint)) changed.add(key);
    }
    const sinksChanged =
      previous.sinks.size !== run.stored.sinks.size ||
      [...run.stored.sinks].some(([key, sink]) => previous.sinks.get(key)?.built !== sink.built);
    for (const key of previous.tainted.keys())
      if (!run.stored.tainted.has(key)) this.writers.get(key)?.delete(run.fn);
    for (const key of run.stored.tainted.keys()) {
      const writers = this.writers.get(key);
      if (writers) writers.add(run.fn);
      else this.writers.set(key, new Set([run.fn]));
    }
    // A callable stored again is a new value, joined into the union as another alternative: rebuilt.
    const paramsChanged = [...changed].some((key) => previous.params.has(key) || run.stored.params.has(key));
    if (paramsChanged || sinksChanged || run.stored.callables.size > 0) this.rebuild();
    // Data: only the keys that changed, from the functions that write them (review r32: a union of every
    // function's run rebuilt and sorted at each change was quadratic in a file of thousands of writers)
    else for (const key of changed) this.rebuildTainted(key);
    return changed;
  }

  /** The union of the latest runs' data under `key`, in the file's order. */
  private rebuildTainted(key: string): void {
    const writers = [...(this.writers.get(key) ?? [])].sort(
      (a, b) => (a ? a.node.startIndex + 1 : 0) - (b ? b.node.startIndex + 1 : 0),
    );
    let union: Taint | undefined;
    for (const fn of writers) union = mergeTaint(union, this.contributions.get(fn)?.tainted.get(key));
    if (union) this.tainted.set(key, union);
    else this.tainted.delete(key);
  }

  /** The functions whose latest run read one of these fields. */
  readers(keys: ReadonlySet<string>): (FunctionDef | undefined)[] {
    if (keys.size === 0) return [];
    const readers = new Set<FunctionDef | undefined>();
    for (const key of keys) for (const fn of this.readBy.get(key) ?? []) readers.add(fn);
    return [...readers];
  }

  /** The union of every function's latest run. */
  private rebuild(): void {
    this.tainted.clear();
    this.params.clear();
    this.sinks.clear();
    this.callables.clear();
    // In the file's order, not the order the functions ran in: the first origins merged are the ones kept.
    const inFileOrder = [...this.contributions].sort(
      ([a], [b]) => (a ? a.node.startIndex + 1 : 0) - (b ? b.node.startIndex + 1 : 0),
    );
    for (const [, contribution] of inFileOrder) {
      for (const [key, taint] of contribution.tainted)
        this.tainted.set(key, mergeTaint(this.tainted.get(key), taint)!);
      for (const [key, param] of contribution.params) if (!this.params.has(key)) this.params.set(key, param);
      for (const [key, sink] of contribution.sinks) {
        const known = this.sinks.get(key);
        if (known) this.sinks.set(key, { ...known, built: known.built || sink.built });
        else this.sinks.set(key, { ...sink });
      }
      for (const [key, value] of contribution.callables)
        this.callables.set(key, joinedCallable(this.callables.get(key), value));
    }
  }

  /** A callable reached through indirection assigned to `object.property` in `fn` (the method's own object). */
  storeCallable({ fn, objectNode, property, value }: FieldAt & { value: Value }): void {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return;
    const stored = this.running?.stored.callables;
    stored?.set(key, joinedCallable(stored.get(key), value));
    this.callables.set(key, joinedCallable(this.callables.get(key), value));
  }

  /** The callable `object.property` holds in `fn`'s class, when a method put one there. */
  callable(fn: FunctionDef | undefined, objectNode: SyntaxNode | null, property: string): Value | undefined {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return undefined;
    this.running?.read.add(key);
    return this.callables.get(key);
  }

  /** Data assigned to `object.property` in `fn` (kept when the object is the method's own). */
  store({ fn, objectNode, property, taint }: FieldAt & { taint: Taint }): void {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return;
    const stored = this.running?.stored;
    const param = taint.origins.find((origin) => origin.param !== undefined)?.param;
    if (param !== undefined && isConstructor(fn) && !stored?.params.has(key)) {
      const kept = { param, built: !!taint.built };
      stored?.params.set(key, kept);
      if (!this.params.has(key)) this.params.set(key, kept);
    }
    const origins = taint.origins.filter((origin) => origin.source !== undefined);
    if (origins.length === 0) return;
    const data = { ...taint, origins };
    stored?.tainted.set(key, mergeTaint(stored.tainted.get(key), data)!);
    this.tainted.set(key, mergeTaint(this.tainted.get(key), data)!);
  }

  /** What the methods of the class starting at `start` kept in `property` from real sources (an instance's field). */
  readOf(start: number, property: string): Taint | undefined {
    return this.readKey(`${start}#${property}`);
  }

  /** Real sources' data written under `key` (a module name or a class's field, module-state.ts). */
  storeKey(key: string, taint: Taint): void {
    const origins = taint.origins.filter((origin) => origin.source !== undefined);
    if (origins.length === 0) return;
    const data = { ...taint, origins };
    const stored = this.running?.stored;
    stored?.tainted.set(key, mergeTaint(stored.tainted.get(key), data)!);
    this.tainted.set(key, mergeTaint(this.tainted.get(key), data)!);
  }

  /** What the file's functions wrote under `key`; the running function reads it. */
  readKey(key: string): Taint | undefined {
    this.running?.read.add(key);
    return this.tainted.get(key);
  }

  /** The key of `object.property` in `fn` when the object is the method's own (`start#property`). */
  keyOf(fn: FunctionDef | undefined, objectNode: SyntaxNode | null, property: string): string | undefined {
    return fieldKey(fn, objectNode, property);
  }

  /** What reading `object.property` in `fn` gives, when the object is the method's own. */
  read(fn: FunctionDef | undefined, objectNode: SyntaxNode | null, property: string): Taint | undefined {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return undefined;
    this.running?.read.add(key);
    const stored = this.params.get(key);
    // The constructor's own reads see its local binding; other methods see the parameter it kept.
    const fromConstructor: Taint | undefined =
      stored && !isConstructor(fn)
        ? {
            origins: [{ field: { owner: fn!.owner!, param: stored.param } }],
            cleared: new Set(),
            normalized: false,
            built: stored.built,
          }
        : undefined;
    return mergeTaint(this.tainted.get(key), fromConstructor);
  }

  /** A field holding a constructor parameter reached a sink: recorded for the caller-supplied check. */
  sink({
    field,
    matcher,
    line,
    column,
    built,
  }: {
    field: NonNullable<Origin['field']>;
    matcher: CompiledMatcher;
    line: number;
    column: number;
    built: boolean;
  }): void {
    const key = `${field.owner}#${field.param}:${matcher.rule.id}:${line}:${column}`;
    const sink = { owner: field.owner, param: field.param, matcher, line, column, built };
    for (const sinks of [this.running?.stored.sinks, this.sinks]) {
      if (!sinks) continue;
      const known = sinks.get(key);
      if (known) known.built ||= built;
      else sinks.set(key, { ...sink });
    }
  }
}

/**
 * `start#field` when `objectNode` is the method's own object (`self`, `this`), else undefined: `start` where the
 * method's class node starts, so two classes of one name (in two branches, nested in two functions) keep two
 * sets of fields, as their methods are two sets (`Interpreter.methods`).
 */
function fieldKey(
  fn: FunctionDef | undefined,
  objectNode: SyntaxNode | null,
  property: string,
): string | undefined {
  if (!fn?.owner || !objectNode || !property) return undefined;
  if (objectNode.type !== 'this' && !(objectNode.type === 'identifier' && objectNode.text === 'self'))
    return undefined;
  let start = classStarts.get(fn);
  if (start === undefined) {
    start = classOf(fn)?.startIndex ?? -1;
    classStarts.set(fn, start);
  }
  return `${start < 0 ? fn.owner : start}#${property}`;
}

/** where each method's class node starts, found once */
const classStarts = new WeakMap<FunctionDef, number>();

export function isConstructor(fn: FunctionDef | undefined): boolean {
  return fn?.owner !== undefined && (fn.name === '__init__' || fn.name === 'constructor');
}
