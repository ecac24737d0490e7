import { excludedSourcesAt } from '../rules.js';
import { callablePart, isIndirect, joinCallables, returnedCallable, sameCallables } from './callables.js';
import { joinOuterWrites, outerWrites } from './closure-writes.js';
import type { CallSite } from './conditions.js';
import { tick } from './deadline.js';
import type { Frame, FunctionDef, Interpreter, Scope, Summary } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { applyModuleWrites } from './module-state.js';
import { headersHeld, responseBody } from './response-headers.js';
import { addSummarySink, routeReturnSinks } from './sinks.js';
import { isStatementContainer, parameterNames } from './syntax-nodes.js';
import {
  CLEAN,
  clearTaint,
  liveOrigins,
  mergeAll,
  mergeTaint,
  sameTaint,
  type Taint,
  type Value,
} from './taint.js';
import { decodedBy, decodedFor, undoneFor, unescapedBy } from './unescapes.js';

/**
 * Functions of the file as the engine runs them: a named function is summarised once (which parameters
 * reach its return value and which reach which sink) and applied at each call; a function defined inside
 * the running one is a closure whose body runs in place with the caller's variables in sight; a function
 * literal passed as an argument (a callback) runs in place with the receiver's data in its parameters.
 */

export function emptySummary(): Summary {
  return { returnParams: new Map(), sinks: [] };
}

/**
 * The file's summaries. Every summary the engine asks for while a function runs is recorded (`asked`),
 * whether it exists yet or not: when it changes later, that function runs again (analyze.ts).
 */
export class SummaryTable extends Map<FunctionDef, Summary> {
  /** the functions whose summaries were asked for since this set was last replaced */
  asked = new Set<FunctionDef>();

  /**
   * The module-level functions of one name, by the last of them (the one a bare name resolves to): `def`s
   * in two branches of an `if` are both what the call may run, so a caller sees their summaries joined
   * (review F5).
   */
  readonly sameName = new Map<FunctionDef, readonly FunctionDef[]>();

  override get(fn: FunctionDef): Summary | undefined {
    const all = this.sameName.get(fn);
    if (!all) {
      this.asked.add(fn);
      return super.get(fn);
    }
    let joined: Summary | undefined;
    for (const each of all) {
      this.asked.add(each);
      const summary = super.get(each);
      if (summary) joined = joined ? joinSummaries(joined, summary) : summary;
    }
    return joined;
  }

  /** A summary, without recording that it was asked for. */
  peek(fn: FunctionDef): Summary | undefined {
    return super.get(fn);
  }
}

/**
 * A summary that tells a caller what either does: every return flow (sanitised only for what both
 * sanitised), every sink. For a function that calls itself back (recursion, direct or through others),
 * whose runs would otherwise go back and forth between two summaries.
 */
export function joinSummaries(before: Summary, after: Summary): Summary {
  const returnParams = joinFlows(before.returnParams, after.returnParams);
  const returnHeaders =
    before.returnHeaders || after.returnHeaders
      ? joinFlows(before.returnHeaders ?? new Map(), after.returnHeaders ?? new Map())
      : undefined;
  const sinks = before.sinks.map((sink) => ({ ...sink }));
  for (const sink of after.sinks) {
    const known = sinks.find(
      (other) => other.param === sink.param && other.matcher === sink.matcher && other.line === sink.line,
    );
    if (!known) sinks.push(sink);
    else {
      known.built ||= sink.built;
      if (sink.password) known.password = true;
      if (sink.undone) known.undone = true;
      if (sink.decoded) known.decoded = true;
    }
  }
  const returnTaint = mergeTaint(before.returnTaint, after.returnTaint);
  const returned =
    before.returned && after.returned
      ? (joinCallables(before.returned, after.returned) ?? before.returned)
      : (before.returned ?? after.returned);
  const moduleWrites = joinModuleWrites(before.moduleWrites, after.moduleWrites);
  return {
    returnParams,
    sinks,
    ...(moduleWrites ? { moduleWrites } : {}),
    ...(returnHeaders ? { returnHeaders } : {}),
    ...(returnTaint ? { returnTaint } : {}),
    ...(returned ? { returned } : {}),
  };
}

