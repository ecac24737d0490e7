import { NO_INPUTS, ranInPlace } from './closure-inputs.js';
import { recordOuterWrites } from './closure-writes.js';
import { matchesAny } from './conditions.js';
import { truthy } from './constants.js';
import { tick } from './deadline.js';
import { applyGuard } from './guards.js';
import type { Interpreter, Scope } from './interpreter.js';
import {
  type JumpsOut,
  jump,
  jumpAgain,
  jumpMarks,
  labelsOf,
  takeJumps,
  takeLabelled,
} from './labelled-jumps.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import {
  carriedChange,
  dropRepeatedMatches,
  extraWorkLeft,
  loopReads,
  MAX_EXTRA_PASSES,
  rememberLoop,
  replayLoop,
} from './loop-passes.js';
import { classBody, javascriptClass, matchStatement, switchStatement } from './match-statement.js';
import { endsPath } from './path-endings.js';
import { assertionPatterns, loopSinks, responseReturn, returnedHeaders } from './sinks.js';
import { foldPieces } from './string-folding.js';
import { closureDef } from './summaries.js';
import { isClause, isCompound, isFunctionNode, moduleName, stringText } from './syntax-nodes.js';
import { CLEAN, joinValues, type Value } from './taint.js';
import { catchesEverything, leavesThroughFinally, mayRaise, mentions, RaiseStates } from './try-paths.js';

/**
 * Statements: the order things run in. A branch whose condition folds to a constant runs one side only;
 * otherwise both sides run on copies of the scope, each with the condition's guard applied, and join. A
 * statement that returns, raises or aborts ends its frame, so a branch that does adds nothing to the join.
 */

export function runBlock(it: Interpreter, node: SyntaxNode): void {
  for (const child of node.namedChildren) {
    if (it.frame.terminated) return;
    runStatement(it, child);
  }
}

export function runStatement(it: Interpreter, node: SyntaxNode): void {
  // a statement is a unit of work: a compound's blocks run through `runCompound`, not `it.block` (review r28:
  // 16,000 `if`/`else` in one function ticked never, and the file's budget went unread)
  tick();
  if (it.extraPassDepth > 0) it.extraStatements++;
  else it.statementsRun++;
  const raising = it.frame.raising;
  if (!raising) {
    runKind(it, node);
    return;
  }
  // inside a `try` body, a handler or a swallowing `with`: an exception raised here leaves this state
  if (mayRaise(node)) raising.add(it.frame.scope, leavesThroughFinally(node));
  // a compound statement's header binds names before a statement inside it raises (`for cmd in …`, a walrus in an
  // `if`, `with … as`): the states added inside must join them too (review r29's F2)
  const names = mentions(node);
  raising.touch(names);
  runKind(it, node);
  raising.touch(names);
}

