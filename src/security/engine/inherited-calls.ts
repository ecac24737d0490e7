import { MAX_CLOSURE_RUNS } from './calls.js';
import type { CallSite } from './conditions.js';
import { givenData, MAX_PATH_RUNS_IN_FILE } from './handed-targets.js';
import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { callsBackOverride, classOf, runInline } from './summaries.js';
import { CLEAN, type Value } from './taint.js';

/**
 * A base's method called on an object of a class below it (issue 59, w155): `Child().run(q)`, `new
 * Child().run(q)`, `self.run(q)` in a method of `Child`, where only `Base` defines `run` and it calls `self.out(q)`
 * that `Child` overrides. Its summary was made with `self` a `Base` (`out` the base's), so when it may call back a
 * method a class below overrides (`callsBackOverride`, review r34's reading), it runs in place here instead, `self`
 * the object's class: its parameters the call's arguments, the module's names in sight and not the caller's.
 * Only for a call given data, within the run's closure limit (`MAX_CLOSURE_RUNS`), never into a method already
 * running (recursion); otherwise, as before, its summary. Undefined when the summary is what applies.
 */
export function inheritedRun({
  it,
  fn,
  calleeNode,
  receiver,
  site,
}: {
  it: Interpreter;
  fn: FunctionDef;
  calleeNode: SyntaxNode;
  receiver: Value | undefined;
  site: CallSite;
}): Value | undefined {
  if (!fn.owner || it.isRunning(fn.node)) return undefined;
  // with no data given, the override gets none through the call: the summary says what the call does (a base's
  // method called on `self` all over a framework's class tree need not run again in place)
  if (!givenData(site)) return undefined;
  const objectClass = receiverClass(it, calleeNode, receiver);
  const home = classOf(fn)?.startIndex;
  if (objectClass === undefined || home === undefined || objectClass === home) return undefined;
  if (!callsBackOverride(it, fn)) return undefined;
  // the same method for the same class with the same data in this run: what it returned then (its sinks were
  // reported then); a base's method calling the next twice no longer doubles the work at each level
  const key = memoKey(fn, objectClass, site);
  const known = key === undefined ? undefined : it.inheritedMemo.get(key);
  if (known) return known;
  // a budget of their own, never the closure runs' (review r36); past it, the summary, as before w155
  if (it.pathRuns >= MAX_CLOSURE_RUNS || it.pathRunsInFile >= MAX_PATH_RUNS_IN_FILE) return undefined;
  it.pathRuns++;
  it.pathRunsInFile++;
  const value = runInline({
    it,
    node: fn.node,
    incoming: undefined,
    params: fn.params.map((param, index) => ({
      names: param.names,
      value:
        site.args[index] ??
        param.names.map((name) => site.keywords.get(name.toLowerCase())).find(Boolean) ??
        CLEAN,
    })),
    method: fn,
    called: true,
    receiverClass: objectClass,
  });
  if (key !== undefined) it.inheritedMemo.set(key, value);
  return value;
}

/**
 * the method, the class and what each argument holds (its origins, what it was cleared for, whether built);
 * undefined when an argument holds more than its data and path (elements, properties, a callable…)
 */
function memoKey(fn: FunctionDef, objectClass: number, site: CallSite): string | undefined {
  const parts = [`${fn.node.startIndex}:${objectClass}`];
  for (const value of [...site.args, ...site.keywords.values()]) {
    for (const [name, held] of Object.entries(value))
      if (held !== undefined && !PLAIN.has(name)) return undefined;
    parts.push(taintKey(value));
  }
  for (const name of site.keywords.keys()) parts.push(name);
  return parts.join('|');
}

/** what a value made of data alone holds: anything more (elements, properties, a callable…) is not memoised */
const PLAIN: ReadonlySet<string> = new Set(['taint', 'path', 'rawPath']);

function taintKey(value: Value): string {
  const taint = value.taint;
  if (!taint) return `-${value.path ?? ''}`;
  const origins = taint.origins
    .map(
      (origin) =>
        `${origin.source ?? ''}@${origin.line ?? ''}p${origin.param ?? ''}f${origin.field ? `${origin.field.owner}.${origin.field.param}` : ''}${origin.headers ? 'h' : ''}`,
    )
    .join(',');
  return `${origins};${[...taint.cleared].join(',')};${taint.built ? 'b' : ''}${taint.normalized ? 'n' : ''};${value.path ?? ''}`;
}

/** where the class of the object a method is called on starts: `Child()`, `new Child()`, or the running `self` */
function receiverClass(
  it: Interpreter,
  calleeNode: SyntaxNode,
  receiver: Value | undefined,
): number | undefined {
  const objectNode = calleeNode.childForFieldName('object');
  if (!objectNode) return undefined;
  if (/^(?:self|this)$/.test(objectNode.text))
    return it.frame.receiverClass ?? (it.frame.fn ? classOf(it.frame.fn)?.startIndex : undefined);
  const made = receiver?.path?.match(INSTANCE)?.[1];
  return made && it.classes.has(made) ? it.classStarts.get(made) : undefined;
}

/** `Child()`, `new Child()`: an object made of a class */
const INSTANCE = /^(?:new )?([A-Za-z_$][\w$]*)\(\)$/;
