import type { RuleLanguage } from '../rule-schema.js';
import type { CompiledMatcher, LanguageRules } from '../rules.js';
import { bind } from './bindings.js';
import { evaluateCall } from './calls.js';
import { codeOf } from './conditions.js';
import { tick } from './deadline.js';
import { evaluate } from './expressions.js';
import { FieldStore } from './fields.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import type { LoopMemo } from './loop-passes.js';
import { moduleStateNames, readModuleState } from './module-state.js';
import type { RangeTaint } from './range-taint.js';
import { runBlock } from './statements.js';
import { componentCall, emptySummary, recordReturn, runInline, SummaryTable } from './summaries.js';
import { isStatementContainer } from './syntax-nodes.js';
import {
  clearTaint,
  type Origin,
  PASSWORD_NAME,
  paramTaint,
  passwordTaint,
  sourceTaint,
  type Taint,
  type Value,
} from './taint.js';
import type { RaiseStates } from './try-paths.js';

/** A match before it becomes a Finding: where, which rule, and for taint the origin of the data. */
export interface RawMatch {
  matcher: CompiledMatcher;
  line: number;
  column: number;
  origin?: Origin;
  /** the helper call through which the data arrived, for messages */
  via?: { name: string; line: number };
  /** the data is a parameter of a function no caller in the file is seen calling */
  callerSupplied?: { function: string; parameter: string; whole?: boolean };
  /**
   * a pattern on data (`pickle.load(f)`) whose data arguments carry nothing but these parameters of the
   * running function: caller-supplied, as a sink's, when no caller of the function is seen (analyze.ts)
   */
  dataParams?: number[];
  /** the `dataParams` were combined with other text (`"<b>" + html`), not passed whole */
  dataBuilt?: true;
  /** a message made for this match (the route model names the route and the check it lacks) */
  message?: string;
}

export interface FunctionDef {
  name: string;
  node: SyntaxNode;
  body: SyntaxNode | null;
  params: {
    names: string[];
    kind: 'param' | 'source' | 'request';
    label?: string;
    /** declared as a number: cannot carry SQL or shell syntax */
    numeric?: boolean;
    /** `*args`, `**options`, `...rest`: framework plumbing more often than a caller's value */
    variadic?: boolean;
    /** a number its framework checks against an upper bound before the handler runs (`Query(1, le=50)`) */
    bounded?: boolean;
    /** the name of what the parameter holds, for matching (`fastapi.UploadFile()` for `file: UploadFile`) */
    path?: string;
  }[];
  htmlRoute: boolean;
  /** the class a method belongs to: its `self.x`/`this.x` fields are shared with the class's other methods */
  owner?: string;
  /** a web route (`@app.get(…)`): the framework calls it, so its other parameters are injected, not a caller's */
  route?: boolean;
  /** a web handler (a route, a Django view, an error handler): what it returns is the response */
  handler?: boolean;
}

export interface SummarySink {
  param: number;
  /** the parameter's data was combined with other text before reaching the sink */
  built: boolean;
  matcher: CompiledMatcher;
  line: number;
  column: number;
  /** the parameter's data was known to be a password (named like one) */
  password?: boolean;
  /** an escape was undone on the way to the sink (`Taint.undone`): the caller's escaping does not hold there */
  undone?: boolean;
  /** the data was URL-decoded on the way to the sink (`Taint.decodedParams`): no caller's clearing holds there */
  decoded?: boolean;
}

/** What a parameter's data meets on its way to the return value. */
export interface Flow {
  cleared: ReadonlySet<string>;
  normalized: boolean;
  /** an escape was undone on the way (`Taint.undone`): the caller's escaped text comes back unescaped */
  undone?: boolean;
  /** the data was URL-decoded on the way (`Taint.decodedParams`): the caller's data comes back cleared for nothing */
  decoded?: boolean;
}

