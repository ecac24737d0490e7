import type { Taint, Value } from './taint.js';

type Merge = (a: Taint | undefined, b: Taint | undefined) => Taint | undefined;

/**
 * Callables reached through indirection (`functools.partial`, `getattr` with a constant name, a module
 * imported by a folded name: `Value.hidden`, `Value.bound`) where they go: through joined branches (`run`
 * is one partial or another: `Value.either`, each alternative called), out of a helper that returns one
 * (`Summary.returned`, its bound arguments' parameters replaced by the caller's arguments) and through a
 * field of the instance (`self.run = partial(…)` in one method, `self.run(cmd)` in another: `FieldStore`).
 * Bounded: at most MAX_ALTERNATIVES alternatives per value.
 */
const MAX_ALTERNATIVES = 8;

/** A callable reached through indirection: bound by `partial`, hidden behind a constant name, or one of several. */
export function isIndirect(value: Value): boolean {
  return !!(value.bound || value.hidden || value.either);
}

/** The callable part of a value, without its data. */
export function callablePart(value: Value): Value {
  return {
    path: value.path,
    rawPath: value.rawPath,
    ...(value.hidden ? { hidden: value.hidden } : {}),
    ...(value.bound ? { bound: value.bound } : {}),
    ...(value.either ? { either: value.either } : {}),
  };
}

/** The same callable, as written: its name and the text that hides or binds it. */
function sameCallable(a: Value, b: Value): boolean {
  return (
    a === b ||
    (a.path === b.path &&
      a.rawPath === b.rawPath &&
      a.hidden === b.hidden &&
      (a.bound === b.bound || !!a.hidden))
  );
}

/** The callables a value may be: its alternatives, or itself when it names one. */
function alternativesOf(value: Value): readonly Value[] {
  return value.either ?? (value.path ? [callablePart(value)] : []);
}

/**
 * Two values that meet where branches join, when either is a callable reached through indirection: the
 * first callable's name, binding and hiding, and every callable the value may be (`either`, when more
 * than one). Undefined when neither is such a callable (the ordinary join applies).
 */
export function joinCallables(a: Value, b: Value): Value | undefined {
  if (!isIndirect(a) && !isIndirect(b)) return undefined;
  const unique: Value[] = [];
  for (const alternative of [...alternativesOf(a), ...alternativesOf(b)])
    if (unique.length < MAX_ALTERNATIVES && !unique.some((known) => sameCallable(known, alternative)))
      unique.push(alternative);
  const [first] = unique;
  if (!first) return undefined;
  return { ...first, ...(unique.length > 1 ? { either: unique } : {}) };
}

type Same = (a: Taint | undefined, b: Taint | undefined) => boolean;

/**
 * Whether two runs of a function made the same callable, compared by what it holds, not by identity (each
 * run makes new values): the same names, hiding, bound arguments (constants, names, taint: `same`,
 * taint.ts's sameTaint, passed in so this module stays a leaf) and alternatives. A field or a helper's
 * return that holds the same callable as before has nothing new for the functions that read it.
 */
export function sameCallables(a: Value | undefined, b: Value | undefined, same: Same): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.path !== b.path || a.rawPath !== b.rawPath || a.hidden !== b.hidden) return false;
  if (a.known !== b.known || a.constant !== b.constant || !same(a.taint, b.taint)) return false;
  const left = a.either ?? [];
  const right = b.either ?? [];
  if (left.length !== right.length || left.some((value, index) => !sameCallables(value, right[index], same)))
    return false;
  if (!a.bound || !b.bound) return a.bound === b.bound;
  const { args, keywords, hasSpread } = a.bound;
  return (
    hasSpread === b.bound.hasSpread &&
    args.length === b.bound.args.length &&
    args.every((arg, index) => sameCallables(arg, b.bound!.args[index], same)) &&
    keywords.size === b.bound.keywords.size &&
    [...keywords].every(([name, arg]) => sameCallables(arg, b.bound!.keywords.get(name), same))
  );
}

/** A taint whose parameter origins are replaced by what the caller gave those parameters. */
function substituted(taint: Taint | undefined, args: readonly Value[], merge: Merge): Taint | undefined {
  if (!taint?.origins.some((origin) => origin.param !== undefined)) return taint;
  const kept = taint.origins.filter((origin) => origin.param === undefined);
  let out: Taint | undefined = kept.length > 0 ? { ...taint, origins: kept } : undefined;
  for (const origin of taint.origins)
    if (origin.param !== undefined) out = merge(out, args[origin.param]?.taint);
  return out;
}

/**
 * The callable a helper returns, seen from a call of the helper: what `partial` bound there from the
 * helper's parameters (`def make(c): return partial(os.system, c)`) is what the caller gave them
 * (`merge`: taint.ts's mergeTaint, passed in so this module stays a leaf that taint.ts can use).
 */
export function returnedCallable({
  returned,
  args,
  merge,
}: {
  returned: Value;
  args: readonly Value[];
  merge: Merge;
}): Value {
  const bind = (value: Value): Value => {
    if (!value.bound) return value;
    const bound = value.bound;
    const carry = (part: Value): Value => {
      const taint = substituted(part.taint, args, merge);
      return taint === part.taint ? part : { ...part, taint };
    };
    return {
      ...value,
      bound: {
        args: bound.args.map(carry),
        keywords: new Map([...bound.keywords].map(([name, part]) => [name, carry(part)])),
        hasSpread: bound.hasSpread,
      },
    };
  };
  const either = returned.either?.map(bind);
  return { ...bind(returned), ...(either ? { either } : {}) };
}
