import type { Frame, Interpreter, LabelledJump, RawMatch, Scope } from './interpreter.js';
import { sameEntries } from './keyed-entries.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { closure } from './summaries.js';
import { sameTaint, type Value } from './taint.js';

/**
 * A loop's next iteration (issue 59, w87). The body runs once, then again from the join of the state before it
 * and after it while that join changes what a name the loop reads before binding it holds (its data, its
 * constant, the check it holds): `cmd = "ls"; for p in ps: os.system(cmd); cmd = p` reaches the sink on the
 * second pass. A loop that has not settled after MAX_EXTRA_PASSES passes more, or a file whose loops' extra
 * passes have run more than EXTRA_WORK_FACTOR times the statements run outside them (nested loops re-run their
 * own passes on each of their outer loop's), leaves the run unsettled: the file is not verified (analyze.ts), never a silent pass.
 */

/** Extra passes of one loop's body, each from the join of the passes before. */
export const MAX_EXTRA_PASSES = 3;
/**
 * Statements the extra passes of a file's loops may run, all loops of all runs together, for each statement run
 * outside them, and past a floor every file gets (review r20 of w87: a budget of passes per run of a function
 * let nested loops cost 2^depth, 9.6 s against 0.5 s at depth 5, and four such functions leave a file
 * unverified). A loop not nested in another one gets its MAX_EXTRA_PASSES passes whatever its size; nested ones
 * share what is left, so the extra work is at most three times the rest, plus the floor, whatever the nesting.
 */
export const EXTRA_WORK_FACTOR = MAX_EXTRA_PASSES;
export const EXTRA_WORK_FLOOR = 5_000;

/** Whether the file's loops may run another extra pass (see EXTRA_WORK_FACTOR). */
export function extraWorkLeft(it: Interpreter): boolean {
  return it.extraStatements <= EXTRA_WORK_FACTOR * it.statementsRun + EXTRA_WORK_FLOOR;
}

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
 * statements in order, where a plain assignment or declaration (`y = f(x)`, `const y = …`) binds a name for the
 * rest of the iteration, and so does an `if` whose every side that goes on binds it (`if c: y = a` / `else: y =
 * b`; a side ending in `continue` or `return` goes nowhere). Anything else reads every name in it (a loop or a
 * `try` inside may not bind what it binds). A name bound before it is read in an iteration never sees the
 * earlier iteration's value. `bound`: the names the loop's own header binds each iteration (its target).
 */
