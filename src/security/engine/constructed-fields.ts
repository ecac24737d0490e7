import type { CallSite } from './conditions.js';
import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { addSummarySink } from './sinks.js';
import { classOf, methodOf } from './summaries.js';
import { liveOrigins, type Value } from './taint.js';

/**
 * Data given to a constructor and kept in a field, reaching a sink in a method called on the object (issue 59,
 * w155): `obj = Runner(request.args["c"]); obj.go()` with `self.cmd = c` in `__init__` and `os.system(self.cmd)` in
 * `go` (JavaScript's `new Runner(req.query.c).go()` likewise). The method's run records that the field holding the
 * constructor's parameter reached the sink (`FieldStore.sinks`, as for the caller-supplied check); the object keeps
 * the arguments it was made with (`Value.constructedWith`), and a call of a method on it reports each such sink the
 * method reaches: in its own body or in the methods it calls through `self`/`this`, transitively. An object whose
 * method reaching the sink is never called there gives no finding; keyword arguments (`Runner(cmd=q)`) are not
 * matched to parameters (not followed).
 */
export function constructedWith({
  it,
  calleeNode,
  site,
}: {
  it: Interpreter;
  calleeNode: SyntaxNode;
  site: CallSite;
}): readonly Value[] | undefined {
  if (calleeNode.type !== 'identifier' || !it.classes.has(calleeNode.text)) return undefined;
  // only data worth keeping: an object made of constants or parameters' data alone costs nothing here
  return site.args.some((arg) => arg.taint) ? site.args : undefined;
}

/** The sinks `fn`, called on an object made with data, reaches through the fields its constructor filled. */
export function constructedSinks({
  it,
  fn,
  receiver,
  node,
}: {
  it: Interpreter;
  fn: FunctionDef;
  receiver: Value | undefined;
  node: SyntaxNode;
}): void {
  const made = receiver?.constructedWith;
  if (!made || !fn.owner) return;
  const sinks = it.fields.sinksOf(fn.owner);
  if (sinks.length === 0) return;
  const reached = reachedLines(it, fn);
  for (const sink of sinks) {
    if (!reached.some(([from, to]) => sink.line >= from && sink.line <= to)) continue;
    // the field may hold something else by the time the method runs (`r.reset()`, `r.cmd = "ls"`): as before
    // w155, the caller-supplied check alone speaks for it (review r36)
    if (writtenOutsideConstructor(it, sink.owner, sink.param)) continue;
    const argument = made[sink.param];
    for (const origin of liveOrigins({
      taint: argument?.taint,
      ruleId: sink.matcher.rule.id,
      sources: sink.matcher.rule.sources,
      excluded: it.rules.excludedSources.get(sink.matcher.rule.id),
      jsonKept: sink.matcher.spec.jsonKept,
    })) {
      if (origin.headers) continue;
      const built = sink.built || !!argument?.taint?.built;
      if (origin.param !== undefined)
        addSummarySink({
          it,
          param: origin.param,
          matcher: sink.matcher,
          line: sink.line,
          column: sink.column,
          built,
        });
      else if (origin.source !== undefined && it.reporting)
        it.matches.push({
          matcher: sink.matcher,
          line: sink.line,
          column: sink.column,
          origin,
          via: { name: fn.name, line: node.startPosition.row + 1 },
        });
    }
  }
}

/**
 * Whether a field that holds the constructor's parameter `param` of class `owner` is written anywhere in the file
 * but in that class's constructor (`self.cmd = "ls"` in `reset`, `r.cmd = "ls"` in a caller, `setattr(…)`): read
 * from the file's text, so any such write, wherever it runs, counts; conservative, it never adds a finding.
 */
function writtenOutsideConstructor(it: Interpreter, owner: string, param: number): boolean {
  if (SETATTR.test(it.text)) return true;
  for (const [field, kept] of it.fields.params)
    if (kept.param === param && fieldWritten(it, owner, field.slice(field.lastIndexOf('#') + 1))) return true;
  return false;
}

/** whether `.property` is assigned anywhere in the file outside the constructor of class `owner` (once per file) */
function fieldWritten(it: Interpreter, owner: string, property: string): boolean {
  let known = WRITTEN.get(it);
  if (!known) {
    known = new Map();
    WRITTEN.set(it, known);
  }
  const key = `${owner}#${property}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const start = it.classStarts.get(owner);
  const constructors = [methodOf(it, start, '__init__'), methodOf(it, start, 'constructor')].filter(
    (method): method is FunctionDef => method !== undefined,
  );
  const escaped = property.replace(/\$/g, '\\$');
  const writes = new RegExp(`\\.\\s*${escaped}\\s*(?:[-+*/%|&^]|\\*\\*|//|<<|>>)?=(?!=)`, 'g');
  let written = false;
  for (const match of it.text.matchAll(writes))
    if (
      !constructors.some(
        (method) => match.index >= method.node.startIndex && match.index < method.node.endIndex,
      )
    ) {
      written = true;
      break;
    }
  known.set(key, written);
  return written;
}
const WRITTEN = new WeakMap<Interpreter, Map<string, boolean>>();
const SETATTR = /\bsetattr\s*\(|\bReflect\.set\b|\bObject\.assign\s*\(/;

/**
 * The lines of `fn` and of the methods of its class it calls through `self.m(`/`this.m(`, transitively (read from
 * their text once per method; a class's methods are visited once each).
 */
function reachedLines(it: Interpreter, fn: FunctionDef): readonly (readonly [number, number])[] {
  const known = REACHED.get(fn);
  if (known) return known;
  const owner = classOf(fn)?.startIndex;
  const lines: [number, number][] = [];
  const seen = new Set<FunctionDef>([fn]);
  const next = [fn];
  for (let current = next.pop(); current; current = next.pop()) {
    const text = current.node.text;
    const first = current.node.startPosition.row + 1;
    lines.push([first, first + (text.match(NEWLINES)?.length ?? 0)]);
    for (const match of text.matchAll(SELF_CALL)) {
      const method = methodOf(it, owner, match[1]!);
      if (method && !seen.has(method)) {
        seen.add(method);
        next.push(method);
      }
    }
  }
  REACHED.set(fn, lines);
  return lines;
}
const REACHED = new WeakMap<FunctionDef, readonly (readonly [number, number])[]>();

const NEWLINES = /\n/g;

/** `self.run(`, `this.run(` */
const SELF_CALL = /\b(?:self|this)\s*\.\s*([A-Za-z_$][\w$]*)\s*\(/g;
