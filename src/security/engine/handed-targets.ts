import { ownFunction } from './call-targets.js';
import { MAX_CLOSURE_RUNS } from './calls.js';
import { ranInPlace, readsCallerData } from './closure-inputs.js';
import type { CallSite } from './conditions.js';
import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { applySummary, closure, emptySummary } from './summaries.js';
import { CLEAN, mergeAll, type Value } from './taint.js';

/**
 * A Python function of the file handed to something that calls it later with arguments given beside it
 * (issue 59, w155): `threading.Thread(target=run, args=(q,))`, `multiprocessing.Process(…)`, `threading.Timer(t,
 * run, args=…)`, an executor's `submit(run, q)`, a pool's or the built-in `map(run, items)` (each item in turn),
 * `apply_async(run, (q,))`, `loop.run_in_executor(None, run, q)`, `asyncio.to_thread(run, q)`. The function runs
 * as a call of it there: a nested one in place (its caller's variables in sight, as a called closure), one of the
 * module or a method (`target=r.run`, `target=self.run`) through its summary. When it runs is not followed (a
 * thread may run after the caller went on): the caller's state at the hand-over is what it sees.
 */
export function runHandedTargets({
  it,
  node,
  method,
  paths,
  site,
}: {
  it: Interpreter;
  node: SyntaxNode;
  method: string | undefined;
  paths: readonly string[];
  site: CallSite;
}): void {
  if (it.language !== 'python' || !mayHand(method, paths[0])) return;
  const handed = handedCall(node, method, paths);
  if (!handed) return;
  const target = handed.target;
  const closureFn = target.type === 'identifier' ? closure(it, target.text) : undefined;
  const fn = closureFn && !it.isRunning(closureFn.node) ? closureFn : targetFunction(it, target);
  if (!fn) return;
  const keywords = handed.keywords(site);
  // a summary reads its parameters by position: `kwargs={"c": q}` is the parameter named `c`
  const given = handed.args(site);
  const args = fn.params.map(
    (param, index) =>
      given[index] ?? param.names.map((name) => keywords.get(name.toLowerCase())).find(Boolean) ?? CLEAN,
  );
  args.push(...given.slice(fn.params.length));
  if (fn === closureFn) runClosure({ it, fn, site: { ...site, args, keywords } });
  else
    applySummary({
      it,
      fn,
      summary: it.summaries.get(fn) ?? emptySummary(),
      site: { ...site, args, keywords },
      node,
    });
}

/** whether the call is one of the forms `handedCall` reads, by its name alone (asked of every call: cheap first) */
function mayHand(method: string | undefined, name: string | undefined): boolean {
  return (
    (method !== undefined && HANDING_METHODS.has(method)) ||
    (name !== undefined && (THREADS.has(name) || HANDING_NAMES.has(name)))
  );
}
const HANDING_METHODS: ReadonlySet<string> = new Set([
  'submit',
  'run_in_executor',
  'apply_async',
  'apply',
  'map',
  'imap',
  'imap_unordered',
  'map_async',
]);
const HANDING_NAMES: ReadonlySet<string> = new Set(['threading.Timer', 'Timer', 'asyncio.to_thread', 'map']);

interface Handed {
  target: SyntaxNode;
  args(site: CallSite): Value[];
  keywords(site: CallSite): Map<string, Value>;
}