function runKind(it: Interpreter, node: SyntaxNode): void {
  switch (node.type) {
    case 'expression_statement':
      for (const child of node.namedChildren) {
        if (child.type === 'internal_module') {
          namespaceBody(it, child);
          continue;
        }
        if (it.running.length > 0) assignedFunction(it, child);
        const value = it.expr(child);
        // A statement whose value always raises (`.decode()` of text, `bytes.fromhex` of bytes)
        // ends the path as `raise` does: the statements after it never run.
        if (value.raises) it.frame.terminated = true;
        if ((child.type === 'call' || child.type === 'call_expression') && endsPath(it, child, value))
          it.frame.terminated = true;
      }
      return;
    case 'lexical_declaration':
    case 'variable_declaration':
      for (const declarator of node.namedChildren) {
        if (declarator.type !== 'variable_declarator') continue;
        const name = declarator.childForFieldName('name');
        const valueNode = declarator.childForFieldName('value');
        if (!name) continue;
        if (valueNode?.type === 'class') javascriptClass(it, valueNode, name.text);
        if (valueNode && isFunctionNode(valueNode)) {
          // Analysed as a function of its own, unless it sits in a callback (callbacks are not
          // collected): then it is known here, as a closure of the running code.
          if (it.running.length > 0 && !it.functionAt(valueNode))
            it.allFunctions.push(closureDef(name.text, valueNode));
          runHandler(it, valueNode);
          continue;
        }
        // `var cmd;` again (in a loop, after `var cmd = …`) leaves what `cmd` holds: var binds once per function
        if (!valueNode && node.type === 'variable_declaration' && it.frame.scope.has(name.text)) continue;
        const value = valueNode ? it.withContext(name.text, () => it.expr(valueNode)) : CLEAN;
        it.bind(name, value, valueNode);
      }
      return;
    case 'return_statement': {
      const child = node.namedChildren[0];
      const value = child ? it.withContext(it.frame.fn?.name, () => it.expr(child)) : CLEAN;
      it.recordReturn(value, node);
      recordOuterWrites(it);
      // A web handler's own return (not a closure's inside it) is its response.
      const fn = it.frame.fn;
      if (fn?.handler && it.running.at(-1) === fn.node) {
        responseReturn({ it, value, node, expression: child });
        returnedHeaders(it, value, node);
      }
      it.frame.terminated = true;
      return;
    }
    case 'except_clause':
    case 'catch_clause':
      runCompound(it, node);
      return;
    case 'raise_statement':
    case 'throw_statement':
    case 'continue_statement':
    case 'break_statement':
      if (node.type === 'break_statement' || node.type === 'continue_statement') jump(it, node);
      else for (const child of node.namedChildren) it.expr(child);
      it.frame.terminated = true;
      return;
    case 'if_statement':
      ifStatement(it, node);
      return;
    case 'for_statement':
    case 'for_in_statement':
      forStatement(it, node);
      return;
    case 'while_statement':
    case 'do_statement':
      loop(it, { node, condition: node.childForFieldName('condition') });
      loopElse(it, node);
      return;
    case 'try_statement':
      tryStatement(it, node);
      return;
    case 'match_statement':
      matchStatement(it, node);
      return;
    case 'switch_statement':
      switchStatement(it, node);
      return;
    case 'class_definition':
      classBody(it, node);
      return;
    case 'class_declaration':
    case 'abstract_class_declaration':
      javascriptClass(it, node);
      return;
    case 'decorated_definition': {
      const definition = node.childForFieldName('definition');
      if (definition?.type === 'class_definition') classBody(it, definition);
      return;
    }
    case 'with_statement':
      if (it.language === 'python') withStatement(it, node);
      else runCompound(it, node);
      return;
    case 'block':
    case 'statement_block':
    case 'else_clause':
    case 'finally_clause':
    case 'with_clause':
      runCompound(it, node);
      return;
    case 'labeled_statement':
      labelledStatement(it, node);
      return;
    case 'with_item':
      withItem(it, node);
      return;
    case 'assert_statement':
      assertStatement(it, node);
      return;
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
    case 'import_declaration':
      imports(it, node);
      return;
    case 'export_statement': {
      const declaration = node.childForFieldName('declaration');
      if (declaration) runStatement(it, declaration);
      else
        for (const child of node.namedChildren) {
          // `export default class { … }`: its fields and static blocks run as a declared class's do
          if (child.type === 'class') javascriptClass(it, child);
          else if (!isFunctionNode(child)) it.expr(child);
        }
      return;
    }
    case 'module':
    case 'internal_module':
      namespaceBody(it, node);
      return;
    case 'function_definition':
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'method_definition':
    case 'interface_declaration':
    case 'type_alias_declaration':
    case 'enum_declaration':
    case 'comment':
    case 'pass_statement':
    case 'empty_statement':
    case 'global_statement':
    case 'nonlocal_statement':
      // Definitions run when called (functions are summarised on their own; class bodies run above);
      // module-level decorators such as @app.route run at import, and nothing in them carries taint the
      // engine tracks.
      if (node.type === 'function_declaration' && it.running.length > 0) {
        const name = node.childForFieldName('name')?.text;
        if (name && !it.functionAt(node)) it.allFunctions.push(closureDef(name, node));
        // run where it is declared, with the data around it: a later call with the same data loses nothing
        const declared = it.functionAt(node);
        if (declared && !it.isRunning(node)) ranInPlace(it, declared, NO_INPUTS);
        runHandler(it, node);
      }
      return;
    case 'delete_statement':
      deleted(it, node);
      for (const child of node.namedChildren) it.expr(child);
      return;
    default:
      for (const child of node.namedChildren) it.expr(child);
  }
}

export function runCompound(it: Interpreter, node: SyntaxNode): void {
  if (node.type === 'except_clause' || node.type === 'except_group_clause' || node.type === 'catch_clause')
    caughtException(it, node);
  if (!isCompound(node.type)) {
    runStatement(it, node);
    return;
  }
  for (const child of node.namedChildren) {
    if (it.frame.terminated) return;
    if (child.type === 'block' || child.type === 'statement_block' || isClause(child.type))
      runCompound(it, child);
    else runStatement(it, child);
  }
}

/** A `with` item: its context manager's value, bound to its `as` target; a manager that raises ends the path. */
function withItem(it: Interpreter, node: SyntaxNode): Value {
  const value = node.namedChildren[0];
  if (!value) return CLEAN;
  const [expression, alias] = value.type === 'as_pattern' ? value.namedChildren : [value];
  const result = expression ? it.expr(expression) : CLEAN;
  if (alias) it.bind(alias.namedChildren[0] ?? alias, result, expression ?? null);
  if (result.raises) it.frame.terminated = true;
  return result;
}

/**
 * Python's `with`: the managers run first (one that raises ends the path), then the body. A manager's
 * `__exit__` may swallow what the body raised (`contextlib.suppress(NameError)`, any manager the file does
 * not show): a body that ends there goes on after the `with`, with what it may have set, unless every
 * manager is one known to let exceptions through (`plainManager`: files, locks, connections…). `with A, B:`
 * is `with A: with B:`, so an item that raises after a manager that may swallow goes on after the `with`
 * too (its body never runs).
 */