export interface Summary {
  /** parameters that flow to the return value, with what the function sanitised them for on the way */
  returnParams: Map<number, Flow>;
  /**
   * parameters whose headers flow to the return value (`def kind(r): return r.mimetype`): the caller's argument's
   * `responseHeaders`, not its page (response-headers.ts `headersHeld`; w102)
   */
  returnHeaders?: Map<number, Flow>;
  returnTaint?: Taint;
  sinks: SummarySink[];
  /** a callable reached through indirection the function returns (`return partial(subprocess.run, shell=True)`) */
  returned?: Value;
  /**
   * parameters the function writes to module state or to a class's fields, by parameter, with the field store's
   * keys (module-state.ts)
   */
  moduleWrites?: Map<number, Map<string, Flow>>;
}

export type Scope = Map<string, Value>;

/** A `break L` or `continue L`: the state it left with and the label it goes to. */
export interface LabelledJump {
  label: string;
  scope: Scope;
}

const NO_FUNCTIONS: readonly FunctionDef[] = [];

/** The function (or module) being interpreted. */
export interface Frame {
  fn?: FunctionDef;
  summary: Summary;
  scope: Scope;
  /** a return, raise or abort ended it: the statements after it do not run */
  terminated: boolean;
  /**
   * the states a `break`/`continue` left the innermost loop or `switch` running with: they go on after it
   * (or into the next iteration), though the path that broke ends where it broke
   */
  breaks?: Scope[];
  /**
   * the states a `continue` left the innermost loop running with, where a `switch` holds `breaks` (JavaScript's
   * `continue` inside a `switch` goes on with the loop's next iteration, not after the `switch`)
   */
  continues?: Scope[];
  /**
   * the states a `break L` or `continue L` left, by label: they go on after the statement labelled `L` (or into
   * its loop's next iteration), past every loop between (statements.ts' `labelledStatement`)
   */
  labelled?: LabelledJump[];
  /** the name the expression being evaluated is assigned to, returned from or passed as */
  contextName?: string;
  /**
   * a function run in place as called: the outer names it may write, and what it held for them at each
   * `return` (closure-writes.ts)
   */
  outerWrites?: { names: ReadonlySet<string>; returned: Map<string, Value> };
  /** the states an exception may leave the innermost `try` body, handler or swallowing `with` running in (try-paths.ts) */
  raising?: RaiseStates;
}

/**
 * Interprets one file's syntax tree: constant folding, taint flow, sink and pattern matches. This class
 * holds the state of one file's run and dispatches to the engine's parts, each a module of functions
 * taking the interpreter: statements.ts (control flow, imports), expressions.ts, calls.ts, summaries.ts
 * (functions summarised, closures, callbacks), bindings.ts (assignments), fields.ts (`self.x` shared
 * between methods), sinks.ts (where the rules match). The parts call each other through these methods,
 * so none imports another at run time except the leaves (sinks, syntax-nodes).
 */
