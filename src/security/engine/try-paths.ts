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
 * Each state is joined in as the statement starts (`runStatement`), and only the entries that changed since the last
 * one (by identity): the cost is one walk of the scope per statement run inside a `try`, not a copy.
 */
export class RaiseStates {
  /** the join of the states added; undefined while none was */
  scope: Scope | undefined;
  /** the value last joined in for each name: an unchanged entry is not joined again */
  private readonly seen = new Map<string, Value>();
  /**
   * the states before a `return`, `break` or `continue`: they leave through `finally` even when a handler catches
   * everything
   */
  exits: RaiseStates | undefined;

  /** Joins in `state`; `exit`: it is left by a `return`, `break` or `continue`. */
  add(state: Scope, exit = false): void {
    if (exit) {
      this.exits ??= new RaiseStates();
      this.exits.add(state);
    }
    if (!this.scope) {
      this.scope = new Map(state);
      for (const [name, value] of state) this.seen.set(name, value);
      return;
    }
    const joined = this.scope;
    let shared = 0;
    for (const [name, value] of state) {
      const here = joined.get(name);
      if (here === undefined) {
        // a member (`req.query.cmd`) some earlier state did not hold is read afresh from its root, as after a branch
        if (!MEMBER_KEY.test(name)) {
          joined.set(name, joinValues(undefined, value));
          this.seen.set(name, value);
          shared++;
        }
        continue;
      }
      shared++;
      if (this.seen.get(name) === value) continue;
      this.seen.set(name, value);
      joined.set(name, joinValues(here, value));
    }
    if (shared === joined.size) return;
    // names this state does not hold: a member is read afresh, a variable keeps its value without a held check
    for (const [name, value] of joined) {
      if (state.has(name)) continue;
      if (MEMBER_KEY.test(name)) {
        joined.delete(name);
        this.seen.delete(name);
      } else if (value.held) joined.set(name, joinValues(value, undefined));
    }
  }

  /** Joins in every state `other` holds, its exits as exits. */
  addAll(other: RaiseStates): void {
    if (other.scope) this.add(other.scope);
    if (other.exits?.scope) {
      this.exits ??= new RaiseStates();
      this.exits.add(other.exits.scope);
    }
  }
}

/** A statement that leaves through a `finally` without raising. */
export function leavesThroughFinally(node: SyntaxNode): boolean {
  return EXITS.test(node.type);
}

const EXITS = /^(?:return_statement|break_statement|continue_statement)$/;

/** A scope key that names a member (`req.query.cmd`, `self.url`), not a variable (as in statements.ts). */
const MEMBER_KEY = /[.[]/;

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