function withStatement(it: Interpreter, node: SyntaxNode): void {
  const clause = node.namedChildren.find((child) => child.type === 'with_clause');
  const body = node.childForFieldName('body');
  const managers: Value[] = [];
  for (const item of clause?.namedChildren ?? []) {
    if (item.type !== 'with_item') continue;
    const manager = withItem(it, item);
    if (it.frame.terminated) {
      if (managers.some((entered) => !plainManager(it, entered, node))) it.frame.terminated = false;
      return;
    }
    managers.push(manager);
  }
  if (!body) return;
  if (managers.every((manager) => plainManager(it, manager, node))) {
    runCompound(it, body);
    return;
  }
  // A manager may swallow what the body raised: the code after the `with` goes on from the state wherever the
  // body may have raised (w120: not only its start and end), and the body's end when it goes on.
  const frame = it.frame;
  const outer = frame.raising;
  const raised = new RaiseStates();
  frame.raising = raised;
  try {
    runCompound(it, body);
  } finally {
    frame.raising = outer;
  }
  // what it raised may not be what the manager swallows: it goes on raising around the `with` too
  outer?.addAll(raised, mentions(node));
  if (!raised.scope) return;
  if (!frame.terminated) raised.add(frame.scope);
  frame.scope = raised.scope;
  frame.terminated = false;
}

/**
 * A context manager whose `__exit__` never swallows an exception: one of `PLAIN_MANAGERS` by the name it
 * resolves to (an import alias is what it names: `from contextlib import suppress as open` is `suppress`),
 * in a file that never rebinds that name nor writes the module's attributes (`def open`, `open = …`,
 * `threading.Lock = contextlib.suppress`, `setattr(threading, …)`: any use of the name but a call of it or of
 * one of its attributes, or its import), and, for a built-in (`open`), never names `builtins`.
 * Not seen: a write to `builtins` or to the module by a name the file computes.
 */
function plainManager(it: Interpreter, manager: Value, node: SyntaxNode): boolean {
  const path = manager.path?.replace(/\(\)$/, '');
  if (path === undefined || !PLAIN_MANAGERS.has(path)) return false;
  const names = nameUses(node);
  const root = path.split('.')[0]!;
  const uses = names.get(root);
  if (uses && uses.other > 0) return false;
  // A built-in: nothing may import it under its name, or reach it through the builtins module.
  if (!path.includes('.') && (uses?.imported || names.has('builtins') || names.has('__builtins__')))
    return false;
  return true;
}

/** How a file uses each Python name: read or called (`open(…)`, `threading.Lock()`), imported, or otherwise. */
interface NameUses {
  /** spelled in an import (`import threading`, `from threading import Lock`) */
  imported: number;
  /** any other use: a binding (`def`, `=`, `as`, a parameter…), an attribute written, the name passed on */
  other: number;
}

/** The file's name uses, read once per file from its tree (every `with` asks of the same file). */
function nameUses(node: SyntaxNode): Map<string, NameUses> {
  let root = node;
  while (root.parent) root = root.parent;
  let uses = namesOfFile.get(root);
  if (uses) return uses;
  uses = new Map();
  namesOfFile.set(root, uses);
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const child of current.namedChildren) stack.push(child);
    if (current.type !== 'identifier' || current.field === 'attribute') continue;
    if (current.field === 'name' && current.parent?.type === 'keyword_argument') continue;
    const kind = nameUse(current);
    if (kind === 'called') continue;
    const counts = uses.get(current.text) ?? { imported: 0, other: 0 };
    counts[kind]++;
    uses.set(current.text, counts);
  }
  return uses;
}

const namesOfFile = new WeakMap<SyntaxNode, Map<string, NameUses>>();

/**
 * One use of a name: `called` when it is called or one of its attributes is, however deep (`open(…)`,
 * `threading.Lock()`); `imported` when it names the module an import reads (`import threading`, `from
 * threading import …`) or a name a `from` import binds; `other` for anything else.
 */
function nameUse(identifier: SyntaxNode): 'called' | 'imported' | 'other' {
  let top = identifier;
  while (top.parent?.type === 'attribute' && top.field === 'object') top = top.parent;
  if (top.parent?.type === 'call' && top.field === 'function') return 'called';
  const dotted = identifier.parent;
  if (dotted?.type !== 'dotted_name' || dotted.namedChildren[0] !== identifier) return 'other';
  const statement = dotted.parent?.type === 'aliased_import' ? dotted.parent.parent : dotted.parent;
  if (statement?.type === 'import_statement') return 'imported';
  // `from m import x`: `m` is read, `x` is bound (`from contextlib import suppress`); `from m import x as y`
  // binds `y`, an `other` use of it.
  if (statement?.type === 'import_from_statement') return 'imported';
  return 'other';
}

/**
 * Managers whose `__exit__` returns nothing true (CPython 3.11 and the libraries' sources), named one by one:
 * files, archives, temporary files, locks, pools, sockets, connections and sessions.
 */
