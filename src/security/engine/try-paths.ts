import type { Scope } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { joinValues, type Value } from './taint.js';

/**
 * The states an exception may leave a `try` body (or a handler, an `else`, a swallowing `with`) in (w120). It may be
 * raised before any statement that can raise, so what a handler, a `finally` and the code after a swallowing
 * manager see is the join of the states before each such statement, not only the body's end: `cmd =
 * request.args["q"]; try: int("x"); cmd = "ls" finally: os.system(cmd)` runs the sink with the request's data.
 * A `return`, `break` or `continue` leaves through `finally` too, so the state before one counts as well.
 *
 * Each state is joined in as the statement starts (`runStatement`). The first is copied whole; after it only the
 * names the statements run since the last one mention (`touch`: their identifiers, and the outer names a closure
 * run in place wrote) can hold anything new, so only those are joined: the cost follows the statements run, not the
 * scope's size times their number (a 10,000-line body binding 10,000 names was quadratic).
 */
export class RaiseStates {
  /** the join of the states added; undefined while none was */
  scope: Scope | undefined;
  /** the value last joined in for each name: an unchanged entry is not joined again */
  private readonly seen = new Map<string, Value>();
  /** the names written since the last state was added, by what ran */
  private readonly pending = new Set<string>();
  /** the members (`req.query.cmd`) the join holds, by their root (`req`) */
  private readonly members = new Map<string, Set<string>>();
  /**
   * the states before a `return`, `break` or `continue`: they leave through `finally` even when a handler catches
   * everything
   */
  exits: RaiseStates | undefined;

  /** outer names closures run in place wrote here, which no statement's text shows: a join of this one needs them */
  private readonly written = new Set<string>();

  /** Says that what ran since the last state may have written these names (and members rooted at them). */
  touch(names: Iterable<string>): void {
    if (!this.scope) return;
    for (const name of names) this.pending.add(name);
  }

  /** Says that a closure run in place wrote these outer names. */
  closureWrote(names: Iterable<string>): void {
    for (const name of names) {
      this.written.add(name);
      if (this.scope) this.pending.add(name);
    }
  }

  /** Joins in `state`; `exit`: it is left by a `return`, `break` or `continue`. */
  add(state: Scope, exit = false): void {
    if (exit) {
      this.exits ??= new RaiseStates();
      this.exits.add(state);
    }
    if (!this.scope) {
      // a name not in `seen` still holds this first state's value in the join: only members are indexed here, so
      // a try in a scope of thousands of names copies it once (review r29's F3)
      this.scope = new Map(state);
      for (const name of state.keys()) {
        const root = rootOf(name);
        if (root !== name) this.member(root).add(name);
      }
      return;
    }
    const joined = this.scope;
    for (const name of this.pending) {
      const value = state.get(name);
      if (value !== undefined && rootOf(name) !== name) continue;
      const here = joined.get(name);
      if (value === undefined) {
        // a variable bound on another path only keeps its value without a held check
        if (here?.held) joined.set(name, joinValues(here, undefined));
      } else if (this.last(name) !== value) {
        this.seen.set(name, value);
        joined.set(name, joinValues(here, value));
      }
      const members = this.members.get(name);
      if (!members) continue;
      // a member (`req.query.cmd`) this state does not hold is read afresh from its root, as after a branch; one
      // the join does not hold stays so
      for (const key of members) {
        const held = state.get(key);
        if (held === undefined) {
          joined.delete(key);
          this.seen.delete(key);
          members.delete(key);
        } else if (this.last(key) !== held) {
          this.seen.set(key, held);
          joined.set(key, joinValues(joined.get(key), held));
        }
      }
    }
    this.pending.clear();
  }

  /**
   * Joins in every state `other` holds, its exits as exits; `names`: what the statement `other`'s states come from
   * mentions (`mentions` of the `try` or `with`), with which the outer names its closures wrote are all it may have
   * changed. `asExits`: they are left by a `return`, `break` or `continue`.
   */
  addAll(other: RaiseStates, names: readonly string[], asExits = false): void {
    if (asExits) {
      this.exits ??= new RaiseStates();
      this.exits.addAll(other, names);
    }
    for (const name of other.written) this.written.add(name);
    if (other.scope) {
      this.touch(names);
      this.touch(other.written);
      this.add(other.scope);
    }
    if (other.exits) {
      this.exits ??= new RaiseStates();
      this.exits.addAll(other.exits, names);
    }
  }

