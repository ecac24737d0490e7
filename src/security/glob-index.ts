/**
 * Finds which of many globs (`*.execute`, `subprocess.*`, `request.args*`) can match a dotted path
 * without testing every one: globs are filed under their literal last segment, else their literal first
 * segment, and only that bucket's regular expressions run. Rule matching is the engine's hottest loop.
 */
export class GlobIndex<T, R = T[]> {
  private readonly byLast = new Map<string, { regex: RegExp; item: T }[]>();
  private readonly byFirst = new Map<string, { regex: RegExp; item: T }[]>();
  private readonly anywhere: { regex: RegExp; item: T }[] = [];
  /**
   * The same callee names recur constantly (`console.log`, `self.x`): answers are remembered, keyed by
   * the first path then the rest. Path strings are shared across a call's lookups, so their hashes are
   * computed once; a joined key would be a new string to hash on every lookup.
   */
  private readonly cache = new Map<string | undefined, Map<string, R>>();
  private readonly cache3 = new Map<string | undefined, Map<string, R>>();
  private cached = 0;

  /** `finish` turns the matching items into what `match` returns (and caches), e.g. grouped by kind. */
  constructor(private readonly finish: (items: T[]) => R = (items) => items as unknown as R) {}

  add(glob: string, regex: RegExp, item: T): void {
    const last = glob.slice(glob.lastIndexOf('.') + 1);
    const firstEnd = glob.search(/[.[(]/);
    const first = firstEnd < 0 ? glob : glob.slice(0, firstEnd);
    const entry = { regex, item };
    this.cache.clear();
    this.cache3.clear();
    if (!last.includes('*') && glob.includes('.')) push(this.byLast, last, entry);
    else if (!first.includes('*') && first.length > 0) push(this.byFirst, first, entry);
    else this.anywhere.push(entry);
  }

  /** Items whose glob matches any of the paths, each once, in insertion order per bucket (then `finish`ed). */
  match(paths: readonly (string | undefined)[]): R {
    // A path equal to one before it matches nothing more, so it is left out of the key: a callee's
    // resolved and written paths are the same text at 86% of Django's lookups, and each is a new string
    // whose first use as a key hashes it (issue 59: these lookups were 5% of a scan's CPU). Three
    // different paths (resolved, written, as written on the receiver; rare) key by the last two joined,
    // in a cache of their own, the second's length first so that no two pairs join alike.
    const first = paths[0];
    const second = paths.length > 1 && paths[1] !== first ? paths[1] : undefined;
    const third = paths.length > 2 && paths[2] !== paths[1] && paths[2] !== first ? paths[2] : undefined;
    const cache = second !== undefined && third !== undefined ? this.cache3 : this.cache;
    const rest = cache === this.cache3 ? `${second!.length}:${second}\n${third}` : (second ?? third ?? '');
    let byRest = cache.get(first);
    const cached = byRest?.get(rest);
    if (cached !== undefined) return cached;
    const found = this.finish(this.compute(paths));
    if (this.cached++ > 20_000) {
      this.cache.clear();
      this.cache3.clear();
      this.cached = 0;
      byRest = undefined;
    }
    if (!byRest) {
      byRest = new Map();
      cache.set(first, byRest);
    }
    byRest.set(rest, found);
    return found;
  }

  private compute(paths: readonly (string | undefined)[]): T[] {
    const found: T[] = [];
    for (const path of paths) {
      if (!path) continue;
      const last = path.slice(path.lastIndexOf('.') + 1);
      const firstEnd = path.search(/[.[(]/);
      const first = firstEnd < 0 ? path : path.slice(0, firstEnd);
      this.collect(this.byLast.get(last), path, found);
      this.collect(this.byFirst.get(first), path, found);
      this.collect(this.anywhere, path, found);
    }
    return found;
  }

  private collect(bucket: { regex: RegExp; item: T }[] | undefined, path: string, found: T[]): void {
    if (!bucket) return;
    for (const entry of bucket)
      if (!found.includes(entry.item) && entry.regex.test(path)) found.push(entry.item);
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