const PLAIN_MANAGERS: ReadonlySet<string> = new Set([
  'open',
  'io.open',
  'codecs.open',
  'gzip.open',
  'bz2.open',
  'lzma.open',
  'tarfile.open',
  'dbm.open',
  'shelve.open',
  'zipfile.ZipFile',
  'tarfile.TarFile',
  'tempfile.TemporaryFile',
  'tempfile.NamedTemporaryFile',
  'tempfile.SpooledTemporaryFile',
  'tempfile.TemporaryDirectory',
  'sqlite3.connect',
  'socket.socket',
  'socket.create_connection',
  'socket.create_server',
  'urllib.request.urlopen',
  'subprocess.Popen',
  'os.scandir',
  'os.fdopen',
  'os.popen',
  'threading.Lock',
  'threading.RLock',
  'threading.Semaphore',
  'threading.BoundedSemaphore',
  'threading.Condition',
  'multiprocessing.Lock',
  'multiprocessing.RLock',
  'multiprocessing.Semaphore',
  'multiprocessing.BoundedSemaphore',
  'multiprocessing.Condition',
  'multiprocessing.Pool',
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
  'ftplib.FTP',
  'ftplib.FTP_TLS',
  'smtplib.SMTP',
  'smtplib.SMTP_SSL',
  'smtplib.LMTP',
  'telnetlib.Telnet',
  'imaplib.IMAP4',
  'imaplib.IMAP4_SSL',
  'requests.get',
  'requests.post',
  'requests.put',
  'requests.patch',
  'requests.delete',
  'requests.head',
  'requests.request',
  'requests.Session',
  'requests.session',
  'httpx.Client',
  'httpx.AsyncClient',
  'httpx.stream',
  'paramiko.SSHClient',
  'paramiko.SFTPClient',
  'paramiko.Transport',
]);

function assertStatement(it: Interpreter, node: SyntaxNode): void {
  const condition = node.namedChildren[0];
  if (condition) assertionPatterns(it, condition, node);
  if (condition) {
    it.expr(condition);
    applyGuard(it, condition, true);
  }
}

function ifStatement(it: Interpreter, node: SyntaxNode): void {
  const condition = node.childForFieldName('condition');
  const consequence = node.childForFieldName('consequence');
  const alternatives = node
    .childrenForFieldName('alternative')
    .filter((child): child is SyntaxNode => !!child);
  branch({ it, condition, consequence, rest: alternatives });
}

/**
 * `if condition: consequence` followed by `rest` (elif/else): a condition that folds to a constant
 * runs one side only, so a branch that can never run carries no taint; otherwise both sides run with
 * the condition's guard applied each way, and their scopes are joined.
 */
function branch({
  it,
  condition,
  consequence,
  rest,
}: {
  it: Interpreter;
  condition: SyntaxNode | null;
  consequence: SyntaxNode | null;
  rest: SyntaxNode[];
}): void {
  const decided = condition ? it.expr(condition) : CLEAN;
  if (decided.known) {
    if (truthy(decided.constant)) {
      if (consequence) runCompound(it, consequence);
    } else alternativeChain(it, rest);
    return;
  }
  const before = new Map(it.frame.scope);
  if (condition) applyGuard(it, condition, true);
  if (consequence) runCompound(it, consequence);
  const thenScope = it.frame.scope;
  const thenEnded = it.frame.terminated;
  // `before` is this call's own copy, read nowhere else: the other side runs on it
  it.frame.scope = before;
  it.frame.terminated = false;
  if (condition) applyGuard(it, condition, false);
  alternativeChain(it, rest);
  joinBranch(it, thenScope, thenEnded);
}

function alternativeChain(it: Interpreter, alternatives: SyntaxNode[]): void {
  const [first, ...rest] = alternatives;
  if (!first) return;
  if (first.type === 'elif_clause') {
    branch({
      it,
      condition: first.childForFieldName('condition'),
      consequence: first.childForFieldName('consequence'),
      rest,
    });
    return;
  }
  // JS: else_clause holding an if_statement or a block; Python: else_clause with a body.
  runCompound(it, first);
}

/**
 * Joins the state after one branch (`other`) into the current one; a terminated branch adds nothing. The
 * current scope is a map made for the side that ran last (`before` in `branch` and `loop`, or one a statement
 * nested there made), which nothing else holds: it is joined into in place, not copied first (issue 59).
 */
function joinBranch(it: Interpreter, other: Scope, otherEnded: boolean): void {
  if (otherEnded) return;
  if (it.frame.terminated) {
    it.frame.scope = other;
    it.frame.terminated = false;
    return;
  }
  const scope = it.frame.scope;
  for (const [name, value] of other) {
    const here = scope.get(name);
    if (here === undefined && MEMBER_KEY.test(name)) continue;
    scope.set(name, joinValues(here, value));
  }
  // Keys only the side that ran last holds (review r12 of w69): a member (`req.query.cmd`) one side cleared
  // or wrote, the other reads afresh, so it is dropped and read afresh past the join (a write's data is in
  // its root, `bindings.ts`); a variable bound there only keeps its value without a held check.
  for (const [name, value] of scope) {
    if (other.has(name)) continue;
    if (MEMBER_KEY.test(name)) scope.delete(name);
    else if (value.held) scope.set(name, joinValues(value, undefined));
  }
}