export class Interpreter {
  readonly matches: RawMatch[] = [];
  readonly aliases = new Map<string, string>();
  readonly functions = new Map<string, FunctionDef>();
  /** functions defined at the top of the module, by name (the last of each name, as Python binds it) */
  readonly moduleFunctions = new Map<string, FunctionDef>();
  /**
   * methods by `start#name`, `start` where their class's node starts (the last of each name in its class,
   * as Python binds it): two classes of one name, in two functions, are two classes (review F4)
   */
  readonly methods = new Map<string, FunctionDef>();
  /**
   * the classes class statements in running code defined, by name (every class the name held, review r29 F5:
   * an instance made before a second `class R` is the first's): their methods called there run in place
   * (nested-classes.ts)
   */
  readonly nestedClasses = new Map<string, SyntaxNode[]>();
  /** the base classes a class of the file names (`class Input(Widget)`, `class A extends B`), by its start */
  readonly bases = new Map<number, string[]>();
  /** where the last class of each name starts (`Repo(conn).m()`, a base named `Widget`) */
  readonly classStarts = new Map<string, number>();
  readonly summaries = new SummaryTable();
  readonly moduleScope: Scope = new Map();
  /** names of the classes defined in the file, so `Repo(conn).method(x)` finds `method`'s summary */
  readonly classes = new Set<string>();
  /** classes of the file on an ORM base (`db.Model`, `models.Model`, `Base`, `Document`, `SQLModel`) */
  readonly modelClasses = new Set<string>();
  /** what methods keep in `self.x`/`this.x` for the class's other methods */
  readonly fields = new FieldStore();
  /** the module's names its functions may write, whose reads see what they wrote (module-state.ts) */
  moduleState: ReadonlySet<string> = new Set();
  reporting = false;
  /** whether the file may hold uploads (their type checks are looked for only then) */
  readonly uploads: boolean;
  /** every named function of the file, nested ones included (`functions` keeps the first of each name) */
  allFunctions: FunctionDef[] = [];
  /** `allFunctions` by name and by node, brought up to date when read (the list is replaced or appended to) */
  private functionIndex:
    | {
        of: FunctionDef[];
        length: number;
        byName: Map<string, FunctionDef[]>;
        byNode: Map<SyntaxNode, FunctionDef>;
      }
    | undefined;
  /**
   * the functions (and inline callbacks) running now, outermost first: closures are defined inside them
   * (`enter` and `leave` keep it, with a count per node for `isRunning`)
   */
  readonly running: SyntaxNode[] = [];
  private readonly runningCount = new Map<SyntaxNode, number>();
  /**
   * closures run in place during the current run of the module or a function (issue 59: a recursive-descent
   * parser of nested functions, each calling several others, ran each call's body in place again at every
   * call — exponential in the nesting; past MAX_CLOSURE_RUNS a closure call applies its summary instead)
   */
  closureRuns = 0;
  /**
   * the first nested function this run called past MAX_CLOSURE_RUNS whose summary may miss data (it reads the
   * caller's, or has none of its own): the file's analysis did not settle (analyze.ts)
   */
  closureLimitLost: string | undefined;
  /**
   * statements run in this file outside a loop's extra passes, and inside them (all runs of the module and its
   * functions together): the extra passes stop, unsettled, once their work outgrows the rest (loop-passes.ts
   * `extraWorkLeft`)
   */
  statementsRun = 0;
  extraStatements = 0;
  /** how many loops' extra passes are running, one inside another */
  extraPassDepth = 0;
  /**
   * how many `finally` blocks are running that run twice (once for the paths that end normally, once for those that
   * raise or return through them), one inside another: past `statements.ts`' limit one runs once on the join
   */
  finallyTwiceDepth = 0;
  /** the line of the first loop this run left before it settled (loop-passes.ts): the file is not verified */
  loopUnsettled: number | undefined;
  /** per loop, its latest run in the current run of the module or a function (loop-passes.ts `LoopMemo`) */
  loopMemo = new Map<SyntaxNode, LoopMemo>();
  /** per closure run in place during the current run, the data it ran with (closure-inputs.ts) */
  closureInputs = new Map<SyntaxNode, Map<string, Value | undefined>>();
  frame!: Frame;
  /** a team's Semgrep taint rule, run on this file instead of vouch's rules (range-taint.ts) */
  ranges?: RangeTaint;

  readonly language: RuleLanguage;
  readonly rules: LanguageRules;
  readonly file: string;
  /** the file's text, for conditions on the whole file (`fileTextNot`) */
  readonly text: string;
  /** lines of the scan's files that change a framework's defaults (`projectTextNot`, project-settings.ts) */
  project = '';

  constructor({
    language,
    rules,
    file,
    text = '',
  }: {
    language: RuleLanguage;
    rules: LanguageRules;
    file: string;
    text?: string;
  }) {
    this.language = language;
    this.rules = rules;
    this.file = file;
    this.text = text;
    this.uploads = /files|FILES|UploadFile|originalname|originalFilename/.test(text);
  }

  // ---------------------------------------------------------------- entry points

  /** the file's code without comments and docstrings (`codeOf`), made the first time a rule asks */
  readonly fileCode = (): string => {
    if (!this.root) return this.text;
    this.code ??= codeOf(this.root);
    return this.code;
  };
  private root?: SyntaxNode;
  private code?: string;
  /** the tree `moduleState` was read from */
  private stateOf?: SyntaxNode;