export function loopReads(loop: SyntaxNode, bound: readonly string[]): LoopReads {
  const known = READS.get(loop);
  if (known) return known;
  const names = new Set<string>();
  const called = new Set<string>();
  const read = (node: SyntaxNode | null | undefined, killed: ReadonlySet<string>): void => {
    if (!node) return;
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      // `items.append(x)`, `total += x`: what the name held before adds to what it holds after, and nothing
      // else in the statement reads it, so its earlier value changes nothing a pass reaches
      const added = accumulated(current);
      if (added) {
        stack.push(...added);
        continue;
      }
      // `url` in `self.url` and `q` in `f(q=1)` name no variable
      if (
        NAME.test(current.type) &&
        current.field !== 'attribute' &&
        !(current.parent?.type === 'keyword_argument' && current.field === 'name')
      ) {
        if (!killed.has(current.text)) names.add(current.text);
        // `run()`, and `map(run, xs)`, `xs.forEach(run)`, `sorted(xs, key=run)`: a function given to a call may
        // be called there (review r20)
        if (
          current.field === 'function' ||
          ARGUMENT_LISTS.test(current.parent?.type ?? '') ||
          current.parent?.type === 'keyword_argument'
        )
          called.add(current.text);
      }
      for (const child of current.namedChildren) stack.push(child);
    }
  };
  /**
   * Reads `statements` in order with `killed` bound before them; returns what is bound on every path that goes
   * on after them (undefined: none goes on, as after `continue` or `return`).
   */
  const walk = (statements: readonly SyntaxNode[], killed: Set<string>): Set<string> | undefined => {
    for (const statement of statements) {
      if (statement.type === 'comment') continue;
      if (ENDS.test(statement.type)) {
        read(statement, killed);
        return undefined;
      }
      const bindings = plainBindings(statement);
      if (bindings) {
        for (const { name, value } of bindings) {
          read(value, killed);
          killed.add(name);
        }
        continue;
      }
      if (nested(statement, killed)) continue;
      if (statement.type !== 'if_statement') {
        read(statement, killed);
        continue;
      }
      // `if c: y = a else: y = b`: bound after it when every side that goes on binds it
      const sides = ifSides(statement);
      let after: Set<string> | undefined;
      let exhaustive = false;
      for (const side of sides) {
        read(side.condition, killed);
        if (!side.condition) exhaustive = true;
        const ended = walk(statementsOf(side.body), new Set(killed));
        if (ended) after = after ? new Set([...after].filter((name) => ended.has(name))) : ended;
      }
      if (!exhaustive) continue;
      if (!after) return undefined;
      for (const name of after) killed.add(name);
    }
    return killed;
  };
  /**
   * A loop, `try` or `with` inside the body: its parts read in order, each with what it binds for itself (a
   * loop's target, `except … as e`, `with … as f`) and what its earlier statements bound; nothing it binds
   * counts after it (it may not run, or stop early). False for any other statement.
   */
  const nested = (statement: SyntaxNode, killed: ReadonlySet<string>): boolean => {
    const within = (names: readonly string[]) => new Set([...killed, ...names]);
    switch (statement.type) {
      case 'for_statement':
      case 'for_in_statement': {
        const left = statement.childForFieldName('left');
        const initializer = statement.childForFieldName('initializer');
        if (left) read(statement.childForFieldName('right'), killed);
        const inside = within(left ? targetNames(left) : []);
        if (initializer) walk([initializer], inside);
        read(statement.childForFieldName('condition'), inside);
        walk(statementsOf(statement.childForFieldName('body')), inside);
        read(statement.childForFieldName('increment'), inside);
        read(statement.childForFieldName('alternative'), killed);
        return true;
      }
      case 'while_statement':
        read(statement.childForFieldName('condition'), killed);
        walk(statementsOf(statement.childForFieldName('body')), new Set(killed));
        read(statement.childForFieldName('alternative'), killed);
        return true;
      case 'try_statement':
        for (const part of statement.namedChildren) {
          if (part.type === 'block' || part.type === 'statement_block')
            walk(statementsOf(part), new Set(killed));
          else if (/^(?:except_clause|except_group_clause|catch_clause)$/.test(part.type)) {
            const caught = caughtName(part);
            const inside = within(caught ? [caught] : []);
            for (const child of part.namedChildren)
              if (child.type === 'block' || child.type === 'statement_block')
                walk(statementsOf(child), inside);
              else read(child, inside);
          } else read(part, killed);
        }
        return true;
      case 'with_statement': {
        const aliases: string[] = [];
        for (const child of statement.namedChildren) {
          if (child.type !== 'with_clause') continue;
          for (const item of child.namedChildren) {
            const value = item.namedChildren[0];
            if (value?.type === 'as_pattern') {
              read(value.namedChildren[0], killed);
              const target = value.namedChildren[1];
              if (target) aliases.push(...targetNames(target));
            } else read(item, killed);
          }
        }
        walk(statementsOf(statement.childForFieldName('body')), within(aliases));
        return true;
      }
      default:
        return false;
    }
  };
  const killed = new Set(bound);
  read(loop.childForFieldName('condition'), killed);
  walk(statementsOf(loop.childForFieldName('body')), killed);
  // the update runs after the body, whatever it bound on its paths
  read(loop.childForFieldName('increment'), new Set(bound));
  const reads = { names, called };
  READS.set(loop, reads);
  return reads;
}

/** The name `except … as e` or `catch (e)` binds. */
function caughtName(clause: SyntaxNode): string | undefined {
  const parameter = clause.childForFieldName('parameter');
  if (parameter?.type === 'identifier') return parameter.text;
  const pattern = clause.namedChildren.find((child) => child.type === 'as_pattern');
  const target = pattern?.namedChildren.find((child) => child.type === 'as_pattern_target');
  const name = target?.namedChildren[0];
  return name?.type === 'identifier' ? name.text : undefined;
}

/** The names a target binds: `p`, `(k, v)`, `[a, b]`, `{ x, y: z }`, `const p` (a JS `for` declaration). */
function targetNames(target: SyntaxNode): string[] {
  if (target.type === 'identifier') return [target.text];
  const names: string[] = [];
  const stack = [target];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') {
      if (node.field !== 'value' || node.parent?.type !== 'variable_declarator') names.push(node.text);
      continue;
    }
    for (const child of node.namedChildren) stack.push(child);
  }
  return names;
}