/** A scope key that names a member (`req.query.cmd`, `self.url`), not a variable. */
const MEMBER_KEY = /[.[]/;

function forStatement(it: Interpreter, node: SyntaxNode): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left && right) {
    const iterable = it.expr(right);
    const target =
      left.type === 'lexical_declaration' || left.type === 'variable_declaration'
        ? left.namedChildren[0]
        : left;
    const name = target ? (target.childForFieldName('name') ?? target) : undefined;
    // each iteration binds the target afresh from the iterable
    const next = name ? () => it.bind(name, { taint: iterable.taint }, null) : undefined;
    next?.();
    const accumulated = name ? accumulatingLoop({ it, node, name, iterable }) : undefined;
    // a folding loop's result is bound from its constant pieces: its body's passes decide nothing
    loop(it, { node, condition: null, next, once: !!accumulated, bound: name ? targetNames(name) : [] });
    accumulated?.();
    loopElse(it, node);
    return;
  }
  const initializer = node.childForFieldName('initializer');
  if (initializer) runStatement(it, initializer);
  loop(it, { node, condition: node.childForFieldName('condition') });
  loopElse(it, node);
}

/** The names a `for` target binds: `p`, `(k, v)`, `[a, b]`, `{ x, y: z }`. */
function targetNames(target: SyntaxNode): string[] {
  if (target.type === 'identifier') return [target.text];
  const names: string[] = [];
  const stack = [target];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern')
      names.push(node.text);
    for (const child of node.namedChildren) stack.push(child);
  }
  return names;
}

/** A TypeScript `namespace N { … }`/`module M { … }`: its body runs once, in a scope of its own. */
function namespaceBody(it: Interpreter, node: SyntaxNode): void {
  const body = node.childForFieldName('body');
  if (!body) return;
  const outer = it.frame.scope;
  it.frame.scope = new Map(outer);
  try {
    runCompound(it, body);
  } finally {
    it.frame.scope = outer;
  }
}

/** Python's `for`/`while … else:` runs when the loop ends without `break`: a branch that may not run. */
function loopElse(it: Interpreter, node: SyntaxNode): void {
  const alternative = node.childForFieldName('alternative');
  if (!alternative || it.frame.terminated) return;
  const before = new Map(it.frame.scope);
  runCompound(it, alternative);
  const elseScope = it.frame.scope;
  const elseEnded = it.frame.terminated;
  it.frame.scope = before;
  it.frame.terminated = false;
  joinBranch(it, elseScope, elseEnded);
}

/**
 * `for p in ["s", "k_l", "ive_…"]: key += p` (JavaScript: `for (const p of […]) key += p;`): a loop whose
 * only statement adds each piece of a constant list to known text leaves that text with every piece added
 * in order (nothing in the body can stop it early). Undefined for any other loop; else what binds the
 * result, to run once the loop has run.
 */
function accumulatingLoop({
  it,
  node,
  name,
  iterable,
}: {
  it: Interpreter;
  node: SyntaxNode;
  name: SyntaxNode;
  iterable: Value;
}): (() => void) | undefined {
  if (!iterable.elements || name.type !== 'identifier') return undefined;
  if (
    node.type === 'for_in_statement' &&
    !node.children.some((child) => !child.isNamed && child.text === 'of')
  )
    return undefined;
  const body = node.childForFieldName('body');
  const statements =
    body?.type === 'block' || body?.type === 'statement_block'
      ? body.namedChildren.filter((child) => child.type !== 'comment')
      : body
        ? [body]
        : [];
  const update =
    statements.length === 1 && statements[0]?.type === 'expression_statement'
      ? statements[0].namedChildren[0]
      : undefined;
  if (!update || !/^augmented_assignment(?:_expression)?$/.test(update.type)) return undefined;
  const accumulator = update.childForFieldName('left');
  if (
    update.childForFieldName('operator')?.text !== '+=' ||
    accumulator?.type !== 'identifier' ||
    update.childForFieldName('right')?.text !== name.text
  )
    return undefined;
  const start = it.lookup(accumulator.text);
  const folded = start ? foldPieces(start, iterable.elements) : undefined;
  return folded ? () => it.bind(accumulator, folded, update) : undefined;
}

/**
 * A loop: its body may not run at all, so what it sets joins the state before it; and it may run again, from
 * that join, while the join changes what the loop reads before binding it (`loop-passes.ts`: `cmd = "ls"; for
 * p in ps: os.system(cmd); cmd = p` reaches the sink on the second pass). Each pass runs the condition and
 * the body (and a C-style `for`'s update); a pass's matches that repeat an earlier one's are dropped.
 */