type Flows = Summary['returnParams'];

/** Every module name either writes from a parameter (module-state.ts), sanitised only for what both sanitised. */
function joinModuleWrites(
  before: Summary['moduleWrites'],
  after: Summary['moduleWrites'],
): Summary['moduleWrites'] {
  if (!before || !after) return before ?? after;
  const joined = new Map(before);
  for (const [param, flows] of after) {
    const known = joined.get(param);
    if (!known) joined.set(param, flows);
    else {
      const names = new Map(known);
      for (const [name, flow] of flows)
        names.set(name, joinFlows(new Map([[0, known.get(name) ?? flow]]), new Map([[0, flow]])).get(0)!);
      joined.set(param, names);
    }
  }
  return joined;
}

/** Whether two summaries write the same module names from the same parameters. */
function sameModuleWrites(a: Summary['moduleWrites'], b: Summary['moduleWrites']): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const [param, flows] of a ?? []) {
    const other = b?.get(param);
    if (!other || other.size !== flows.size) return false;
    for (const [name, flow] of flows) {
      const match = other.get(name);
      if (!match || !sameFlows(new Map([[0, flow]]), new Map([[0, match]]))) return false;
    }
  }
  return true;
}

/** Every parameter's flow either gives, sanitised only for what both sanitised. */
function joinFlows(before: Flows, after: Flows): Flows {
  const flows = new Map(before);
  for (const [index, flow] of after) {
    const known = flows.get(index);
    flows.set(
      index,
      known
        ? {
            cleared: new Set([...known.cleared].filter((id) => flow.cleared.has(id))),
            normalized: known.normalized && flow.normalized,
            ...(known.undone || flow.undone ? { undone: true } : {}),
            ...(known.decoded || flow.decoded ? { decoded: true } : {}),
          }
        : flow,
    );
  }
  return flows;
}

function sameFlows(a: Flows | undefined, b: Flows | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const [index, flow] of a ?? []) {
    const other = b?.get(index);
    if (
      !other ||
      other.normalized !== flow.normalized ||
      !!other.undone !== !!flow.undone ||
      !!other.decoded !== !!flow.decoded ||
      other.cleared.size !== flow.cleared.size
    )
      return false;
    for (const id of flow.cleared) if (!other.cleared.has(id)) return false;
  }
  return true;
}

/** Whether two summaries tell a caller the same: the same returns, the same sinks in the same order. */
export function sameSummary(a: Summary | undefined, b: Summary | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.sinks.length !== b.sinks.length) return false;
  if (!sameFlows(a.returnParams, b.returnParams) || !sameFlows(a.returnHeaders, b.returnHeaders))
    return false;
  if (!sameModuleWrites(a.moduleWrites, b.moduleWrites)) return false;
  return (
    sameTaint(a.returnTaint, b.returnTaint) &&
    sameCallables(a.returned, b.returned, sameTaint) &&
    a.sinks.every((sink, index) => {
      const other = b.sinks[index]!;
      return (
        sink.param === other.param &&
        sink.matcher === other.matcher &&
        sink.line === other.line &&
        sink.column === other.column &&
        sink.built === other.built &&
        !!sink.password === !!other.password &&
        !!sink.undone === !!other.undone &&
        !!sink.decoded === !!other.decoded
      );
    })
  );
}

/**
 * The function `name` defined inside one of the functions running now (a nested `def`, a `const f =
 * () => …` in a handler), unless it is running already (recursion).
 */
export function closure(it: Interpreter, name: string): FunctionDef | undefined {
  if (it.running.length === 0) return undefined;
  for (const fn of it.functionsNamed(name)) {
    if (it.isRunning(fn.node)) continue;
    if (it.running.some((body) => fn.node.startIndex > body.startIndex && fn.node.endIndex <= body.endIndex))
      return fn;
  }
  return undefined;
}

