import type { CompiledMatcher } from '../rules.js';
import { callablePart, joinCallables, sameCallables } from './callables.js';
import type { FunctionDef } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { mergeTaint, type Origin, type Taint, type Value } from './taint.js';

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

/**
 * What a class's methods keep in `self.x`/`this.x`, by `Class#field`, shared between the methods of one
 * file's classes: untrusted data stored by one method and read by another (`self.term =
 * request.GET["q"]` in `get`, `cursor.execute(… % self.term)` in `results`), and constructor parameters
 * kept in fields (`self.cmd = cmd` in `__init__`), whose sinks make the class's constructor injectable.
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
  /** set when `tainted`, `params` or `callables` gained something: methods of those classes must run again */
  changed = false;

  /** The classes whose fields hold untrusted data or a callable reached through indirection. */
  owners(): Set<string> {
    return new Set(
      [...this.tainted.keys(), ...this.callables.keys()].map((key) => key.slice(0, key.indexOf('#'))),
    );
  }

  /** A callable reached through indirection assigned to `object.property` in `fn` (the method's own object). */
  storeCallable({ fn, objectNode, property, value }: FieldAt & { value: Value }): void {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return;
    const known = this.callables.get(key);
    const next = known ? (joinCallables(known, value) ?? known) : callablePart(value);
    if (known && sameCallables(known, next)) return;
    this.callables.set(key, next);
    this.changed = true;
  }

  /** The callable `object.property` holds in `fn`'s class, when a method put one there. */
  callable(fn: FunctionDef | undefined, objectNode: SyntaxNode | null, property: string): Value | undefined {
    const key = fieldKey(fn, objectNode, property);
    return key ? this.callables.get(key) : undefined;
  }

  /** Data assigned to `object.property` in `fn` (kept when the object is the method's own). */
  store({ fn, objectNode, property, taint }: FieldAt & { taint: Taint }): void {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return;
    const param = taint.origins.find((origin) => origin.param !== undefined)?.param;
    if (param !== undefined && isConstructor(fn) && !this.params.has(key)) {
      this.params.set(key, { param, built: !!taint.built });
      this.changed = true;
    }
    const origins = taint.origins.filter((origin) => origin.source !== undefined);
    if (origins.length === 0) return;
    const known = this.tainted.get(key);
    const merged = mergeTaint(known, { ...taint, origins })!;
    const same =
      known !== undefined &&
      merged.origins.length === known.origins.length &&
      merged.cleared.size === known.cleared.size &&
      merged.normalized === known.normalized &&
      merged.built === known.built;
    if (same) return;
    this.tainted.set(key, merged);
    this.changed = true;
  }

  /** What reading `object.property` in `fn` gives, when the object is the method's own. */
  read(fn: FunctionDef | undefined, objectNode: SyntaxNode | null, property: string): Taint | undefined {
    const key = fieldKey(fn, objectNode, property);
    if (!key) return undefined;
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
    const known = this.sinks.get(key);
    if (known) known.built ||= built;
    else this.sinks.set(key, { owner: field.owner, param: field.param, matcher, line, column, built });
  }
}

/** `Class#field` when `objectNode` is the method's own object (`self`, `this`), else undefined. */
function fieldKey(
  fn: FunctionDef | undefined,
  objectNode: SyntaxNode | null,
  property: string,
): string | undefined {
  const owner = fn?.owner;
  if (!owner || !objectNode || !property) return undefined;
  if (objectNode.type !== 'this' && !(objectNode.type === 'identifier' && objectNode.text === 'self'))
    return undefined;
  return `${owner}#${property}`;
}

export function isConstructor(fn: FunctionDef | undefined): boolean {
  return fn?.owner !== undefined && (fn.name === '__init__' || fn.name === 'constructor');
}