function loop(
  it: Interpreter,
  {
    node,
    condition,
    next,
    once = false,
    bound = [],
  }: {
    node: SyntaxNode;
    condition: SyntaxNode | null;
    /** binds the loop's target for the next iteration (a `for` over an iterable) */
    next?: () => void;
    /** the body runs once (a folding loop, whose result is bound from its pieces) */
    once?: boolean;
    /** the names the loop's header binds each iteration */
    bound?: readonly string[];
  },
): void {
  // a `do` body runs once before its condition is tested (review r20: `do { … } while (false)` was skipped)
  const tested = node.type === 'do_statement' ? null : condition;
  const decided = tested ? it.expr(tested) : CLEAN;
  if (decided.known && !truthy(decided.constant)) return;
  if (tested && it.rules.loopSinks.length > 0) loopBound(it, tested);
  const body = node.childForFieldName('body');
  const update = node.childForFieldName('increment');
  if (!once && body && replayLoop(it, node)) return;
  const start = it.matches.length;
  const entry = new Map(it.frame.scope);
  const labelledFrom = it.frame.labelled?.length ?? 0;
  let before = entry;
  loopPass(it, body, update);
  if (condition && !tested) {
    const again = it.expr(condition);
    if (it.rules.loopSinks.length > 0) loopBound(it, condition);
    if (again.known && !truthy(again.constant)) return;
  }
  if (once || !body) return;
  const reads = loopReads(node, bound);
  let passes = 0;
  while (carriedChange({ it, reads, before, after: it.frame.scope })) {
    if (passes === MAX_EXTRA_PASSES || !extraWorkLeft(it)) {
      it.loopUnsettled ??= node.startPosition.row + 1;
      break;
    }
    passes++;
    next?.();
    before = new Map(it.frame.scope);
    it.extraPassDepth++;
    try {
      if (condition) it.expr(condition);
      loopPass(it, body, update);
    } finally {
      it.extraPassDepth--;
    }
  }
  if (passes > 0) dropRepeatedMatches(it, start);
  // the jumps that left past this loop (`break outer`): a replay makes them again
  const jumped = it.frame.labelled?.slice(labelledFrom);
  rememberLoop({ it, loop: node, reads, before: entry, bound, jumped });
}

/**
 * One pass of a loop's body (and update) on the current scope, which becomes the join of the state before it,
 * the body's end and the states its `break`s and `continue`s left.
 */
function loopPass(it: Interpreter, body: SyntaxNode | null, update: SyntaxNode | null): void {
  const frame = it.frame;
  const before = new Map(frame.scope);
  const outerBreaks = frame.breaks;
  const outerContinues = frame.continues;
  const breaks: Scope[] = [];
  frame.breaks = breaks;
  frame.continues = breaks;
  const labels = labelsOf(body?.parent);
  const labelledFrom = frame.labelled?.length ?? 0;
  try {
    if (body) runCompound(it, body);
  } finally {
    frame.breaks = outerBreaks;
    frame.continues = outerContinues;
  }
  // `break L`/`continue L` of this loop's label, from loops inside it, go on after it or into its next pass
  breaks.push(...takeLabelled(frame, labels, labelledFrom));
  if (update && !it.frame.terminated) it.expr(update);
  // A loop body's `continue`/`break` ends the iteration, not the function: what the body set before a
  // `break` inside a branch goes on after the loop too.
  const bodyScope = it.frame.scope;
  it.frame.scope = before;
  it.frame.terminated = false;
  joinBranch(it, bodyScope, false);
  for (const broke of breaks) joinBranch(it, broke, false);
}

/**
 * A labelled statement: what `break L` left inside it goes on after it (a loop labelled `L` takes its own
 * `break L` and `continue L` in `loopPass`).
 */
function labelledStatement(it: Interpreter, node: SyntaxNode): void {
  const frame = it.frame;
  frame.labelled ??= [];
  const from = frame.labelled.length;
  runCompound(it, node);
  const label = node.childForFieldName('label')?.text;
  for (const broke of takeLabelled(frame, label ? [label] : [], from)) joinBranch(it, broke, false);
}

/** Import aliases, so that `from subprocess import run as r; r(x)` matches `subprocess.run`. */
function imports(it: Interpreter, node: SyntaxNode): void {
  if (node.type === 'import_statement' && it.language === 'python') {
    for (const child of node.namedChildren) {
      if (child.type === 'dotted_name') it.aliases.set(child.text.split('.')[0]!, child.text.split('.')[0]!);
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (name && alias) it.aliases.set(alias.text, name.text);
      }
    }
    return;
  }
  if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name')?.text ?? '';
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (name && alias) it.aliases.set(alias.text, `${module}.${name.text}`);
      } else it.aliases.set(child.text, `${module}.${child.text}`);
    }
    return;
  }
  // JavaScript / TypeScript: import x from 'm'; import * as x from 'm'; import { a as b } from 'm'
  const sourceNode = node.childForFieldName('source');
  if (!sourceNode) return;
  const module = moduleName(stringText(sourceNode));
  const clause = node.namedChildren.find((child) => child.type === 'import_clause');
  if (!clause) return;
  for (const part of clause.namedChildren) {
    if (part.type === 'identifier') it.aliases.set(part.text, module);
    else if (part.type === 'namespace_import') {
      const name = part.namedChildren[0];
      if (name) it.aliases.set(name.text, module);
    } else if (part.type === 'named_imports') {
      for (const specifier of part.namedChildren) {
        const name = specifier.childForFieldName('name');
        const alias = specifier.childForFieldName('alias');
        if (name) it.aliases.set((alias ?? name).text, `${module}.${name.text}`);
      }
    }
  }
}