/** the forms above, read from the call's own syntax: which argument is the function, which its arguments */
function handedCall(
  node: SyntaxNode,
  method: string | undefined,
  paths: readonly string[],
): Handed | undefined {
  const argumentsNode = node.childForFieldName('arguments');
  if (!argumentsNode || argumentsNode.type !== 'argument_list') return undefined;
  const positional: SyntaxNode[] = [];
  const keyword = new Map<string, SyntaxNode>();
  for (const argument of argumentsNode.namedChildren) {
    if (argument.type === 'comment') continue;
    // `submit(run, *args)`: which argument goes where is not seen (as before: not followed)
    if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') return undefined;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name && value) keyword.set(name, value);
    } else positional.push(argument);
  }
  const none = () => new Map<string, Value>();
  const name = paths[0] ?? '';
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (THREADS.has(name)) {
    const target = keyword.get('target') ?? positional[1];
    // Thread(group, target, name, args, kwargs): `args` is the fourth
    const argsIndex = positional.length > 3 ? 3 : -1;
    return target
      ? {
          target,
          args: (site) => listed(keyword.has('args') ? site.keywords.get('args') : site.args[argsIndex]),
          keywords: (site) => new Map(site.keywords.get('kwargs')?.properties ?? []),
        }
      : undefined;
  }
  if (name === 'threading.Timer' || name === 'Timer') {
    const target = keyword.get('function') ?? positional[1];
    return target
      ? {
          target,
          args: (site) => listed(keyword.has('args') ? site.keywords.get('args') : site.args[2]),
          keywords: (site) => new Map(site.keywords.get('kwargs')?.properties ?? []),
        }
      : undefined;
  }
  const first = positional[0];
  if ((method === 'submit' || name === 'asyncio.to_thread') && first)
    return { target: first, args: (site) => site.args.slice(1), keywords: (site) => site.keywords };
  if (method === 'run_in_executor' && positional[1])
    return { target: positional[1], args: (site) => site.args.slice(2), keywords: none };
  if ((method === 'apply_async' || (method === 'apply' && positional.length <= 3)) && first)
    return {
      target: first,
      args: (site) => listed(keyword.has('args') ? site.keywords.get('args') : site.args[1]),
      keywords: (site) => new Map(site.keywords.get('kwds')?.properties ?? []),
    };
  // `pool.map(run, items)`, `executor.map(run, a, b)`, the built-in `map(run, items)`: each item in turn
  if ((MAPS.has(method ?? '') || (name === 'map' && last === 'map')) && first && positional.length > 1)
    return { target: first, args: (site) => site.args.slice(1).map(item), keywords: none };
  return undefined;
}

const THREADS: ReadonlySet<string> = new Set([
  'threading.Thread',
  'multiprocessing.Process',
  'Thread',
  'Process',
]);
const MAPS: ReadonlySet<string> = new Set(['map', 'imap', 'imap_unordered', 'map_async']);

/** a tuple's or list's elements as arguments; a value not known element by element is one argument */
function listed(value: Value | undefined): Value[] {
  return value ? (value.elements ?? [value]) : [];
}

/** what one item of an iterable holds: any of its elements */
function item(value: Value): Value {
  return value.elements ? { taint: mergeAll(value.elements) } : { taint: value.taint };
}

/** the file's function a handed target names: `run`, `self.run`, `r.run` with `r = Runner()` */
function targetFunction(it: Interpreter, target: SyntaxNode): FunctionDef | undefined {
  if (target.type === 'identifier')
    return ownFunction({ it, calleeNode: target, method: undefined, receiver: undefined });
  if (target.type !== 'attribute') return undefined;
  const objectNode = target.childForFieldName('object');
  const method = target.childForFieldName('attribute')?.text;
  if (!objectNode || objectNode.type !== 'identifier' || !method) return undefined;
  return ownFunction({ it, calleeNode: target, method, receiver: it.expr(objectNode) });
}

/**
 * A nested function handed over runs in place, as a called closure does, when it is given data or reads its
 * caller's; with neither (`Thread(target=work, args=(1,))`) nothing runs and nothing is spent (review r36). Its
 * runs have a budget of their own (`pathRuns`, and `pathRunsInFile` for the file): past it, its summary applies,
 * as before w155 when a handed function was not followed at all, and the closure runs' budget is never spent.
 */
function runClosure({ it, fn, site }: { it: Interpreter; fn: FunctionDef; site: CallSite }): void {
  if (!givenData(site) && !readsCallerData(it, fn)) return;
  if (it.pathRuns >= MAX_CLOSURE_RUNS || it.pathRunsInFile >= MAX_PATH_RUNS_IN_FILE) {
    const summary = it.summaries.get(fn);
    if (summary && site.node) applySummary({ it, fn, summary, site, node: site.node });
    return;
  }
  it.pathRuns++;
  it.pathRunsInFile++;
  const run = ranInPlace(it, fn, site);
  const result = it.inlineFunction(fn.node, undefined, {
    params: fn.params.map((param, index) => ({
      names: param.names,
      value:
        site.args[index] ??
        param.names.map((name) => site.keywords.get(name.toLowerCase())).find(Boolean) ??
        CLEAN,
    })),
  });
  run.finish(result);
}

/** whether any argument of the call holds data (a source's or a parameter's) */
export function givenData(site: CallSite): boolean {
  return site.args.some((arg) => arg.taint) || [...site.keywords.values()].some((arg) => arg.taint);
}

/**
 * the handed targets and inherited methods run in place in one file, all runs together: past it, their summaries
 * apply (review r36: a doubling chain of inherited calls in 3,000 routes cost ten times main's time)
 */
export const MAX_PATH_RUNS_IN_FILE = 2000;
