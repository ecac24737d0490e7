import type { Interpreter, RawMatch, Scope } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { closure } from './summaries.js';
import { sameTaint, type Value } from './taint.js';

/**
 * A loop's next iteration (issue 59, w87). The body runs once, then again from the join of the state before it
 * and after it while that join changes what a name the loop reads before binding it holds (its data, its
 * constant, the check it holds): `cmd = "ls"; for p in ps: os.system(cmd); cmd = p` reaches the sink on the
 * second pass. A loop that has not settled after MAX_EXTRA_PASSES passes more, or a run past
 * MAX_EXTRA_PASSES_PER_RUN extra passes in all (nested loops re-run their own passes on each of their outer
 * loop's), leaves the run unsettled: the file is not verified (analyze.ts), never a silent pass.
 */

/** Extra passes of one loop's body, each from the join of the passes before. */
export const MAX_EXTRA_PASSES = 3;
/** Extra passes of loop bodies in one run of a function or the module, all loops together. */
export const MAX_EXTRA_PASSES_PER_RUN = 256;

/** What a loop reads in an iteration before the iteration binds it, read from its tree once. */
export interface LoopReads {
  /** names (and the roots of members, `self` in `self.url`) read before this iteration binds them */
  readonly names: ReadonlySet<string>;
  /** names the loop calls: a nested function called there reads what the loop's text does not show */
  readonly called: ReadonlySet<string>;
}

const READS = new WeakMap<SyntaxNode, LoopReads>();

/**
 * The names `loop` reads before an iteration binds them. The condition and the update read theirs; the body's
 * top-level statements in order, where a plain assignment or declaration of a name not read before (`y =
 * f(x)`, `const y = …`) binds it for the rest of the iteration, so its value from the iteration before is
 * never read. Anything else counts as a read of every name in it (a name bound in a branch only may keep the
 * earlier iteration's value). `bound`: the names the loop's own header binds each iteration (its target).
 */
export function loopReads(loop: SyntaxNode, bound: readonly string[]): LoopReads {
  const known = READS.get(loop);
  if (known) return known;
  const names = new Set<string>();
  const called = new Set<string>();
  const killed = new Set(bound);
  const read = (node: SyntaxNode | null | undefined): void => {
    if (!node) return;
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      // `url` in `self.url` and `q` in `f(q=1)` name no variable
      if (
        NAME.test(current.type) &&
        current.field !== 'attribute' &&
        current.parent?.type !== 'keyword_argument'
      ) {
        if (!killed.has(current.text)) names.add(current.text);
        if (current.field === 'function') called.add(current.text);
      }
      for (const child of current.namedChildren) stack.push(child);
    }
  };
  read(loop.childForFieldName('condition'));
  const body = loop.childForFieldName('body');
  const statements =
    body?.type === 'block' || body?.type === 'statement_block' ? body.namedChildren : body ? [body] : [];
  for (const statement of statements) {
    const bindings = plainBindings(statement);
    if (!bindings) {
      read(statement);
      continue;
    }
    for (const { name, value } of bindings) {
      read(value);
      if (!names.has(name)) killed.add(name);
    }
  }
  read(loop.childForFieldName('increment'));
  const reads = { names, called };
  READS.set(loop, reads);
  return reads;
}

/** Identifiers that read a name: `x`, `{ x }` (JS shorthand), `this`. */
const NAME = /^(?:identifier|shorthand_property_identifier|this)$/;

/**
 * The names a statement binds outright with what it binds them to (`y = f(x)`, `let a = 1, b = a`), or
 * undefined when it is anything else.
 */
function plainBindings(statement: SyntaxNode): { name: string; value: SyntaxNode | null }[] | undefined {
  if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
    const bindings: { name: string; value: SyntaxNode | null }[] = [];
    for (const declarator of statement.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const name = declarator.childForFieldName('name');
      if (name?.type !== 'identifier') return undefined;
      bindings.push({ name: name.text, value: declarator.childForFieldName('value') });
    }
    return bindings;
  }
  if (statement.type !== 'expression_statement' || statement.namedChildren.length !== 1) return undefined;
  const assignment = statement.namedChildren[0]!;
  if (assignment.type !== 'assignment' && assignment.type !== 'assignment_expression') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  // `x = y = v` (a chained Python assignment nests its right side): not plain
  if (left?.type !== 'identifier' || !right || right.type === 'assignment') return undefined;
  return [{ name: left.text, value: right }];
}

/**
 * Whether the state after a pass (`after`, the join of the state before it and the pass's ends) holds for a name
 * the loop reads something else than before the pass: another pass may reach more.
 */
export function carriedChange({
  it,
  reads,
  before,
  after,
}: {
  it: Interpreter;
  reads: LoopReads;
  before: Scope;
  after: Scope;
}): boolean {
  // a nested function the loop calls reads names the loop's text does not show: every name counts
  const every = [...reads.called].some((name) => !it.frame.scope.has(name) && closure(it, name));
  for (const [key, value] of after) {
    if (!every && !reads.names.has(rootOf(key))) continue;
    const earlier = before.get(key) ?? it.moduleScope.get(key);
    if (!sameForLoop(earlier, value)) return true;
  }
  return false;
}

const rootOf = (key: string): string => {
  const end = key.search(/[.[]/);
  return end < 0 ? key : key.slice(0, end);
};

/** The same data, constant and held check: what another pass would see. */
function sameForLoop(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return !(a ?? b)?.taint && !(a ?? b)?.known && !(a ?? b)?.held;
  return (
    sameTaint(a.taint, b.taint) && !!a.known === !!b.known && a.constant === b.constant && a.held === b.held
  );
}

/**
 * Drops the matches from `start` on that repeat one made before them (an extra pass reaching the same sink with
 * the same data): a finding is reported once, and its origin is still the first pass's.
 */
export function dropRepeatedMatches(it: Interpreter, start: number): void {
  const seen = new Map<RawMatch['matcher'], Set<string>>();
  let kept = start;
  for (let index = start; index < it.matches.length; index++) {
    const match = it.matches[index]!;
    const origin = match.origin;
    const key = `${match.line}|${match.column}|${match.message ?? ''}|${origin?.source ?? ''}@${origin?.line ?? ''}#${origin?.param ?? ''}|${match.via?.name ?? ''}@${match.via?.line ?? ''}|${match.callerSupplied?.parameter ?? ''}|${match.dataParams?.join(',') ?? ''}`;
    const keys = seen.get(match.matcher) ?? new Set<string>();
    seen.set(match.matcher, keys);
    if (keys.has(key)) continue;
    keys.add(key);
    it.matches[kept++] = match;
  }
  it.matches.length = kept;
}