/**
 * `run = lambda: os.system(cmd)`, `run = () => cp.exec(cmd)` in a function or a callback: a closure of that name,
 * as a declaration there is (review r20: a call of it ran nothing, so the data it reads from its caller, in a loop's
 * later iteration or after the assignment, reached no sink). The assignment itself still binds nothing.
 */
function assignedFunction(it: Interpreter, node: SyntaxNode): void {
  if (node.type !== 'assignment' && node.type !== 'assignment_expression') return;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'identifier' || !right || !isFunctionNode(right) || it.functionAt(right)) return;
  it.allFunctions.push(closureDef(left.text, right));
}

/**
 * A function defined inside the running one (an event handler in a component, a helper in a route) may
 * run whenever the page or framework calls it, with the variables it closes over: its body runs once in
 * place, its parameters carrying nothing (names that are sources by themselves, `event.data`, still are).
 */
function runHandler(it: Interpreter, node: SyntaxNode): void {
  if (it.running.length === 0 || it.isRunning(node)) return;
  it.runUncalled(node);
}

/**
 * `except Exception as e:`, `catch (err)`: the caught exception is a source (its message and trace are for
 * the logs), unless every type caught is one whose message is written for the client (`ValidationError`).
 */
function caughtException(it: Interpreter, node: SyntaxNode): void {
  const source = it.rules.exceptionSource;
  if (!source) return;
  let name: SyntaxNode | undefined;
  let types: SyntaxNode[] = [];
  if (node.type === 'catch_clause') name = node.childForFieldName('parameter') ?? undefined;
  else {
    const pattern = node.namedChildren.find((child) => child.type === 'as_pattern');
    const target = pattern?.namedChildren.find((child) => child.type === 'as_pattern_target');
    name = target?.namedChildren[0];
    const caught = pattern?.namedChildren[0];
    types = caught?.type === 'tuple' ? caught.namedChildren : caught ? [caught] : [];
  }
  if (name?.type !== 'identifier') return;
  if (types.length > 0 && source.not && types.every((type) => matchesAny(source.not, [type.text]))) return;
  it.setVariable(name.text, { taint: it.sourceTaint(source.label, node.startPosition.row + 1) });
}

/** `i < n`, `n > i`, `i <= len`: the side a loop counts up to, through the rules on loop bounds. */
function loopBound(it: Interpreter, condition: SyntaxNode): void {
  let node: SyntaxNode | undefined = condition;
  while (node && (node.type === 'parenthesized_expression' || node.type === 'expression_statement'))
    node = node.namedChildren[0];
  if (!node || (node.type !== 'binary_expression' && node.type !== 'comparison_operator')) return;
  const operator = (node.childForFieldName('operator') ?? node.children.find((child) => !child.isNamed))
    ?.text;
  const [left, right] =
    node.type === 'comparison_operator'
      ? node.namedChildren
      : [node.childForFieldName('left'), node.childForFieldName('right')];
  const [counter, bound] =
    operator === '<' || operator === '<='
      ? [left, right]
      : operator === '>' || operator === '>='
        ? [right, left]
        : [];
  // `i < n`: a counter (a plain name) run up to a bound that is not a literal.
  if (counter?.type === 'identifier' && bound && !/^(?:integer|float|number|string)$/.test(bound.type))
    loopSinks(it, it.expr(bound).taint, node);
}

/**
 * `try: … except E as e: … else: … finally: …` (w120, `try-paths.ts`). An exception may be raised before any
 * statement of the body that can raise, so each handler runs on the join of the states there and the body's end
 * (even when the body returns: `try: return build() except: …`). What the handlers do not catch (all of it when none
 * catches everything), what `else` and the handlers raise, and the states a `return`, `break` or `continue` leaves
 * through, pass through `finally` and on out of the `try`: `finally` runs on their join, then on the join of the
 * paths that go on (`else` or the body's end, and each handler's), which is what holds after the statement. A
 * `break` or `continue` leaves with what `finally` made of its state.
 */