/** The function of this file a call reaches: `helper(x)`, `self.helper(x)`, `Repository(conn).totals(x)`. */
export function localFunction({
  it,
  calleeNode,
  method,
  receiver,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  method: string | undefined;
  receiver?: Value;
}): FunctionDef | undefined {
  if (calleeNode.type === 'identifier') {
    if (it.frame.scope.has(calleeNode.text) && !it.functions.has(calleeNode.text)) return undefined;
    return it.moduleFunctions.get(calleeNode.text) ?? it.functions.get(calleeNode.text);
  }
  const objectNode = calleeNode.childForFieldName('object');
  // `super.run()` (JavaScript), `super().run()` (Python): the method of the running class's bases, never its own
  if (method && objectNode && (it.language === 'python' ? PYTHON_SUPER : /^super$/).test(objectNode.text)) {
    const owner = it.frame.fn && classOf(it.frame.fn)?.startIndex;
    for (const base of owner === undefined ? [] : (it.bases.get(owner) ?? [])) {
      const found = methodOf(it, it.classStarts.get(base), method);
      // its `this.out(x)` runs the object's `out`, perhaps a class's below the base (review r34): unresolved then
      if (found) return callsBackOverride(it, found) ? undefined : found;
    }
    return undefined;
  }
  if (method && objectNode && /^(?:self|this|cls)$/.test(objectNode.text))
    return methodOf(it, it.frame.fn && classOf(it.frame.fn)?.startIndex, method) ?? it.functions.get(method);
  // `Repository(conn).totals(x)` or `repo.totals(x)` with `repo = Repository(conn)`: a class of this file.
  const instanceOf = receiver?.path?.match(/^(?:new )?([A-Za-z_$][\w$]*)\(\)$/)?.[1];
  if (method && instanceOf && it.classes.has(instanceOf))
    return methodOf(it, it.classStarts.get(instanceOf), method) ?? it.functions.get(method);
  return undefined;
}

/**
 * Whether a base's method reached through `super` may call back a method a class below its own overrides:
 * inside it `this`/`self` is the caller's object, so `this.out(x)` is the object's `out`, while the engine
 * resolves it from the class the method is written in (review r34). Read from the method's text and, through
 * the `this.m()`/`super.m()` it names, the texts of the methods of the file those reach; any name it reads
 * off `this`/`self`/`cls` that a class below defines a method of, or assigns as `this.name =`, counts, as does
 * a name computed (`this[k]`, `getattr(self, k)`). Once per method and file; past `OVERRIDE_WORK` classes and
 * methods visited in the file, every answer is yes (the call unresolved, as before w136), so a generated
 * hierarchy of thousands of classes costs no more than that.
 */
function callsBackOverride(it: Interpreter, fn: FunctionDef): boolean {
  const index = classIndexes.get(it) ?? classIndex(it);
  classIndexes.set(it, index);
  const known = index.answers.get(fn);
  if (known !== undefined) return known;
  const home = classOf(fn);
  const below = home ? overridesBelow(index, home.startIndex) : new Set<string>();
  let answer = below === undefined;
  if (below && below.size > 0) {
    const seen = new Set<FunctionDef>([fn]);
    const next = [fn];
    for (let current = next.pop(); current && !answer; current = next.pop()) {
      tick();
      if (--index.work < 0) {
        answer = true;
        break;
      }
      const reads = memberReads(index, current);
      if (reads.computed) answer = true;
      const owner = classOf(current)?.startIndex;
      for (const [through, name] of reads.names) {
        if (answer) break;
        if (through !== 'super' && below.has(name)) answer = true;
        const bases = through === 'super' && owner !== undefined ? (it.bases.get(owner) ?? []) : [];
        const reached =
          through === 'super'
            ? bases.map((base) => methodOf(it, it.classStarts.get(base), name)).find(Boolean)
            : methodOf(it, owner, name);
        if (reached && !seen.has(reached)) {
          seen.add(reached);
          next.push(reached);
        }
      }
    }
  }
  index.answers.set(fn, answer);
  return answer;
}