  /** The value last joined in for `name`: the first state's, which the join still holds, unless one was since. */
  private last(name: string): Value | undefined {
    return this.seen.has(name) ? this.seen.get(name) : this.scope?.get(name);
  }

  private member(root: string): Set<string> {
    let members = this.members.get(root);
    if (!members) {
      members = new Set();
      this.members.set(root, members);
    }
    return members;
  }
}

/** `req` of `req.query.cmd`, `h` of `h["X"]`; a variable's own name. */
const rootOf = (key: string): string => {
  const dot = key.indexOf('.');
  const bracket = key.indexOf('[');
  const end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
  return end < 0 ? key : key.slice(0, end);
};

/**
 * The names a statement mentions, at any depth (its identifiers, `this`), read once per node: what running it may
 * have written is among them, or among the outer names a closure it ran wrote (`summaries.ts` touches those).
 */
export function mentions(node: SyntaxNode): readonly string[] {
  const known = MENTIONS.get(node);
  if (known) return known;
  const names = new Set<string>();
  if (node.order >= 0) {
    // the file's list of named nodes (`preorder`), read backwards: the leaves in the order the stack below meets them
    const nodes = node.file.nodes;
    for (let index = node.after - 1; index >= node.order; index--) {
      const current = nodes[index]!;
      if (current.namedChildren.length === 0 && namesSomething(current)) names.add(current.text);
    }
  } else {
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.namedChildren.length === 0) {
        if (namesSomething(current)) names.add(current.text);
        continue;
      }
      for (const child of current.namedChildren) stack.push(child);
    }
  }
  const list = [...names];
  MENTIONS.set(node, list);
  return list;
}

const MENTIONS = new WeakMap<SyntaxNode, readonly string[]>();

const namesSomething = (leaf: SyntaxNode): boolean =>
  leaf.type.endsWith('identifier') || leaf.type === 'this';

/** A statement that leaves through a `finally` without raising. */
export function leavesThroughFinally(node: SyntaxNode): boolean {
  return EXITS.test(node.type);
}

const EXITS = /^(?:return_statement|break_statement|continue_statement)$/;

/**
 * Whether running `node` may raise, or leave through a `finally` (`return`, `break`, `continue`): anything but a
 * statement that does nothing (`pass`, a comment, `global`), a plain `def`, or a name bound to a literal (`cmd =
 * "ls"`, `let n = 0;`), which cannot raise. Python's asynchronous exceptions (`KeyboardInterrupt` between two
 * statements) are not followed: no request sends one.
 */
export function mayRaise(node: SyntaxNode): boolean {
  switch (node.type) {
    case 'pass_statement':
    case 'comment':
    case 'empty_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'function_definition':
    case 'function_declaration':
      return false;
    case 'expression_statement':
      return !node.namedChildren.every(literalBinding);
    case 'lexical_declaration':
    case 'variable_declaration':
      return !node.namedChildren.every(
        (declarator) =>
          declarator.type === 'variable_declarator' &&
          declarator.childForFieldName('name')?.type === 'identifier' &&
          literal(declarator.childForFieldName('value')),
      );
    default:
      return true;
  }
}

/** `cmd = "ls"`, `n = 0`: a name bound to a literal. */
function literalBinding(node: SyntaxNode): boolean {
  if (node.type !== 'assignment' && node.type !== 'assignment_expression') return false;
  return node.childForFieldName('left')?.type === 'identifier' && literal(node.childForFieldName('right'));
}

/** A literal that evaluates without running anything (a string with no interpolation, a number, a keyword); absent counts. */
function literal(node: SyntaxNode | null): boolean {
  if (!node) return true;
  if (node.type === 'string')
    return !node.namedChildren.some(
      (child) => child.type === 'interpolation' || child.type === 'template_substitution',
    );
  return LITERAL.test(node.type);
}

const LITERAL = /^(?:integer|float|number|true|false|none|null|undefined)$/;

/**
 * A handler that catches every exception, so nothing the body raises passes it on to `finally` or out of the `try`:
 * JavaScript's `catch`, Python's bare `except:` and `except BaseException:`. `except Exception:` is not one:
 * `SystemExit` (a helper's `sys.exit()`) passes it.
 */
export function catchesEverything(handler: SyntaxNode): boolean {
  if (handler.type === 'catch_clause') return true;
  if (handler.type !== 'except_clause') return false;
  const caught = handler.namedChildren.find((child) => child.type !== 'block' && child.type !== 'comment');
  if (!caught) return true;
  const type = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
  return type?.text === 'BaseException';
}