function tryStatement(it: Interpreter, node: SyntaxNode): void {
  const handlers: SyntaxNode[] = [];
  const rest: SyntaxNode[] = [];
  let body: SyntaxNode | undefined;
  let finalizer: SyntaxNode | undefined;
  for (const child of node.namedChildren) {
    if (
      child.type === 'except_clause' ||
      child.type === 'catch_clause' ||
      child.type === 'except_group_clause'
    )
      handlers.push(child);
    else if (child.type === 'finally_clause') finalizer = child;
    else if (child.type === 'else_clause') rest.push(child);
    else if (!body && (child.type === 'block' || child.type === 'statement_block')) body = child;
  }
  const frame = it.frame;
  const outer = frame.raising;
  const marks = jumpMarks(frame);
  const fromBody = new RaiseStates();
  const fromLater = new RaiseStates();
  const ends: { scope: Scope; ended: boolean }[] = [];
  let entry: Scope;
  try {
    frame.raising = fromBody;
    if (body) runCompound(it, body);
    // What a handler sees: anything the body held where it may have raised, and at its end.
    fromBody.add(frame.scope);
    entry = fromBody.scope!;
    frame.raising = fromLater;
    for (const clause of rest) if (!frame.terminated) runCompound(it, clause);
    ends.push({ scope: frame.scope, ended: frame.terminated });
    for (const handler of handlers) {
      frame.scope = new Map(entry);
      frame.terminated = false;
      runCompound(it, handler);
      ends.push({ scope: frame.scope, ended: frame.terminated });
    }
  } finally {
    frame.raising = outer;
  }
  const names = mentions(node);
  // what the body raised passes the handlers unless one catches everything: the body's states, no longer read
  // (the handlers ran on their own copies), go on as what leaves, not copied again (review r29's F3)
  let leaving = fromBody;
  if (handlers.some(catchesEverything)) {
    leaving = new RaiseStates();
    if (fromBody.exits) leaving.addAll(fromBody.exits, names, true);
  }
  leaving.addAll(fromLater, names);
  const open = ends.filter((end) => !end.ended);
  frame.terminated = open.length === 0;
  if (open.length > 0) {
    const joined = new Map(open[0]!.scope);
    for (const end of open.slice(1))
      for (const [name, value] of end.scope) joined.set(name, joinValues(joined.get(name), value));
    frame.scope = joined;
  }
  if (!finalizer) {
    // what raised here goes on raising in the statements around the `try`
    outer?.addAll(leaving, names);
    return;
  }
  const start = it.matches.length;
  // the `break`s and `continue`s the try left through `finally`: they go on with what `finally` leaves
  const broke = takeJumps(frame, marks);
  const twice = open.length > 0 && leaving.scope !== undefined;
  if (twice && it.finallyTwiceDepth >= FINALLY_TWICE_LIMIT) {
    // a `try` inside a `finally` run twice runs twice per run, so each level doubled the cost (review r29's F1):
    // this deep, `finally` runs once on the join of the normal and the leaving paths, and both go on from there
    frame.scope = joinScopes(frame.scope, leaving.scope!);
    frame.terminated = false;
    runCompound(it, finalizer);
    if (!frame.terminated) leaveThroughFinally(it, { names, exits: !!leaving.exits, broke });
    return;
  }
  if (twice) it.finallyTwiceDepth++;
  try {
    let after: { scope: Scope; ended: boolean } | undefined;
    if (open.length > 0) {
      runCompound(it, finalizer);
      after = { scope: frame.scope, ended: frame.terminated };
    }
    if (leaving.scope || !after) {
      if (leaving.scope) frame.scope = leaving.scope;
      frame.terminated = false;
      runCompound(it, finalizer);
      if (!frame.terminated) leaveThroughFinally(it, { names, exits: !!leaving.exits, broke });
      dropRepeatedMatches(it, start);
    }
    if (after) {
      frame.scope = after.scope;
      frame.terminated = after.ended;
    } else frame.terminated = true;
  } finally {
    if (twice) it.finallyTwiceDepth--;
  }
}

/** How many `finally` blocks run twice may run one inside another before the next runs once on the join. */
const FINALLY_TWICE_LIMIT = 3;

/** An exception goes on raising, a `return` goes on returning, through the statements around a `finally`. */
function leaveThroughFinally(
  it: Interpreter,
  how: { names: readonly string[]; exits: boolean; broke: JumpsOut },
): void {
  const frame = it.frame;
  frame.raising?.touch(how.names);
  frame.raising?.add(frame.scope, how.exits);
  // the `break`s and `continue`s the try left through `finally` go on with what it leaves
  jumpAgain(frame, how.broke);
}

/**
 * Two paths' states joined; a variable bound on one path only keeps its value without a held check (as after a
 * branch).
 */
function joinScopes(one: Scope, other: Scope): Scope {
  const joined = new Map<string, Value>();
  for (const [name, value] of one) joined.set(name, joinValues(value, other.get(name)));
  for (const [name, value] of other) if (!one.has(name)) joined.set(name, joinValues(value, undefined));
  return joined;
}

/**
 * `del h["Content-Type"]`: a dict (or list) of headers an entry was deleted from no longer says what its literal
 * said (review r17's F2): what it holds is not seen.
 */
function deleted(it: Interpreter, node: SyntaxNode): void {
  const targets = node.namedChildren.flatMap((child) =>
    child.type === 'expression_list' ? child.namedChildren : [child],
  );
  for (const target of targets) {
    const holderNode = target.type === 'subscript' ? target.childForFieldName('value') : null;
    if (holderNode?.type !== 'identifier') continue;
    const holder = it.lookup(holderNode.text);
    if (holder?.properties || holder?.elements)
      it.frame.scope.set(holderNode.text, { ...holder, entriesUnseen: true });
  }
}