/** the classes and methods `callsBackOverride` visits in one file at most */
const OVERRIDE_WORK = 200_000;

/** the names a method reads off `this`/`self`/`cls` (`this`) or `super` (`super`), read once per method */
function memberReads(index: ClassIndex, fn: FunctionDef): MemberReads {
  const known = index.reads.get(fn);
  if (known) return known;
  const text = fn.node.text;
  const reads: MemberReads = {
    computed: COMPUTED_MEMBER.test(text),
    names: [...text.matchAll(MEMBER_READ)].map(([, through, name]) => [
      through!.startsWith('super') ? 'super' : 'this',
      name!,
    ]),
  };
  index.reads.set(fn, reads);
  return reads;
}

interface MemberReads {
  computed: boolean;
  names: ['this' | 'super', string][];
}

/** `this.out`, `self.fmt`, `cls.make`, `super.run`, `super().run`, `super(C, self).run`: the name read */
const MEMBER_READ = /\b(this|self|cls|super(?:\([^()]*\))?)\s*\??\.\s*([A-Za-z_$][\w$]*)/g;
/** a member named by a computed value: `this[k]`, `getattr(self, k)`, `Reflect.get(this, …)` */
const COMPUTED_MEMBER =
  /\b(?:this|self|cls)\s*\??\.?\s*\[|\b(?:getattr|Reflect\.get|Reflect\.apply)\s*\(\s*(?:this|self|cls)\b/;

/**
 * The names the classes of the file deriving from the class at `start` (at any depth) define methods of or
 * assign on their instances (`this.out = …`, `self.fmt = …`); undefined once the file's work is spent.
 */
function overridesBelow(index: ClassIndex, start: number): ReadonlySet<string> | undefined {
  const names = new Set<string>();
  const seen = new Set<number>([start]);
  const next = [start];
  for (let current = next.pop(); current !== undefined; current = next.pop()) {
    const name = index.nameAt.get(current);
    for (const child of name === undefined ? [] : (index.children.get(name) ?? [])) {
      tick();
      if (seen.has(child)) continue;
      if (--index.work < 0) return undefined;
      seen.add(child);
      next.push(child);
      for (const own of index.own.get(child) ?? []) names.add(own);
    }
  }
  return names;
}

interface ClassIndex {
  /** a class's name by where it starts */
  nameAt: Map<number, string>;
  /** where the classes naming a base start, by the base's name */
  children: Map<string, number[]>;
  /** the names a class defines methods of or assigns on `this`/`self`, by where it starts */
  own: Map<number, Set<string>>;
  reads: Map<FunctionDef, MemberReads>;
  answers: Map<FunctionDef, boolean>;
  /** what is left of `OVERRIDE_WORK` */
  work: number;
}

const classIndexes = new WeakMap<Interpreter, ClassIndex>();

function classIndex(it: Interpreter): ClassIndex {
  const index: ClassIndex = {
    nameAt: new Map(),
    children: new Map(),
    own: new Map(),
    reads: new Map(),
    answers: new Map(),
    work: OVERRIDE_WORK,
  };
  for (const [child, bases] of it.bases) {
    const name = /^class\s+([A-Za-z_$][\w$]*)/.exec(it.text.slice(child, child + 200))?.[1];
    if (name !== undefined) index.nameAt.set(child, name);
    for (const base of bases) {
      const children = index.children.get(base) ?? [];
      index.children.set(base, children);
      children.push(child);
    }
  }
  for (const [name, start] of it.classStarts) if (!index.nameAt.has(start)) index.nameAt.set(start, name);
  for (const [key, fn] of it.methods) {
    const start = Number(key.slice(0, key.indexOf('#')));
    const names = index.own.get(start) ?? new Set<string>();
    index.own.set(start, names);
    names.add(key.slice(key.indexOf('#') + 1));
    for (const [, field] of fn.node.text.matchAll(INSTANCE_WRITE)) names.add(field!);
  }
  return index;
}

/** `this.out =`, `self.fmt =` (not `==`) */
const INSTANCE_WRITE = /\b(?:this|self)\s*\.\s*([A-Za-z_$][\w$]*)\s*=(?!=)/g;

/** the receiver of a call of a base's method in Python: `super()` and `super(Cls, self)` */
const PYTHON_SUPER = /^super\(\s*(?:[\w.]+\s*,\s*\w+\s*)?\)$/;

/**
 * The method `name` of class `owner`, or of the classes it derives from in this file (depth first, left
 * to right, as Python looks most of them up); undefined when none of them defines it here.
 */
function methodOf(it: Interpreter, owner: number | undefined, name: string): FunctionDef | undefined {
  const seen = new Set<number>();
  const next = owner === undefined ? [] : [owner];
  for (let current = next.pop(); current !== undefined; current = next.pop()) {
    if (seen.has(current)) continue;
    seen.add(current);
    const own = it.methods.get(`${current}#${name}`);
    if (own) return own;
    for (const base of [...(it.bases.get(current) ?? [])].reverse()) {
      const start = it.classStarts.get(base);
      if (start !== undefined) next.push(start);
    }
  }
  return undefined;
}

/**
 * The class node a method belongs to (Python's `class_definition`, JavaScript's class declaration or
 * expression, anonymous ones too), undefined for a function outside a class's body.
 */
export function classOf(fn: FunctionDef): SyntaxNode | undefined {
  for (let node = fn.node.parent; node; node = node.parent) {
    if (CLASS_TYPES.has(node.type)) return node;
    if (!CLASS_BODY_TYPES.has(node.type)) return undefined;
  }
  return undefined;
}

const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'class', 'abstract_class_declaration']);
/** what stands between a method and its class: the body, a decorator, a field holding an arrow function */
const CLASS_BODY_TYPES = new Set([
  'block',
  'class_body',
  'decorated_definition',
  'field_definition',
  'public_field_definition',
]);