  runModule(root: SyntaxNode): void {
    this.root = root;
    if (this.language === 'python' && this.stateOf !== root) {
      this.stateOf = root;
      this.moduleState = moduleStateNames(this, root);
    }
    this.closureRuns = 0;
    this.closureLimitLost = undefined;
    this.closureInputs = new Map();
    this.loopUnsettled = undefined;
    this.loopMemo = new Map();
    this.frame = { summary: emptySummary(), scope: this.moduleScope, terminated: false };
    this.block(root);
  }

  runFunction(fn: FunctionDef): void {
    tick();
    this.closureRuns = 0;
    this.closureLimitLost = undefined;
    this.closureInputs = new Map();
    this.loopUnsettled = undefined;
    this.loopMemo = new Map();
    const scope: Scope = new Map();
    const summary = emptySummary();
    fn.params.forEach((param, index) => {
      for (const name of param.names) {
        if (param.kind === 'request') scope.set(name, { path: name, rawPath: name });
        else if (param.kind === 'source') {
          const taint = this.sourceTaint(param.label ?? 'route parameter', fn.node.startPosition.row + 1);
          scope.set(name, {
            taint: PASSWORD_NAME.test(name) ? passwordTaint(taint) : taint,
            ...(param.path ? { path: param.path, rawPath: name } : {}),
          });
        }
        // A web route's parameter its framework checked as a number carries no text; its size still
        // counts, unless the framework bounds it too (`Query(10, le=100)`).
        else if (param.numeric && fn.route)
          scope.set(name, {
            path: name,
            rawPath: name,
            taint: param.bounded
              ? undefined
              : this.numericTaint(
                  this.sourceTaint(param.label ?? 'route parameter', fn.node.startPosition.row + 1),
                ),
          });
        else {
          const taint = paramTaint(index);
          scope.set(name, {
            taint: PASSWORD_NAME.test(name) ? passwordTaint(taint) : taint,
            path: param.path ?? name,
            rawPath: name,
          });
        }
      }
    });
    this.ranges?.parameters(this, fn, scope);
    this.frame = { fn, summary, scope, terminated: false };
    this.enter(fn.node);
    try {
      if (fn.body) {
        if (isStatementContainer(fn.body)) this.block(fn.body);
        else {
          const body = fn.body;
          this.recordReturn(
            this.withContext(fn.name, () => this.expr(body)),
            body,
          );
        }
      }
    } finally {
      this.leave();
    }
    this.summaries.set(fn, summary);
  }

  /**
   * The functions of `allFunctions` of that name, in its order. A closure's call and a nested declaration looked
   * through the whole list each time: a chain of nested JavaScript declarations paid its length at every one.
   */
  functionsNamed(name: string): readonly FunctionDef[] {
    return this.indexed().byName.get(name) ?? NO_FUNCTIONS;
  }

  /** `node` starts running (a function, an inline callback): pushed on `running`. */
  enter(node: SyntaxNode): void {
    this.running.push(node);
    this.runningCount.set(node, (this.runningCount.get(node) ?? 0) + 1);
  }

  /** The innermost running node ends. */
  leave(): void {
    const node = this.running.pop();
    if (!node) return;
    const count = this.runningCount.get(node)!;
    if (count > 1) this.runningCount.set(node, count - 1);
    else this.runningCount.delete(node);
  }

  /** Whether `node` is on `running`, without walking it (a chain of nested declarations made it as deep). */
  isRunning(node: SyntaxNode): boolean {
    return this.runningCount.has(node);
  }

  /** The first function of `allFunctions` whose node is `node`. */
  functionAt(node: SyntaxNode): FunctionDef | undefined {
    return this.indexed().byNode.get(node);
  }

  private indexed(): { byName: Map<string, FunctionDef[]>; byNode: Map<SyntaxNode, FunctionDef> } {
    let index = this.functionIndex;
    if (!index || index.of !== this.allFunctions || index.length > this.allFunctions.length) {
      index = { of: this.allFunctions, length: 0, byName: new Map(), byNode: new Map() };
      this.functionIndex = index;
    }
    for (; index.length < this.allFunctions.length; index.length++) {
      const fn = this.allFunctions[index.length]!;
      const named = index.byName.get(fn.name);
      if (named) named.push(fn);
      else index.byName.set(fn.name, [fn]);
      if (!index.byNode.has(fn.node)) index.byNode.set(fn.node, fn);
    }
    return index;
  }

