import { MAX_CLOSURE_RUNS } from './calls.js';
import type { CallSite } from './conditions.js';
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
  if (!fn.owner || it.closureRuns >= MAX_CLOSURE_RUNS || it.isRunning(fn.node)) return undefined;
  // with no data given, the override gets none through the call: the summary says what the call does (a base's
  // method called on `self` all over a framework's class tree need not run again in place)
  if (!site.args.some((arg) => arg.taint) && ![...site.keywords.values()].some((arg) => arg.taint))
    return undefined;
  const objectClass = receiverClass(it, calleeNode, receiver);
  const home = classOf(fn)?.startIndex;
  if (objectClass === undefined || home === undefined || objectClass === home) return undefined;
  if (!callsBackOverride(it, fn)) return undefined;
  it.closureRuns++;
  return runInline({
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