/**
 * A call to a summarised function: its return value carries what the arguments it returns carry, and
 * each argument reaching one of its sinks is a match here (or, for the running function's own
 * parameters, a sink of its summary).
 */
export function applySummary({
  it,
  fn,
  summary,
  site,
  node,
}: {
  it: Interpreter;
  fn: FunctionDef;
  summary: Summary;
  site: CallSite;
  node: SyntaxNode;
}): Value {
  let taint = summary.returnTaint;
  for (const [index, flow] of summary.returnParams) {
    // `def show(s): return html.unescape(s)` given escaped text: the escape is undone before the helper's own clears
    const incoming = decodedBy(unescapedBy(site.args[index]?.taint, flow.undone), flow.decoded);
    if (!incoming) continue;
    const cleaned = clearTaint(incoming, [...flow.cleared]);
    taint = mergeTaint(taint, cleaned && flow.normalized ? { ...cleaned, normalized: true } : cleaned);
  }
  // `kind(resp)` with `def kind(r): return r.mimetype`: what the response's headers hold (w102)
  for (const [index, flow] of summary.returnHeaders ?? []) {
    const incoming = headersHeld(site.args[index]);
    if (incoming) taint = mergeTaint(taint, clearTaint(incoming, [...flow.cleared]));
  }
  for (const sink of summary.sinks) {
    const argument = site.args[sink.param];
    const password = !!argument?.taint?.password;
    // `def show(s): return Response(html.unescape(s))`: the caller's escape does not hold at the helper's sink
    const given = decodedBy(unescapedBy(argument?.taint, sink.undone), sink.decoded);
    for (const origin of liveOrigins({
      taint: given,
      ruleId: sink.matcher.rule.id,
      sources: sink.matcher.rule.sources,
      excluded: excludedSourcesAt(it.rules, sink.matcher),
      jsonKept: sink.matcher.spec.jsonKept,
    })) {
      const built = sink.built || !!argument?.taint?.built;
      if (sink.matcher.spec.password && !password && origin.param === undefined) continue;
      if (sink.matcher.spec.onlyNumbers && !argument?.taint?.number && origin.param === undefined) continue;
      if (origin.headers) continue;
      if (origin.param !== undefined)
        addSummarySink({
          it,
          param: origin.param,
          matcher: sink.matcher,
          line: sink.line,
          column: sink.column,
          built,
          password,
          undone: !!given?.undone,
          decoded: !!sink.decoded || decodedFor(argument?.taint, origin.param),
        });
      else if (origin.field)
        it.fields.sink({
          field: origin.field,
          matcher: sink.matcher,
          line: sink.line,
          column: sink.column,
          built,
        });
      else if (it.reporting)
        it.matches.push({
          matcher: sink.matcher,
          line: sink.line,
          column: sink.column,
          origin,
          via: { name: fn.name, line: node.startPosition.row + 1 },
        });
    }
  }
  if (summary.moduleWrites) applyModuleWrites(it, summary, site);
  // `make()(cmd)` with `def make(): return partial(subprocess.run, shell=True)`: the partial it returns
  return summary.returned
    ? { taint, ...returnedCallable({ returned: summary.returned, args: site.args, merge: mergeTaint }) }
    : { taint };
}