  // ---------------------------------------------------------------- the parts

  block(node: SyntaxNode): void {
    tick();
    runBlock(this, node);
  }

  expr(node: SyntaxNode): Value {
    return evaluate(this, node);
  }

  call(node: SyntaxNode): Value {
    tick();
    return evaluateCall(this, node);
  }

  bind(target: SyntaxNode, value: Value, valueNode: SyntaxNode | null): void {
    bind({ it: this, target, value, valueNode });
  }

  /**
   * Runs a function literal in place as it is called, its parameters bound to `incoming` or `call.params`;
   * returns what it returns. The outer variables it may write hold afterwards what they held or what it wrote.
   * `call.method`: a method run so, whose `self.x` fields are its class's (nested-classes.ts).
   */
  inlineFunction(
    node: SyntaxNode,
    incoming: Taint | undefined,
    call?: { params?: { names: string[]; value: Value; whole?: boolean }[]; method?: FunctionDef },
  ): Value {
    tick();
    return runInline({ it: this, node, incoming, params: call?.params, method: call?.method, called: true });
  }

  /**
   * Runs a function in place where it is defined, for the sinks in it (a handler the page or framework may call
   * whenever; a function literal kept as a value): nobody is seen calling it here, so what it would write to
   * the outer variables is not taken as written.
   */
  runUncalled(node: SyntaxNode): void {
    tick();
    runInline({ it: this, node, incoming: undefined, called: false });
  }

  recordReturn(value: Value, node: SyntaxNode): void {
    recordReturn(this, value, node);
  }

  /** A JSX element naming a component of this file: a call with its props as one object argument. */
  jsxCall(component: SyntaxNode, element: SyntaxNode, props: Map<string, Value>): void {
    componentCall({ it: this, component, element, props });
  }

  // ---------------------------------------------------------------- bindings

  lookup(name: string): Value | undefined {
    const value = this.frame.scope.get(name) ?? this.moduleScope.get(name);
    // a module name another function wrote: not where the running function binds it itself
    if (this.moduleState.size === 0 || !this.moduleState.has(name)) return value;
    if (this.frame.scope !== this.moduleScope && this.frame.scope.has(name)) return value;
    return readModuleState(this, name, value);
  }

  /**
   * Data from a source; local sources start cleared for the rules that trust them (`localSourcesTrusted`),
   * and every source for the rules that take only other sources (`sources`, `scoped`).
   */
  sourceTaint(label: string, line: number): Taint {
    let cleared = this.clearedFor.get(label);
    if (cleared === undefined) {
      const local = this.rules.localSources.has(label) ? this.rules.localTrusted : undefined;
      const scoped = this.rules.sourceCleared.get(label);
      cleared = local && scoped ? new Set([...local, ...scoped]) : (local ?? scoped ?? null);
      this.clearedFor.set(label, cleared);
    }
    return sourceTaint(label, line, cleared ?? undefined);
  }

  /** per source label, the rules its data starts cleared for (made once per file) */
  private readonly clearedFor = new Map<string, ReadonlySet<string> | null>();
  /** numeric taint by the taint it was made from: `int(x)` of the same data, many times */
  private readonly numbers = new WeakMap<Taint, Taint>();

  /** A number parsed from `taint`'s data: it still counts only for rules about sizes (`numbers`). */
  numericTaint(taint: Taint | undefined): Taint | undefined {
    if (!taint) return taint;
    let numeric = this.numbers.get(taint);
    if (!numeric) {
      numeric = { ...clearTaint(taint, this.rules.numericCleared)!, number: true };
      this.numbers.set(taint, numeric);
    }
    return numeric;
  }

  setVariable(name: string, value: Value): void {
    this.frame.scope.set(name, value);
  }

  /** Evaluates with `name` as the name the value goes to (`password = …`, `key=…`), for patterns that test it. */
  withContext<T>(name: string | undefined, run: () => T): T {
    const previous = this.frame.contextName;
    this.frame.contextName = name;
    try {
      return run();
    } finally {
      this.frame.contextName = previous;
    }
  }
}