/** Statements after which the iteration does not go on. */
const ENDS = /^(?:return_statement|continue_statement|break_statement|raise_statement|throw_statement)$/;

/** The statements of a block, or the one statement a JS body is. */
function statementsOf(body: SyntaxNode | null | undefined): readonly SyntaxNode[] {
  if (!body) return [];
  return body.type === 'block' || body.type === 'statement_block' ? body.namedChildren : [body];
}

/** An `if`'s sides in order: each condition (none for `else`) and body; Python's `elif`s and JS's `else if`s flat. */
function ifSides(node: SyntaxNode): { condition: SyntaxNode | null; body: SyntaxNode | null }[] {
  const sides = [
    { condition: node.childForFieldName('condition'), body: node.childForFieldName('consequence') },
  ];
  for (const alternative of node.childrenForFieldName('alternative')) {
    if (!alternative) continue;
    if (alternative.type === 'elif_clause')
      sides.push({
        condition: alternative.childForFieldName('condition'),
        body: alternative.childForFieldName('consequence'),
      });
    else if (alternative.type === 'else_clause') {
      const inner = alternative.childForFieldName('body') ?? alternative.namedChildren[0] ?? null;
      if (inner?.type === 'if_statement') sides.push(...ifSides(inner));
      else sides.push({ condition: null, body: inner });
    }
  }
  return sides;
}

/**
 * A statement that only adds to a name (`items.append(x)`, `seen.add(k)`, `out.push(v)`, `total += x`): what it
 * reads besides that name (the added parts), or undefined for any other node. Only methods no rule's sink reads
 * the receiver of.
 */
function accumulated(node: SyntaxNode): SyntaxNode[] | undefined {
  if (node.type !== 'expression_statement' || node.namedChildren.length !== 1) return undefined;
  const inner = node.namedChildren[0]!;
  if (inner.type === 'augmented_assignment' || inner.type === 'augmented_assignment_expression') {
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || mentions(right, left.text)) return undefined;
    return [right];
  }
  if (inner.type !== 'call' && inner.type !== 'call_expression') return undefined;
  const callee = inner.childForFieldName('function');
  if (callee?.type !== 'attribute' && callee?.type !== 'member_expression') return undefined;
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute') ?? callee.childForFieldName('property');
  const args = inner.childForFieldName('arguments');
  if (object?.type !== 'identifier' || !method || !ADDING.has(method.text) || !args) return undefined;
  return mentions(args, object.text) ? undefined : [args];
}

/** Methods that add their arguments to the receiver (`bindings`' mutating methods whose receiver no sink reads). */
const ADDING: ReadonlySet<string> = new Set([
  'append',
  'extend',
  'insert',
  'add',
  'appendleft',
  'push',
  'unshift',
]);

/** Whether `node` holds the name `name` anywhere. */
function mentions(node: SyntaxNode, name: string): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.text === name && NAME.test(current.type)) return true;
    for (const child of current.namedChildren) stack.push(child);
  }
  return false;
}

/** Identifiers that read a name: `x`, `{ x }` (JS shorthand), `this`. */
const ARGUMENT_LISTS = /^(?:argument_list|arguments)$/;
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
      // `var cmd;` binds nothing anew: `cmd` keeps the earlier iteration's value
      if (statement.type === 'variable_declaration' && !declarator.childForFieldName('value')) continue;
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
  const every = callsNested(it, reads);
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
    sameTaint(a.taint, b.taint) &&
    !!a.known === !!b.known &&
    a.constant === b.constant &&
    a.held === b.held &&
    sameEntries(a, b)
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

/**
 * A loop's latest run in the current run of a function (issue 59: a loop nested in loops ran its passes again on
 * each pass of each loop around it). Run again in the same frame where every name it reads or changed holds the
 * same as then (`sameValue`), it does what it did then: its matches are already made, and what it changed is what
 * it changed then, so the state after it is taken from then (`replayLoop`).
 */
export interface LoopMemo {
  readonly frame: Frame;
  /** what the names the loop reads or changed held when it started */
  readonly entry: ReadonlyMap<string, Value | undefined>;
  /** what the names the loop changed held when it ended (undefined: dropped) */
  readonly changed: ReadonlyMap<string, Value | undefined>;
  /** the `break L`/`continue L` that left the loop for a statement around it: what each changed from the start */
  readonly jumps: readonly { label: string; changed: ReadonlyMap<string, Value | undefined> }[];
}