/**
 * `return run` of a `def run` nested in the running Python function (w135): the caller's `make()(cmd)` calls it,
 * as a partial binding nothing (its summary applies there: made without `make`'s variables, which a factory's
 * parameters reach only through the call's own arguments).
 */
function nestedReturned(it: Interpreter, value: Value, node: SyntaxNode): Value | undefined {
  const fn = it.frame.fn;
  const returned = node.type === 'return_statement' ? node.namedChildren[0] : node;
  if (it.language !== 'python' || !fn || returned?.type !== 'identifier' || value.taint) return undefined;
  const name = returned.text;
  if (value.path !== name) return undefined;
  const nested = it
    .functionsNamed(name)
    .find((each) => each.node.parent === fn.body || each.node.parent?.parent === fn.body);
  if (!nested || it.functions.get(name) !== nested) return undefined;
  return { path: name, rawPath: name, bound: { args: [], keywords: new Map(), hasSpread: false } };
}

/** What a `return` gives the running function's summary (and, in a route rendering HTML, its sinks). */
export function recordReturn(it: Interpreter, value: Value, node: SyntaxNode): void {
  const summary = it.frame.summary;
  for (const origin of value.taint?.origins ?? []) {
    if (origin.param === undefined || !value.taint) continue;
    const flow = {
      cleared: value.taint.cleared,
      normalized: value.taint.normalized,
      ...(undoneFor(value.taint, origin.param) ? { undone: true } : {}),
      ...(decodedFor(value.taint, origin.param) ? { decoded: true } : {}),
    };
    if (origin.headers) summary.returnHeaders ??= new Map();
    const flows = origin.headers ? summary.returnHeaders! : summary.returnParams;
    const known = flows.get(origin.param);
    // Two returns: sanitised only for what both paths sanitised.
    flows.set(
      origin.param,
      known
        ? {
            cleared: new Set([...known.cleared].filter((id) => flow.cleared.has(id))),
            normalized: known.normalized && flow.normalized,
            ...(known.undone || flow.undone ? { undone: true } : {}),
            ...(known.decoded || flow.decoded ? { decoded: true } : {}),
          }
        : flow,
    );
  }
  const sources = value.taint?.origins.filter((origin) => origin.param === undefined) ?? [];
  if (sources.length && value.taint)
    summary.returnTaint = mergeTaint(summary.returnTaint, { ...value.taint, origins: sources });
  const callable = isIndirect(value) ? value : nestedReturned(it, value, node);
  if (callable)
    summary.returned = summary.returned ? joinCallables(summary.returned, callable) : callablePart(callable);
  if (it.frame.fn?.htmlRoute) routeReturnSinks({ it, ...responseBody(it, value, node), node });
}

/**
 * Runs a function literal in place, its parameters bound to `incoming` (a callback) or to the given
 * values (a closure's arguments); returns what it returns.
 */
