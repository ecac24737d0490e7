import { joinValues, type Value } from './taint.js';

/**
 * The names a frame binds, as a map that forks in O(1) (issue 59). Every branch and loop pass used to copy the
 * whole map (`new Map(scope)`), and garbage collection was 11–15 % of a scan of Django. A fork shares what
 * both sides held until then: the forked scope's own writes are frozen into a layer that the fork and the
 * original both read through, and each writes on a fresh layer of its own. Two forks of one scope differ only
 * in the keys written above the layer they share, so a join walks those keys (`differingKeys`), not the map.
 *
 * Iteration gives each present key once with its value, in the order a `Map` copied at each fork would:
 * lower layers first, a key keeping the place it was first set at. One difference, read by no one (the joins
 * act key by key): a key deleted and set again above the layer that holds it keeps its old place.
 */
export class Scope implements ReadonlyMap<string, Value> {
  /** this scope's writes since its last fork (DELETED: a key a lower layer holds, deleted here) */
  private own = new Map<string, Value | typeof DELETED>();
  private below: Layer | undefined;

  constructor(entries?: Iterable<readonly [string, Value]>) {
    if (entries) for (const [key, value] of entries) this.own.set(key, value);
  }

  /** A scope holding what this one holds, each free to change without the other seeing it. */
  fork(): Scope {
    this.freeze();
    const fork = new Scope();
    fork.below = this.below;
    return fork;
  }

  /** Makes this scope hold what `other` holds (O(1)), keeping its identity: the module's scope stays the map functions read. */
  assign(other: Scope): void {
    if (other === this) return;
    other.freeze();
    this.below = other.below;
    this.own = new Map();
  }

  get(key: string): Value | undefined {
    const value = this.own.get(key) ?? this.lower(key);
    return value === DELETED ? undefined : value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: Value): this {
    this.own.set(key, value);
    return this;
  }

  delete(key: string): boolean {
    const present = this.has(key);
    // a key a lower layer holds is hidden here; one only this layer held is simply gone
    if (this.lower(key) !== undefined) this.own.set(key, DELETED);
    else this.own.delete(key);
    return present;
  }

  clear(): void {
    this.below = undefined;
    this.own = new Map();
  }

  get size(): number {
    return this.flat().size;
  }

  /** Live over this scope's own map when no layer lies below (as a `Map`'s), a snapshot otherwise. */
  entries(): MapIterator<[string, Value]> {
    // with no layer below, the own map holds no deletion marks: only a key a lower layer holds is marked
    return (this.below ? this.flat() : this.own).entries() as MapIterator<[string, Value]>;
  }

  keys(): MapIterator<string> {
    return (this.below ? this.flat() : this.own).keys();
  }

  values(): MapIterator<Value> {
    return (this.below ? this.flat() : this.own).values() as MapIterator<Value>;
  }

  [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries();
  }

  forEach(callback: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  /** The keys whose value may differ between `a` and `b`: those either wrote above the layer both read through. */
  static differingKeys(a: Scope, b: Scope): Iterable<string> {
    if (a === b) return [];
    let shared: Layer | undefined;
    for (let layer = b.below; layer && !shared; layer = layer.below)
      for (let mine = a.below; mine; mine = mine.below)
        if (mine === layer) {
          shared = layer;
          break;
        }
    const keys = new Set<string>();
    for (const scope of [a, b]) {
      if (!shared) {
        // nothing shared (one was cleared, or flattened past the depth bound): every key either holds
        for (const key of scope.keys()) keys.add(key);
        continue;
      }
      for (const key of scope.own.keys()) keys.add(key);
      for (let layer = scope.below; layer !== shared; layer = layer!.below)
        for (const key of layer!.entries.keys()) keys.add(key);
    }
    return keys;
  }

  /** Freezes this scope's own writes into a layer (past the depth bound, the whole chain into one). */
  private freeze(): void {
    if (this.own.size === 0) return;
    const depth = (this.below?.depth ?? 0) + 1;
    this.below =
      depth > MAX_DEPTH
        ? { entries: this.flat(), below: undefined, depth: 1 }
        : { entries: this.own, below: this.below, depth };
    this.own = new Map();
  }

  private lower(key: string): Value | typeof DELETED | undefined {
    for (let layer = this.below; layer; layer = layer.below) {
      const value = layer.entries.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Every present key in one map, in the order copying at each fork would have left them. */
  private flat(): Map<string, Value | typeof DELETED> {
    const layers: ReadonlyMap<string, Value | typeof DELETED>[] = [this.own];
    for (let layer = this.below; layer; layer = layer.below) layers.push(layer.entries);
    const flat = new Map<string, Value | typeof DELETED>();
    for (let index = layers.length - 1; index >= 0; index--)
      for (const [key, value] of layers[index]!) {
        if (value === DELETED) flat.delete(key);
        else flat.set(key, value);
      }
    return flat;
  }
}

/** Joins `other` into `scope` in place, two paths that both go on (`statements.ts` `joinBranch`, `match-statement.ts`). */
export function joinPaths(scope: Scope, other: Scope): void {
  const keys = Scope.differingKeys(scope, other);
  for (const name of keys) {
    const value = other.get(name);
    if (value === undefined) continue;
    const here = scope.get(name);
    if (here === undefined && MEMBER_KEY.test(name)) continue;
    scope.set(name, joinValues(here, value));
  }
  // Keys only the side that ran last holds (review r12 of w69): a member (`req.query.cmd`) one side cleared
  // or wrote, the other reads afresh, so it is dropped and read afresh past the join (a write's data is in
  // its root, `bindings.ts`); a variable bound there only keeps its value without a held check.
  for (const name of keys) {
    if (other.has(name)) continue;
    const value = scope.get(name);
    if (value === undefined) continue;
    if (MEMBER_KEY.test(name)) scope.delete(name);
    else if (value.held) scope.set(name, joinValues(value, undefined));
  }
}

/**
 * What `scope` holds joined with what `other` holds, for the keys `other` holds (a key only `scope` holds
 * keeps its value): the state where either may have run, without the member and held-check rules of a join
 * of two paths.
 */
export function joinKeysOf(scope: Scope, other: Scope): void {
  for (const name of Scope.differingKeys(scope, other)) {
    const value = other.get(name);
    if (value !== undefined) scope.set(name, joinValues(scope.get(name), value));
  }
}

/** A scope key that names a member (`req.query.cmd`, `self.url`), not a variable. */
const MEMBER_KEY = /[.[]/;

const DELETED = Symbol('deleted');

/** A fork's frozen writes, read by every scope forked at or above it; never written again. */
interface Layer {
  readonly entries: ReadonlyMap<string, Value | typeof DELETED>;
  readonly below: Layer | undefined;
  readonly depth: number;
}

/**
 * Layers a lookup may walk before a fork flattens them: a miss (a module's name, an import) walks them all.
 * A flattened chain is one copy per this many forks, instead of one per fork.
 */
const MAX_DEPTH = 8;