/** Remembers the run of `loop` that went from `before` to the current scope (not for a loop calling nested functions). */
export function rememberLoop({
  it,
  loop,
  reads,
  before,
  bound,
  jumped = [],
}: {
  it: Interpreter;
  loop: SyntaxNode;
  reads: LoopReads;
  before: Scope;
  /** the names the loop's header binds each iteration (its target) */
  bound: readonly string[];
  /** the labelled jumps that left the loop (`break outer`): a replay makes them again */
  jumped?: readonly LabelledJump[];
}): void {
  if (callsNested(it, reads)) return;
  const changedFrom = (after: Scope) => {
    const changed = new Map<string, Value | undefined>();
    for (const [key, value] of after) if (before.get(key) !== value) changed.set(key, value);
    for (const key of before.keys()) if (!after.has(key)) changed.set(key, undefined);
    return changed;
  };
  const changed = changedFrom(it.frame.scope);
  const jumps = jumped.map((jump) => ({ label: jump.label, changed: changedFrom(jump.scope) }));
  const entry = new Map<string, Value | undefined>();
  for (const key of changed.keys()) entry.set(key, before.get(key));
  for (const jump of jumps) for (const key of jump.changed.keys()) entry.set(key, before.get(key));
  for (const [key, value] of before) if (reads.names.has(rootOf(key))) entry.set(key, value);
  // a name read but bound nowhere before: it must still be unbound (or the module's) to replay
  for (const name of reads.names) if (!entry.has(name)) entry.set(name, before.get(name));
  // what the header iterates over, evaluated before the loop starts and read by no pass (review r20: `for p in
  // src` replayed with the old `src`'s data after `src` became the request's)
  for (const name of [...bound, ...headerNames(loop)])
    if (!entry.has(name)) entry.set(name, before.get(name));
  it.loopMemo.set(loop, { frame: it.frame, entry, changed, jumps });
}

/** Replays `loop`'s latest run when it would do the same (see LoopMemo): true when it did. */
export function replayLoop(it: Interpreter, loop: SyntaxNode): boolean {
  const memo = it.loopMemo.get(loop);
  if (!memo || memo.frame !== it.frame) return false;
  const scope = it.frame.scope;
  for (const [key, value] of memo.entry) if (!sameValue(scope.get(key), value)) return false;
  for (const key of scope.keys())
    if (!memo.entry.has(key) && memo.entry.has(rootOf(key)) && MEMBER.test(key)) return false;
  for (const jump of memo.jumps)
    it.frame.labelled?.push({ label: jump.label, scope: withChanges(new Map(scope), jump.changed) });
  withChanges(scope, memo.changed);
  return true;
}

function withChanges(scope: Scope, changed: ReadonlyMap<string, Value | undefined>): Scope {
  for (const [key, value] of changed) {
    if (value === undefined) scope.delete(key);
    else scope.set(key, value);
  }
  return scope;
}

const MEMBER = /[.[]/;

/** The names a `for` header's iterable reads (`src` in `for p in src`, `for (const p of src)`). */
function headerNames(loop: SyntaxNode): string[] {
  const right =
    loop.type === 'for_statement' || loop.type === 'for_in_statement'
      ? loop.childForFieldName('right')
      : null;
  if (!right) return [];
  const names: string[] = [];
  const stack = [right];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (NAME.test(current.type) && current.field !== 'attribute' && current.field !== 'property')
      names.push(current.text);
    for (const child of current.namedChildren) stack.push(child);
  }
  return names;
}

/**
 * Whether the loop calls a nested function (which reads what the loop's text does not show). A name the scope
 * binds too counts: a call runs the nested function of that name in place whatever the name holds (`calls.ts`
 * `closure`), as after `let run; run = () => cp.exec(cmd)` (review r20: such a call left the loop settled
 * after one pass).
 */
function callsNested(it: Interpreter, reads: LoopReads): boolean {
  for (const name of reads.called) if (closure(it, name) !== undefined) return true;
  return false;
}

/** The same value for what a run can see: every property equal, the taint by its content. */
function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a) as (keyof Value)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (key === 'taint') {
      if (!sameTaint(a.taint, b.taint)) return false;
    } else if (a[key] !== b[key]) return false;
  }
  return true;
}