export function runInline({
  it,
  node,
  incoming,
  params,
  method,
  called,
}: {
  it: Interpreter;
  node: SyntaxNode;
  incoming: Taint | undefined;
  /** `whole`: the name holds the value itself (a method's receiver, w121), not only its data */
  params?: { names: string[]; value: Value; whole?: boolean }[];
  /** a method of a class the running code defined: its frame is the method's, for `self.x` (w121) */
  method?: FunctionDef;
  /** run as called here: the outer variables it may write hold afterwards what it wrote too */
  called: boolean;
}): Value {
  const outer = it.frame;
  const scope: Scope = new Map(outer.scope);
  const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
  if (params) {
    for (const param of params)
      for (const name of param.names)
        scope.set(name, param.whole ? param.value : { taint: param.value.taint });
  } else {
    const names = parameterNames(parameters);
    // `app.use((err, req, res, next) => …)`: Express calls a four-parameter handler with the error.
    const error =
      names.length === 4 && it.rules.requestParameters.has(names[1]!) && it.rules.exceptionSource
        ? names[0]
        : undefined;
    for (const name of names) {
      if (it.rules.requestParameters.has(name)) scope.set(name, { path: name, rawPath: name });
      else if (name === error)
        scope.set(name, {
          taint: it.sourceTaint(it.rules.exceptionSource!.label, node.startPosition.row + 1),
        });
      else scope.set(name, { taint: incoming });
    }
  }
  const writes = called ? outerWrites(node, it.language === 'python') : undefined;
  const inner: Frame = {
    fn: method ?? outer.fn,
    summary: { returnParams: new Map(), sinks: outer.summary.sinks },
    scope,
    terminated: false,
    ...(writes?.size ? { outerWrites: { names: writes, returned: new Map() } } : {}),
  };
  it.frame = inner;
  it.enter(node);
  let returned: Value = CLEAN;
  try {
    const body = node.childForFieldName('body');
    if (body && isStatementContainer(body)) it.block(body);
    else if (body) returned = it.expr(body);
  } finally {
    it.frame = outer;
    it.leave();
  }
  if (inner.outerWrites)
    joinOuterWrites({
      it,
      names: inner.outerWrites.names,
      outer: outer.scope,
      inner: inner.scope,
      returned: inner.outerWrites.returned,
    });
  // a `try` around the call sees the names it wrote change (try-paths.ts)
  if (inner.outerWrites) outer.raising?.closureWrote(inner.outerWrites.names);
  return { taint: mergeTaint(returned.taint, inner.summary.returnTaint) };
}

/** A function literal bound to a name inside a callback, as the closure `call` runs in place. */
export function closureDef(name: string, node: SyntaxNode): FunctionDef {
  const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
  const list =
    parameters?.type === 'identifier'
      ? [parameters]
      : (parameters?.namedChildren ?? []).filter((child) => child.type !== 'comment');
  return {
    name,
    node,
    body: node.childForFieldName('body'),
    params: list.map((parameter) => ({ names: parameterNames(parameter), kind: 'param' as const })),
    htmlRoute: false,
  };
}

/** `<Item text={x} />` where `Item` is a function of this file: its summary applied to the props object. */
export function componentCall({
  it,
  component,
  element,
  props,
}: {
  it: Interpreter;
  component: SyntaxNode;
  element: SyntaxNode;
  props: Map<string, Value>;
}): void {
  if (it.frame.scope.has(component.text) && !it.functions.has(component.text)) return;
  const fn = it.moduleFunctions.get(component.text) ?? it.functions.get(component.text);
  if (!fn) return;
  const summary = it.summaries.get(fn);
  if (!summary) return;
  const site: CallSite = {
    paths: [component.text],
    args: [{ taint: mergeAll([...props.values()]) }],
    keywords: props,
    hasSpread: false,
    file: it.file,
    topLevel: !it.frame.fn,
  };
  applySummary({ it, fn, summary, site, node: element });
}
