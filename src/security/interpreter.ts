import { type CallSite, conditionsHold, matchesAny } from './conditions.js';
import { foldBinary, foldUnary, numberLiteral, truthy } from './constants.js';
import { applyGuard } from './guards.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import type { RuleLanguage } from './rule-schema.js';
import type { CompiledMatcher, LanguageRules } from './rules.js';
import { isPlaceholder } from './secrets.js';
import {
  builtTaint,
  CLEAN,
  clearTaint,
  joinValues,
  liveOrigins,
  mergeAll,
  mergeTaint,
  type Origin,
  paramTaint,
  sourceTaint,
  type Taint,
  type Value,
} from './taint.js';

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
  }[];
  htmlRoute: boolean;
  /** the class a method belongs to: its `self.x`/`this.x` fields are shared with the class's other methods */
  owner?: string;
  /** a web route (`@app.get(…)`): the framework calls it, so its other parameters are injected, not a caller's */
  route?: boolean;
}

export interface SummarySink {
  param: number;
  /** the parameter's data was combined with other text before reaching the sink */
  built: boolean;
  matcher: CompiledMatcher;
  line: number;
  column: number;
}

export interface Summary {
  /** parameters that flow to the return value, with what the function sanitised them for on the way */
  returnParams: Map<number, { cleared: ReadonlySet<string>; normalized: boolean }>;
  returnTaint?: Taint;
  sinks: SummarySink[];
}

export type Scope = Map<string, Value>;

interface Frame {
  fn?: FunctionDef;
  summary: Summary;
  scope: Scope;
  terminated: boolean;
  contextName?: string;
}

const TERMINATING_CALLS = /^(?:abort|flask\.abort|sys\.exit|exit|os\._exit|.*\.abort|.*\.redirect|next)$/;
const MUTATORS = new Set([
  'append',
  'extend',
  'insert',
  'add',
  'update',
  'push',
  'unshift',
  'set',
  'setdefault',
  'appendleft',
  'write',
  'concat',
]);
const CALLBACK_RESULT = new Set(['map', 'flatMap', 'then', 'reduce', 'apply']);
const CONSUMING_RULES = new Set([
  'sql-injection',
  'command-injection',
  'path-traversal',
  'ssrf',
  'ldap-injection',
  'xpath-injection',
  'xxe',
]);
/** calls that combine their arguments with other text: their result is a built string (`Taint.built`) */
const BUILDING_CALLS =
  /^(?:.*\.format|.*\.format_map|.*\.join|.*\.joinpath|.*\.resolve|urljoin|.*\.urljoin|.*\.concat|.*\.sprintf|util\.format|.*\.replace)$/;
const PURE_CONSTANT_CALLS =
  /^(?:Buffer\.from|Buffer\.alloc|bytes|bytearray|str|String|.*\.encode|.*\.decode|.*\.upper|.*\.lower|.*\.strip|.*\.toString|b64decode|base64\.b64decode|bytes\.fromhex|.*\.fromhex|.*\.repeat)$/;

/**
 * A constant that begins a URL on this site (`/search?q=`, `?page=`, `#top`) or on a named host
 * (`https://api.example.com/`) fixes where a redirect built from it can go: what follows cannot change
 * the origin. `/` alone does not (`"/" + "/evil.com"`), nor do `/\`, `//` or whitespace after it.
 */
const ORIGIN_FIXED = /^(?:\/[^/\\\s]|[?#]|[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\]+[/?#])/i;

function fixOrigin(taint: Taint | undefined, leading: string | undefined): Taint | undefined {
  return leading !== undefined && ORIGIN_FIXED.test(leading) ? clearTaint(taint, ['open-redirect']) : taint;
}

/** The literal text of a string node before its first interpolation (`f"/items/{x}"` → `/items/`). */
function leadingText(node: SyntaxNode, firstPart: SyntaxNode | undefined): string | undefined {
  if (!firstPart) return undefined;
  const head = node.text.slice(0, firstPart.startIndex - node.startIndex);
  return head.replace(/^[rRbBuUfF]*(?:'''|"""|'|"|`)/, '');
}

/** Interprets one file's syntax tree: constant folding, taint flow, sink and pattern matches. */
export class Interpreter {
  readonly matches: RawMatch[] = [];
  readonly aliases = new Map<string, string>();
  readonly functions = new Map<string, FunctionDef>();
  readonly summaries = new Map<FunctionDef, Summary>();
  readonly moduleScope: Scope = new Map();
  /** names of the classes defined in the file, so `Repo(conn).method(x)` finds `method`'s summary */
  readonly classes = new Set<string>();
  reporting = false;
  /** set when a call reached a local function not analysed yet: the caller must run again */
  missingSummary = false;
  /**
   * Untrusted data stored in an object's field by one method and read by another (`self.term =
   * request.GET["q"]` in `get`, `cursor.execute(… % self.term)` in `results`), by `Class#field`. Only
   * data from real sources is kept: a parameter's taint means nothing outside its own method.
   */
  readonly fields = new Map<string, Taint>();
  /** constructor parameters kept in fields (`self.cmd = cmd` in `__init__`), by `Class#field` */
  readonly fieldParams = new Map<string, { param: number; built: boolean }>();
  /** sinks such a field reaches in another method: caller-supplied data of the class's constructor */
  readonly fieldSinks = new Map<
    string,
    { owner: string; param: number; matcher: CompiledMatcher; line: number; column: number; built: boolean }
  >();
  /** set when `fields` or `fieldParams` gained data: methods of those classes must run again */
  fieldsChanged = false;
  /** every named function of the file, nested ones included (`functions` keeps the first of each name) */
  allFunctions: FunctionDef[] = [];
  /** the functions (and inline callbacks) running now, outermost first: closures are defined inside them */
  private readonly running: SyntaxNode[] = [];
  private frame!: Frame;

  constructor(
    readonly language: RuleLanguage,
    readonly rules: LanguageRules,
    readonly file: string,
  ) {}

  // ---------------------------------------------------------------- entry points

  runModule(root: SyntaxNode): void {
    this.frame = { summary: emptySummary(), scope: this.moduleScope, terminated: false };
    this.block(root);
  }

  runFunction(fn: FunctionDef): void {
    const scope: Scope = new Map();
    const summary = emptySummary();
    fn.params.forEach((param, index) => {
      for (const name of param.names) {
        if (param.kind === 'request') scope.set(name, { path: name, rawPath: name });
        else if (param.kind === 'source')
          scope.set(name, {
            taint: sourceTaint(param.label ?? 'route parameter', fn.node.startPosition.row + 1),
          });
        else scope.set(name, { taint: paramTaint(index), path: name, rawPath: name });
      }
    });
    this.frame = { fn, summary, scope, terminated: false };
    this.running.push(fn.node);
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
      this.running.pop();
    }
    this.summaries.set(fn, summary);
  }

  // ---------------------------------------------------------------- statements

  private block(node: SyntaxNode): void {
    for (const child of node.namedChildren) {
      if (this.frame.terminated) return;
      this.statement(child);
    }
  }

  private statement(node: SyntaxNode): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of node.namedChildren) {
          const value = this.expr(child);
          if (child.type === 'call' || child.type === 'call_expression') {
            if (
              matchesAny(TERMINATING_CALLS, [
                value.path?.replace(/\(\)$/, ''),
                value.rawPath?.replace(/\(\)$/, ''),
              ])
            )
              this.frame.terminated = true;
          }
        }
        return;
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const declarator of node.namedChildren) {
          if (declarator.type !== 'variable_declarator') continue;
          const name = declarator.childForFieldName('name');
          const valueNode = declarator.childForFieldName('value');
          if (!name) continue;
          if (valueNode && isFunctionNode(valueNode)) {
            // Analysed as a function of its own, unless it sits in a callback (callbacks are not
            // collected): then it is known here, as a closure of the running code.
            if (this.running.length > 0 && !this.allFunctions.some((fn) => fn.node === valueNode))
              this.allFunctions.push(closureDef(name.text, valueNode));
            continue;
          }
          const value = valueNode ? this.withContext(name.text, () => this.expr(valueNode)) : CLEAN;
          this.bind(name, value, valueNode);
        }
        return;
      case 'return_statement': {
        const child = node.namedChildren[0];
        const value = child ? this.withContext(this.frame.fn?.name, () => this.expr(child)) : CLEAN;
        this.recordReturn(value, node);
        this.frame.terminated = true;
        return;
      }
      case 'raise_statement':
      case 'throw_statement':
      case 'continue_statement':
      case 'break_statement':
        for (const child of node.namedChildren) this.expr(child);
        this.frame.terminated = true;
        return;
      case 'if_statement':
        this.ifStatement(node);
        return;
      case 'for_statement':
      case 'for_in_statement':
        this.forStatement(node);
        return;
      case 'while_statement':
      case 'do_statement':
        this.loop(node.childForFieldName('condition'), node.childForFieldName('body'));
        return;
      case 'try_statement':
      case 'with_statement':
      case 'block':
      case 'statement_block':
      case 'else_clause':
      case 'finally_clause':
      case 'except_clause':
      case 'catch_clause':
      case 'with_clause':
      case 'labeled_statement':
        this.compound(node);
        return;
      case 'with_item': {
        const value = node.namedChildren[0];
        if (value?.type === 'as_pattern') {
          const [expression, alias] = value.namedChildren;
          const result = expression ? this.expr(expression) : CLEAN;
          if (alias) this.bind(alias.namedChildren[0] ?? alias, result, expression ?? null);
        } else if (value) this.expr(value);
        return;
      }
      case 'assert_statement':
        this.assertStatement(node);
        return;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'import_declaration':
        this.imports(node);
        return;
      case 'export_statement': {
        const declaration = node.childForFieldName('declaration');
        if (declaration) this.statement(declaration);
        else for (const child of node.namedChildren) if (!isFunctionNode(child)) this.expr(child);
        return;
      }
      case 'function_definition':
      case 'decorated_definition':
      case 'class_definition':
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'class_declaration':
      case 'abstract_class_declaration':
      case 'method_definition':
      case 'interface_declaration':
      case 'type_alias_declaration':
      case 'enum_declaration':
      case 'comment':
      case 'pass_statement':
      case 'empty_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        if (node.type === 'decorated_definition' || node.type === 'function_definition')
          this.decorators(node);
        if (node.type === 'function_declaration' && this.running.length > 0) {
          const name = node.childForFieldName('name')?.text;
          if (name && !this.allFunctions.some((fn) => fn.node === node))
            this.allFunctions.push(closureDef(name, node));
        }
        return;
      default:
        for (const child of node.namedChildren) this.expr(child);
    }
  }

  private compound(node: SyntaxNode): void {
    if (!isCompound(node.type)) {
      this.statement(node);
      return;
    }
    for (const child of node.namedChildren) {
      if (this.frame.terminated) return;
      if (child.type === 'block' || child.type === 'statement_block' || isClause(child.type))
        this.compound(child);
      else this.statement(child);
    }
  }

  private decorators(node: SyntaxNode): void {
    // Module-level decorators such as @app.route run at import; nothing in them carries taint we track.
    void node;
  }

  private assertStatement(node: SyntaxNode): void {
    const condition = node.namedChildren[0];
    for (const matcher of this.rules.patterns) {
      if (!matcher.assertion || !condition) continue;
      if (matcher.pathNot?.test(this.file)) continue;
      if (matcher.assertion.test(condition.text)) this.report(matcher, node);
    }
    if (condition) {
      this.expr(condition);
      applyGuard(this, condition, true);
    }
  }

  private ifStatement(node: SyntaxNode): void {
    const condition = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    const alternatives = node
      .childrenForFieldName('alternative')
      .filter((child): child is SyntaxNode => !!child);
    this.branch(condition, consequence, alternatives);
  }

  /**
   * `if condition: consequence` followed by `rest` (elif/else): a condition that folds to a constant
   * runs one side only, so a branch that can never run carries no taint; otherwise both sides run with
   * the condition's guard applied each way, and their scopes are joined.
   */
  private branch(condition: SyntaxNode | null, consequence: SyntaxNode | null, rest: SyntaxNode[]): void {
    const decided = condition ? this.expr(condition) : CLEAN;
    if (decided.known) {
      if (truthy(decided.constant)) {
        if (consequence) this.compound(consequence);
      } else this.alternativeChain(rest);
      return;
    }
    const before = new Map(this.frame.scope);
    if (condition) applyGuard(this, condition, true);
    if (consequence) this.compound(consequence);
    const thenScope = this.frame.scope;
    const thenEnded = this.frame.terminated;
    this.frame.scope = new Map(before);
    this.frame.terminated = false;
    if (condition) applyGuard(this, condition, false);
    this.alternativeChain(rest);
    this.joinBranch(thenScope, thenEnded);
  }

  private alternativeChain(alternatives: SyntaxNode[]): void {
    const [first, ...rest] = alternatives;
    if (!first) return;
    if (first.type === 'elif_clause') {
      this.branch(first.childForFieldName('condition'), first.childForFieldName('consequence'), rest);
      return;
    }
    // JS: else_clause holding an if_statement or a block; Python: else_clause with a body.
    this.compound(first);
  }

  /** Joins the state after one branch (`other`) into the current one; a terminated branch adds nothing. */
  private joinBranch(other: Scope, otherEnded: boolean): void {
    if (otherEnded) return;
    if (this.frame.terminated) {
      this.frame.scope = other;
      this.frame.terminated = false;
      return;
    }
    const merged: Scope = new Map(this.frame.scope);
    for (const [name, value] of other) merged.set(name, joinValues(merged.get(name), value));
    this.frame.scope = merged;
  }

  private forStatement(node: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left && right) {
      const iterable = this.expr(right);
      const target =
        left.type === 'lexical_declaration' || left.type === 'variable_declaration'
          ? left.namedChildren[0]
          : left;
      if (target) this.bind(target.childForFieldName('name') ?? target, { taint: iterable.taint }, null);
    } else {
      const initializer = node.childForFieldName('initializer');
      if (initializer) this.statement(initializer);
    }
    this.loop(node.childForFieldName('condition'), node.childForFieldName('body'));
  }

  private loop(condition: SyntaxNode | null, body: SyntaxNode | null): void {
    const decided = condition ? this.expr(condition) : CLEAN;
    if (decided.known && !truthy(decided.constant)) return;
    const before = new Map(this.frame.scope);
    if (body) this.compound(body);
    // A loop body's `continue`/`break` ends the iteration, not the function.
    const ended = this.frame.terminated;
    const bodyScope = this.frame.scope;
    this.frame.scope = before;
    this.frame.terminated = false;
    this.joinBranch(bodyScope, false);
    void ended;
  }

  private imports(node: SyntaxNode): void {
    if (node.type === 'import_statement' && this.language === 'python') {
      for (const child of node.namedChildren) {
        if (child.type === 'dotted_name')
          this.aliases.set(child.text.split('.')[0]!, child.text.split('.')[0]!);
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (name && alias) this.aliases.set(alias.text, name.text);
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
          if (name && alias) this.aliases.set(alias.text, `${module}.${name.text}`);
        } else this.aliases.set(child.text, `${module}.${child.text}`);
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
      if (part.type === 'identifier') this.aliases.set(part.text, module);
      else if (part.type === 'namespace_import') {
        const name = part.namedChildren[0];
        if (name) this.aliases.set(name.text, module);
      } else if (part.type === 'named_imports') {
        for (const specifier of part.namedChildren) {
          const name = specifier.childForFieldName('name');
          const alias = specifier.childForFieldName('alias');
          if (name) this.aliases.set((alias ?? name).text, `${module}.${name.text}`);
        }
      }
    }
  }

  // ---------------------------------------------------------------- bindings

  lookup(name: string): Value | undefined {
    return this.frame.scope.get(name) ?? this.moduleScope.get(name);
  }

  /** `Class#field` when `objectNode` is the method's own object (`self`, `this`), else undefined. */
  private fieldKey(objectNode: SyntaxNode | null, property: string): string | undefined {
    const owner = this.frame.fn?.owner;
    if (!owner || !objectNode || !property) return undefined;
    if (objectNode.type !== 'this' && !(objectNode.type === 'identifier' && objectNode.text === 'self'))
      return undefined;
    return `${owner}#${property}`;
  }

  private storeField(objectNode: SyntaxNode | null, property: string, taint: Taint): void {
    const key = this.fieldKey(objectNode, property);
    if (!key) return;
    const param = taint.origins.find((origin) => origin.param !== undefined)?.param;
    if (param !== undefined && isConstructor(this.frame.fn) && !this.fieldParams.has(key)) {
      this.fieldParams.set(key, { param, built: !!taint.built });
      this.fieldsChanged = true;
    }
    const origins = taint.origins.filter((origin) => origin.source !== undefined);
    if (origins.length === 0) return;
    const known = this.fields.get(key);
    const merged = mergeTaint(known, { ...taint, origins })!;
    const same =
      known !== undefined &&
      merged.origins.length === known.origins.length &&
      merged.cleared.size === known.cleared.size &&
      merged.normalized === known.normalized &&
      merged.built === known.built;
    if (same) return;
    this.fields.set(key, merged);
    this.fieldsChanged = true;
  }

  private fieldTaint(objectNode: SyntaxNode | null, property: string): Taint | undefined {
    const key = this.fieldKey(objectNode, property);
    if (!key) return undefined;
    const stored = this.fieldParams.get(key);
    // The constructor's own reads see its local binding; other methods see the parameter it kept.
    const fromConstructor: Taint | undefined =
      stored && !isConstructor(this.frame.fn)
        ? {
            origins: [{ field: { owner: this.frame.fn!.owner!, param: stored.param } }],
            cleared: new Set(),
            normalized: false,
            built: stored.built,
          }
        : undefined;
    return mergeTaint(this.fields.get(key), fromConstructor);
  }

  /** A field holding a constructor parameter reached a sink: recorded for the caller-supplied check. */
  private fieldSink(
    origin: Origin,
    matcher: CompiledMatcher,
    line: number,
    column: number,
    built: boolean,
  ): void {
    const field = origin.field!;
    const key = `${field.owner}#${field.param}:${matcher.rule.id}:${line}:${column}`;
    const known = this.fieldSinks.get(key);
    if (known) known.built ||= built;
    else this.fieldSinks.set(key, { owner: field.owner, param: field.param, matcher, line, column, built });
  }

  setVariable(name: string, value: Value): void {
    this.frame.scope.set(name, value);
  }

  /** Binds a target (identifier, pattern, attribute, subscript) to a value, checking assignment rules. */
  private bind(target: SyntaxNode, value: Value, valueNode: SyntaxNode | null): void {
    switch (target.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        this.frame.scope.set(target.text, value);
        this.assignmentPatterns(target, target.text, value, valueNode);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'array_pattern':
      case 'expression_list': {
        const elements =
          valueNode && /^(?:tuple|list|expression_list|array)$/.test(valueNode.type)
            ? valueNode.namedChildren
            : [];
        target.namedChildren.forEach((child, index) => {
          const element = elements[index];
          this.bind(child, element ? this.expr(element) : { taint: value.taint }, null);
        });
        return;
      }
      case 'object_pattern':
        for (const child of target.namedChildren) {
          if (child.type === 'shorthand_property_identifier_pattern') {
            this.bind(child, propertyValue(value, child.text), null);
          } else if (child.type === 'pair_pattern') {
            const key = child.childForFieldName('key');
            const inner = child.childForFieldName('value');
            if (inner) this.bind(inner, propertyValue(value, key?.text ?? ''), null);
          } else if (child.type === 'object_assignment_pattern') {
            const left = child.childForFieldName('left');
            if (left) this.bind(left, propertyValue(value, left.text), null);
          } else if (child.type === 'rest_pattern') {
            const inner = child.namedChildren[0];
            if (inner) this.bind(inner, { taint: value.taint }, null);
          }
        }
        return;
      case 'assignment_pattern': {
        const left = target.childForFieldName('left');
        if (left) this.bind(left, value, valueNode);
        return;
      }
      case 'attribute':
      case 'member_expression':
      case 'subscript':
      case 'subscript_expression': {
        const objectNode = target.childForFieldName('object') ?? target.childForFieldName('value');
        const object = objectNode ? this.expr(objectNode) : CLEAN;
        const computed = target.type === 'subscript' || target.type === 'subscript_expression';
        const keyNode = computed
          ? (target.childForFieldName('index') ?? target.childForFieldName('subscript'))
          : null;
        const key = keyNode ? this.expr(keyNode) : undefined;
        const property = computed
          ? '[]'
          : `.${target.childForFieldName('property')?.text ?? target.childForFieldName('attribute')?.text ?? ''}`;
        const path = `${object.path ?? objectNode?.text ?? '?'}${property}`;
        const rawPath = `${object.rawPath ?? objectNode?.text ?? '?'}${property}`;
        this.assignmentSinks(target, [path, rawPath], value, key, objectNode);
        // The name a pattern's context tests: the attribute, or the constant key (`config["DEBUG"]`).
        const name = computed
          ? key?.known && typeof key.constant === 'string'
            ? key.constant
            : path
          : property.slice(1);
        this.assignmentPatterns(target, name, value, valueNode, [path, rawPath]);
        // Weak update: a field or element written with tainted data taints what holds it.
        const root = rootIdentifier(target);
        if (!computed) this.frame.scope.set(target.text, value);
        if (!computed && value.taint) this.storeField(objectNode, property.slice(1), value.taint);
        if (root && value.taint) {
          const holder = this.lookup(root) ?? {};
          this.frame.scope.set(root, { ...holder, taint: mergeTaint(holder.taint, value.taint) });
        }
        return;
      }
      default:
        for (const child of target.namedChildren) this.bind(child, value, null);
    }
  }

  private assignmentSinks(
    target: SyntaxNode,
    paths: string[],
    value: Value,
    key: Value | undefined,
    objectNode: SyntaxNode | null,
  ): void {
    for (const matcher of this.rules.assigns.match(paths).sinks) {
      if (matcher.spec.computedKey) {
        const nested = objectNode?.type === 'subscript_expression' || objectNode?.type === 'subscript';
        if (!key || !(nested || (this.frame.fn && isRecursive(this.frame.fn)))) continue;
        this.sinkHit(matcher, key.taint, target);
      } else this.sinkHit(matcher, value.taint, target);
    }
  }

  private assignmentPatterns(
    target: SyntaxNode,
    name: string,
    value: Value,
    valueNode: SyntaxNode | null,
    paths: string[] = [name],
    only?: (matcher: CompiledMatcher) => boolean,
  ): void {
    const targets = paths.includes(name) ? paths : [...paths, name];
    for (const matcher of this.rules.assigns.match(targets).patterns) {
      if (only && !only(matcher)) continue;
      const spec = matcher.spec;
      if (spec.topLevel && this.frame.fn) continue;
      if (matcher.pathMatches && !matcher.pathMatches.test(this.file)) continue;
      if (matcher.pathNot?.test(this.file)) continue;
      if (spec.valueConst && !(value.known && spec.valueConst.includes(value.constant ?? null))) continue;
      if (spec.valueSecretString && !isSecretLiteral(value, valueNode)) continue;
      if (matcher.context && !matcher.context.test(name)) continue;
      if (matcher.contextNot?.test(name)) continue;
      this.report(matcher, target);
    }
  }

  // ---------------------------------------------------------------- expressions

  private withContext<T>(name: string | undefined, run: () => T): T {
    const previous = this.frame.contextName;
    this.frame.contextName = name;
    try {
      return run();
    } finally {
      this.frame.contextName = previous;
    }
  }

  expr(node: SyntaxNode): Value {
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
      case 'this':
      case 'self': {
        const found = this.lookup(node.text);
        if (found) return found;
        const alias = this.aliases.get(node.text);
        const value: Value = { path: alias ?? node.text, rawPath: node.text };
        return this.withSources(value, node) ?? value;
      }
      case 'integer':
      case 'float':
      case 'number':
        return { known: true, constant: numberLiteral(node.text) ?? null };
      case 'true':
        return { known: true, constant: true };
      case 'false':
        return { known: true, constant: false };
      case 'none':
      case 'null':
      case 'undefined':
        return { known: true, constant: null };
      case 'string':
        return this.stringValue(node);
      case 'concatenated_string':
      case 'template_string': {
        const parts = node.namedChildren.filter(
          (child) => child.type !== 'string_fragment' && child.type !== 'escape_sequence',
        );
        const values = parts.map((child) =>
          this.expr(child.type === 'template_substitution' ? child.namedChildren[0]! : child),
        );
        if (node.type === 'template_string' && parts.length === 0)
          return { known: true, constant: stringText(node) };
        if (values.every((value) => value.known))
          return { known: true, constant: values.map((value) => String(value.constant)).join('') };
        const leading =
          node.type === 'template_string'
            ? leadingText(node, parts[0])
            : values[0]?.known && typeof values[0].constant === 'string'
              ? values[0].constant
              : undefined;
        return { taint: fixOrigin(builtTaint(mergeAll(values)), leading) };
      }
      case 'parenthesized_expression':
      case 'await':
      case 'await_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'type_assertion':
      case 'spread_element':
      case 'list_splat':
      case 'dictionary_splat':
      case 'expression_statement':
      case 'template_substitution': {
        const inner = node.namedChildren.find(
          (child) => child.type !== 'comment' && !child.type.startsWith('type'),
        );
        return inner ? this.expr(inner) : CLEAN;
      }
      case 'binary_operator':
      case 'binary_expression':
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.text ?? node.children[1]?.text ?? '';
        const a = left ? this.expr(left) : CLEAN;
        if (a.known && (operator === 'and' || operator === '&&') && !truthy(a.constant)) return a;
        if (a.known && (operator === 'or' || operator === '||') && truthy(a.constant)) return a;
        const b = right ? this.expr(right) : CLEAN;
        const folded = foldBinary(operator, a, b);
        if (folded) return folded;
        if (/^(?:[<>]=?|[!=]==?|in|instanceof|is)$/.test(operator)) return CLEAN;
        // Numeric results; `/` stays (pathlib joins with it) and `|` stays (dict and set union).
        if (/^(?:-|\*\*|\/\/|&|\^|<<|>>|>>>)$/.test(operator)) return CLEAN;
        const taint = mergeTaint(a.taint, b.taint);
        if (!/^(?:\+|%|\/)$/.test(operator)) return { taint };
        // `"/search?q=" + q`, `"/items/%s" % q`: the constant before the data fixes the origin.
        const leading =
          a.known && typeof a.constant === 'string'
            ? operator === '%'
              ? a.constant.slice(0, Math.max(0, a.constant.indexOf('%')))
              : a.constant
            : undefined;
        return { taint: fixOrigin(builtTaint(taint), leading) };
      }
      case 'comparison_operator': {
        const operands = node.namedChildren.map((child) => this.expr(child));
        const operators = node.children.filter((child) => !child.isNamed).map((child) => child.text);
        if (operands.length === 2 && operators.length >= 1) {
          const folded = foldBinary(operators.join(' '), operands[0]!, operands[1]!);
          if (folded) return folded;
        }
        return CLEAN;
      }
      case 'not_operator':
      case 'unary_operator':
      case 'unary_expression': {
        const operand = node.childForFieldName('argument') ?? node.namedChildren[0];
        const operator = node.childForFieldName('operator')?.text ?? node.children[0]?.text ?? '';
        const value = operand ? this.expr(operand) : CLEAN;
        return foldUnary(operator, value) ?? (operator === 'await' || operator === 'void' ? value : CLEAN);
      }
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = node.namedChildren;
        return this.choose(condition, whenTrue, whenFalse);
      }
      case 'ternary_expression':
        return this.choose(
          node.childForFieldName('condition'),
          node.childForFieldName('consequence'),
          node.childForFieldName('alternative'),
        );
      case 'attribute':
      case 'member_expression':
        return this.member(node);
      case 'subscript':
      case 'subscript_expression': {
        const objectNode = node.childForFieldName('value') ?? node.childForFieldName('object');
        const indexNode = node.childForFieldName('subscript') ?? node.childForFieldName('index');
        const object = objectNode ? this.expr(objectNode) : CLEAN;
        if (indexNode) this.expr(indexNode);
        const value: Value = {
          taint: object.taint,
          path: `${object.path ?? '?'}[]`,
          rawPath: `${object.rawPath ?? '?'}[]`,
        };
        return this.withSources(value, node) ?? value;
      }
      case 'call':
      case 'call_expression':
      case 'new_expression':
        return this.call(node);
      case 'assignment':
      case 'assignment_expression':
      case 'named_expression': {
        const left = node.childForFieldName('left') ?? node.childForFieldName('name');
        const right = node.childForFieldName('right') ?? node.childForFieldName('value');
        if (!left || !right) return CLEAN;
        if (isFunctionNode(right)) return CLEAN;
        const value = this.withContext(lastName(left), () => this.expr(right));
        this.bind(left, value, right);
        return value;
      }
      case 'augmented_assignment':
      case 'augmented_assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return CLEAN;
        const value = {
          taint: builtTaint(
            mergeTaint(this.expr(left).taint, this.withContext(lastName(left), () => this.expr(right)).taint),
          ),
        };
        this.bind(left, value, null);
        return value;
      }
      case 'lambda':
      case 'arrow_function':
      case 'function':
      case 'function_expression':
        return this.inlineFunction(node, undefined);
      case 'jsx_element':
      case 'jsx_self_closing_element':
      case 'jsx_opening_element':
        this.jsx(node);
        return CLEAN;
      case 'regex':
        this.regexLiteral(node);
        return CLEAN;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension': {
        for (const clause of node.namedChildren) {
          if (clause.type !== 'for_in_clause') continue;
          const left = clause.childForFieldName('left');
          const right = clause.childForFieldName('right');
          if (left && right) this.bind(left, { taint: this.expr(right).taint }, null);
        }
        const body = node.namedChildren[0];
        return body ? { taint: this.expr(body).taint } : CLEAN;
      }
      case 'keyword_argument': {
        const value = node.childForFieldName('value');
        return value ? this.expr(value) : CLEAN;
      }
      case 'pair': {
        const value = node.childForFieldName('value');
        const key = node.childForFieldName('key');
        if (key?.type === 'computed_property_name') this.expr(key);
        return value ? this.expr(value) : CLEAN;
      }
      case 'comment':
      case 'type_annotation':
      case 'type':
        return CLEAN;
      case 'tuple':
      case 'list':
      case 'set':
      case 'array': {
        const values = node.namedChildren.map((child) => this.expr(child));
        return { taint: mergeAll(values), elements: values };
      }
      case 'dictionary':
      case 'object': {
        const values: Value[] = [];
        for (const child of node.namedChildren) {
          const value = this.expr(child);
          values.push(value);
          // `{ password: 'S3cr3t!' }` kept in a config object is a hard-coded credential too.
          const key = child.type === 'pair' ? child.childForFieldName('key') : null;
          const valueNode = child.type === 'pair' ? child.childForFieldName('value') : null;
          if (!key || !valueNode || key.type === 'computed_property_name') continue;
          const name = key.type === 'string' ? stringText(key) : key.text;
          // Fixtures fill objects with passwords: only outside tests, and only values that look made
          // to be secret (a digit, a symbol or mixed case), not `{ password: 'changed' }`.
          if (name && !TEST_FILE.test(this.file) && looksGenerated(value))
            this.assignmentPatterns(
              child,
              name,
              value,
              valueNode,
              [name],
              (matcher) => !!matcher.spec.valueSecretString,
            );
        }
        return { taint: mergeAll(values), container: true };
      }
      default: {
        const values = node.namedChildren.map((child) => this.expr(child));
        return { taint: mergeAll(values) };
      }
    }
  }

  private stringValue(node: SyntaxNode): Value {
    const interpolations = node.namedChildren.filter((child) => child.type === 'interpolation');
    if (interpolations.length === 0) return { known: true, constant: stringText(node) };
    const values = interpolations.map((child) => {
      const inner = child.childForFieldName('expression') ?? child.namedChildren[0];
      return inner ? this.expr(inner) : CLEAN;
    });
    return { taint: fixOrigin(builtTaint(mergeAll(values)), leadingText(node, interpolations[0])) };
  }

  private choose(
    condition: SyntaxNode | null | undefined,
    whenTrue: SyntaxNode | null | undefined,
    whenFalse: SyntaxNode | null | undefined,
  ): Value {
    const decided = condition ? this.expr(condition) : CLEAN;
    if (decided.known) {
      const taken = truthy(decided.constant) ? whenTrue : whenFalse;
      return taken ? this.expr(taken) : CLEAN;
    }
    // Each arm sees what the condition proves (`ALLOWED.includes(x) ? x : 'default'`).
    const saved = this.frame.scope;
    this.frame.scope = new Map(saved);
    if (condition) applyGuard(this, condition, true);
    const a = whenTrue ? this.expr(whenTrue) : CLEAN;
    this.frame.scope = new Map(saved);
    if (condition) applyGuard(this, condition, false);
    const b = whenFalse ? this.expr(whenFalse) : CLEAN;
    this.frame.scope = saved;
    return joinValues(a, b);
  }

  private member(node: SyntaxNode): Value {
    const objectNode = node.childForFieldName('object');
    const propertyNode = node.childForFieldName('property') ?? node.childForFieldName('attribute');
    const stored = this.lookup(node.text);
    if (stored) return stored;
    const object = objectNode ? this.expr(objectNode) : CLEAN;
    const property = propertyNode?.text ?? '';
    const field = this.fieldTaint(objectNode, property);
    if (field)
      return {
        taint: mergeTaint(object.taint, field),
        path: `${object.path ?? objectNode?.text ?? '?'}.${property}`,
        rawPath: `${object.rawPath ?? objectNode?.text ?? '?'}.${property}`,
      };
    const value: Value = {
      taint: object.taint,
      path: `${object.path ?? objectNode?.text ?? '?'}.${property}`,
      rawPath: `${object.rawPath ?? objectNode?.text ?? '?'}.${property}`,
    };
    if (object.known && typeof object.constant === 'string' && property === 'length')
      return { known: true, constant: object.constant.length };
    if (property === 'length') return { path: value.path, rawPath: value.rawPath };
    return this.withSources(value, node) ?? value;
  }

  /** A value whose name is a source (`request.args`, `process.argv`) becomes tainted. */
  private withSources(value: Value, node: SyntaxNode): Value | undefined {
    if (value.taint) return undefined;
    const label = this.rules.sourcePaths.match([value.path, value.rawPath])[0];
    return label ? { ...value, taint: sourceTaint(label, node.startPosition.row + 1) } : undefined;
  }

  // ---------------------------------------------------------------- calls

  private call(node: SyntaxNode): Value {
    const calleeNode = node.childForFieldName('function') ?? node.childForFieldName('constructor');
    const argumentsNode = node.childForFieldName('arguments');
    if (!calleeNode) return CLEAN;
    let receiver: Value | undefined;
    let callee: Value;
    let method: string | undefined;
    if (calleeNode.type === 'attribute' || calleeNode.type === 'member_expression') {
      const objectNode = calleeNode.childForFieldName('object');
      method = (calleeNode.childForFieldName('property') ?? calleeNode.childForFieldName('attribute'))?.text;
      receiver = objectNode ? this.expr(objectNode) : CLEAN;
      callee = {
        path: `${receiver.path ?? objectNode?.text ?? '?'}.${method ?? ''}`,
        rawPath: `${receiver.rawPath ?? objectNode?.text ?? '?'}.${method ?? ''}`,
      };
    } else if (calleeNode.type === 'identifier') {
      const bound = this.lookup(calleeNode.text);
      const alias = this.aliases.get(calleeNode.text);
      callee = {
        path: bound?.path ?? alias ?? calleeNode.text,
        rawPath: calleeNode.text,
        taint: bound?.taint,
      };
    } else {
      callee = this.expr(calleeNode);
    }
    const paths = [callee.path, callee.rawPath].filter((path): path is string => !!path);

    // require('child_process') / import('x') name a module.
    if (calleeNode.text === 'require' || calleeNode.type === 'import') {
      const first = argumentsNode?.namedChildren[0];
      if (first && (first.type === 'string' || first.type === 'template_string')) {
        const module = moduleName(stringText(first));
        return { path: module, rawPath: module };
      }
    }

    const site: CallSite = {
      paths,
      args: [],
      keywords: new Map(),
      hasSpread: false,
      receiver,
      context: this.frame.contextName,
      file: this.file,
      topLevel: !this.frame.fn,
    };
    const argNodes: SyntaxNode[] = [];
    const callbacks: SyntaxNode[] = [];
    for (const argument of argumentsNode?.namedChildren ?? []) {
      if (argument.type === 'comment') continue;
      if (argument.type === 'keyword_argument') {
        const name = argument.childForFieldName('name')?.text ?? '';
        const valueNode = argument.childForFieldName('value');
        site.keywords.set(
          name.toLowerCase(),
          valueNode ? this.withContext(name, () => this.expr(valueNode)) : CLEAN,
        );
        continue;
      }
      if (
        argument.type === 'dictionary_splat' ||
        argument.type === 'list_splat' ||
        argument.type === 'spread_element'
      ) {
        site.hasSpread = true;
      }
      if (isFunctionNode(argument)) {
        callbacks.push(argument);
        site.args.push(CLEAN);
        argNodes.push(argument);
        continue;
      }
      if (argument.type === 'object') {
        for (const property of argument.namedChildren) {
          if (property.type === 'pair') {
            const key = property.childForFieldName('key');
            const valueNode = property.childForFieldName('value');
            const name = key ? stringText(key) || key.text : '';
            if (valueNode && !isFunctionNode(valueNode))
              site.keywords.set(
                name.toLowerCase(),
                this.withContext(name, () => this.expr(valueNode)),
              );
          } else if (property.type === 'shorthand_property_identifier') {
            site.keywords.set(property.text.toLowerCase(), this.expr(property));
          } else if (property.type === 'spread_element') site.hasSpread = true;
        }
        site.args.push({ taint: mergeAll([...site.keywords.values()]) });
        argNodes.push(argument);
        continue;
      }
      site.args.push(this.expr(argument));
      argNodes.push(argument);
    }
    // Tagged templates (sql`…`) arrive as a template_string argument: their parts are parameters.
    if (argumentsNode?.type === 'template_string') site.args.length = 0;

    const closure = calleeNode.type === 'identifier' ? this.closure(calleeNode.text) : undefined;
    const local = closure ?? this.localFunction(calleeNode, method, receiver);
    // A function defined in this file is what runs, whatever library function shares its name.
    let consumed = false;
    const shadowed =
      local !== undefined && calleeNode.type === 'identifier' && !this.aliases.has(calleeNode.text);
    const rules = this.rules.calls.match(paths);
    if (!shadowed) {
      for (const matcher of rules.patterns) {
        if (conditionsHold(matcher, site)) this.report(matcher, node);
      }
      for (const matcher of rules.sinks) {
        if (!conditionsHold(matcher, site)) continue;
        if (this.checkSink(matcher, site, node) && CONSUMING_RULES.has(matcher.rule.id)) consumed = true;
      }
    }

    // Callbacks (Express handlers, `.map(x => …)`) run inline: their parameters see the receiver's data.
    let callbackReturn: Taint | undefined;
    for (const callback of callbacks) {
      const result = this.inlineFunction(callback, receiver?.taint ?? mergeAll(site.args));
      callbackReturn = mergeTaint(callbackReturn, result.taint);
    }

    let result: Value;
    const summary = local && !closure ? this.summaries.get(local) : undefined;
    if (local && !closure && !summary) this.missingSummary = true;
    if (closure) {
      // A function defined in the running one sees its variables: its body runs here, with the
      // arguments in its parameters, rather than through a summary made without them.
      result = this.inlineFunction(
        closure.node,
        undefined,
        closure.params.map((param, index) => ({
          names: param.names,
          value:
            site.args[index] ??
            param.names.map((name) => site.keywords.get(name.toLowerCase())).find(Boolean) ??
            CLEAN,
        })),
      );
    } else if (summary && local) {
      result = this.applySummary(local, summary, site, node);
    } else if (method && CALLBACK_RESULT.has(method) && callbacks.length > 0) {
      result = { taint: callbackReturn };
    } else if (method === 'get' && receiver?.container && !receiver.taint) {
      // `SORT_COLUMNS.get(request.GET["sort"], "created_at")`: one of the table's own values or the
      // default, whatever the key was — an allow-list lookup.
      result = { taint: mergeAll([site.args[1] ?? CLEAN, site.keywords.get('default') ?? CLEAN]) };
    } else {
      const everything = [receiver, ...site.args, ...site.keywords.values()];
      result = { taint: mergeAll(everything) };
      if (callee.taint) result.taint = mergeTaint(result.taint, callee.taint);
      if (result.taint && !result.taint.built && matchesAny(BUILDING_CALLS, paths))
        result.taint = builtTaint(result.taint);
      // `"/items/{}".format(x)`: the template's text before its first field fixes the origin.
      if (result.taint && method === 'format' && receiver?.known && typeof receiver.constant === 'string')
        result.taint = fixOrigin(
          result.taint,
          receiver.constant.slice(0, Math.max(0, receiver.constant.indexOf('{'))),
        );
      if (
        matchesAny(PURE_CONSTANT_CALLS, paths) &&
        (receiver === undefined || receiver.known || !receiver.taint) &&
        site.args.every((arg) => arg.known) &&
        (receiver?.known || site.args.length > 0)
      ) {
        const base = receiver?.known ? receiver.constant : site.args[0]?.constant;
        result = { known: true, constant: base ?? null };
      }
    }
    // `new Set(["__proto__", …])`, `new Map([…])`: the collection keeps its literal's elements.
    if (
      calleeNode.type === 'identifier' &&
      node.type === 'new_expression' &&
      /^(?:Set|Map)$/.test(calleeNode.text) &&
      site.args[0]?.elements
    ) {
      result = { ...result, elements: site.args[0].elements, container: calleeNode.text === 'Map' };
    }
    // A query's rows, a command's output, a fetched page are not the attacker's input passed through.
    if (consumed) result.taint = undefined;
    result.path = `${callee.path ?? '?'}()`;
    result.rawPath = `${callee.rawPath ?? '?'}()`;

    if (rules.source)
      result.taint = mergeTaint(result.taint, sourceTaint(rules.source, node.startPosition.row + 1));
    if (result.taint) {
      if (rules.cleaners.some((matcher) => conditionsHold(matcher, site))) result.taint = undefined;
      const cleared = rules.sanitizers
        .filter((matcher) => conditionsHold(matcher, site))
        .map((matcher) => matcher.rule.id);
      if (cleared.length) result.taint = clearTaint(result.taint, cleared);
      if (result.taint && rules.normalizers.length > 0) {
        result.taint = { ...result.taint, normalized: true };
      }
    }

    // Mutating methods carry the argument's data into the receiver (`items.append(x)`).
    if (method && MUTATORS.has(method) && calleeNode.type !== 'identifier') {
      const objectNode = calleeNode.childForFieldName('object');
      const incoming = mergeAll(site.args);
      if (objectNode && incoming) {
        const key = objectNode.type === 'identifier' ? objectNode.text : rootIdentifier(objectNode);
        if (key) {
          const holder = this.lookup(key) ?? {};
          this.frame.scope.set(key, {
            ...holder,
            taint: mergeTaint(holder.taint, incoming),
            known: undefined,
          });
        }
      }
    }
    return result;
  }

  /**
   * The function `name` defined inside one of the functions running now (a nested `def`, a `const f =
   * () => …` in a handler), unless it is running already (recursion).
   */
  private closure(name: string): FunctionDef | undefined {
    if (this.running.length === 0) return undefined;
    for (const fn of this.allFunctions) {
      if (fn.name !== name || this.running.includes(fn.node)) continue;
      if (
        this.running.some((body) => fn.node.startIndex > body.startIndex && fn.node.endIndex <= body.endIndex)
      )
        return fn;
    }
    return undefined;
  }

  private localFunction(
    calleeNode: SyntaxNode,
    method: string | undefined,
    receiver?: Value,
  ): FunctionDef | undefined {
    if (calleeNode.type === 'identifier') {
      if (this.frame.scope.has(calleeNode.text) && !this.functions.has(calleeNode.text)) return undefined;
      return this.functions.get(calleeNode.text);
    }
    const objectNode = calleeNode.childForFieldName('object');
    if (method && objectNode && /^(?:self|this|cls)$/.test(objectNode.text))
      return this.functions.get(method);
    // `Repository(conn).totals(x)` or `repo.totals(x)` with `repo = Repository(conn)`: a class of this file.
    const instanceOf = receiver?.path?.match(/^(?:new )?([A-Za-z_$][\w$]*)\(\)$/)?.[1];
    if (method && instanceOf && this.classes.has(instanceOf)) return this.functions.get(method);
    return undefined;
  }

  private applySummary(fn: FunctionDef, summary: Summary, site: CallSite, node: SyntaxNode): Value {
    let taint = summary.returnTaint;
    for (const [index, flow] of summary.returnParams) {
      const incoming = site.args[index]?.taint;
      if (!incoming) continue;
      const cleaned = clearTaint(incoming, [...flow.cleared]);
      taint = mergeTaint(taint, cleaned && flow.normalized ? { ...cleaned, normalized: true } : cleaned);
    }
    for (const sink of summary.sinks) {
      const argument = site.args[sink.param];
      for (const origin of liveOrigins(argument?.taint, sink.matcher.rule.id)) {
        if (origin.param !== undefined)
          this.addSummarySink(
            origin.param,
            sink.matcher,
            sink.line,
            sink.column,
            sink.built || !!argument?.taint?.built,
          );
        else if (origin.field)
          this.fieldSink(
            origin,
            sink.matcher,
            sink.line,
            sink.column,
            sink.built || !!argument?.taint?.built,
          );
        else if (this.reporting)
          this.matches.push({
            matcher: sink.matcher,
            line: sink.line,
            column: sink.column,
            origin,
            via: { name: fn.name, line: node.startPosition.row + 1 },
          });
      }
    }
    return { taint };
  }

  private checkSink(matcher: CompiledMatcher, site: CallSite, node: SyntaxNode): boolean {
    const spec = matcher.spec;
    const parts: (Value | undefined)[] = [];
    const indices = spec.args ?? (spec.keywords || spec.receiver ? [] : [0]);
    for (const index of indices) parts.push(site.args[index]);
    for (const name of spec.keywords ?? []) {
      const [keyword, index] = name.split('@');
      parts.push(
        site.keywords.get(keyword!.toLowerCase()) ??
          (index !== undefined ? site.args[Number(index)] : undefined),
      );
    }
    if (spec.receiver) parts.push(site.receiver);
    const taint = mergeAll(parts);
    // A lookup key passed whole (`finders.find(path)`) is not a query built from the data.
    if (spec.built && !taint?.built) return false;
    this.sinkHit(matcher, taint, node);
    return liveOrigins(taint, matcher.rule.id).length > 0;
  }

  private sinkHit(matcher: CompiledMatcher, taint: Taint | undefined, node: SyntaxNode): void {
    const line = node.startPosition.row + 1;
    const column = node.startPosition.column + 1;
    for (const origin of liveOrigins(taint, matcher.rule.id)) {
      if (origin.param !== undefined)
        this.addSummarySink(origin.param, matcher, line, column, !!taint?.built);
      else if (origin.field) this.fieldSink(origin, matcher, line, column, !!taint?.built);
      else if (this.reporting) this.matches.push({ matcher, line, column, origin });
    }
  }

  private addSummarySink(
    param: number,
    matcher: CompiledMatcher,
    line: number,
    column: number,
    built: boolean,
  ): void {
    const sinks = this.frame.summary.sinks;
    const known = sinks.find(
      (sink) => sink.param === param && sink.matcher === matcher && sink.line === line,
    );
    if (known) known.built ||= built;
    else sinks.push({ param, matcher, line, column, built });
  }

  private recordReturn(value: Value, node: SyntaxNode): void {
    const summary = this.frame.summary;
    for (const origin of value.taint?.origins ?? []) {
      if (origin.param === undefined || !value.taint) continue;
      const flow = { cleared: value.taint.cleared, normalized: value.taint.normalized };
      const known = summary.returnParams.get(origin.param);
      // Two returns: sanitised only for what both paths sanitised.
      summary.returnParams.set(
        origin.param,
        known
          ? {
              cleared: new Set([...known.cleared].filter((id) => flow.cleared.has(id))),
              normalized: known.normalized && flow.normalized,
            }
          : flow,
      );
    }
    const sources = value.taint?.origins.filter((origin) => origin.param === undefined) ?? [];
    if (sources.length && value.taint)
      summary.returnTaint = mergeTaint(summary.returnTaint, { ...value.taint, origins: sources });
    if (this.frame.fn?.htmlRoute) {
      for (const matcher of this.rules.sinks)
        if (matcher.spec.routeReturn) this.sinkHit(matcher, value.taint, node);
    }
  }

  /** Runs a function literal in place, its parameters bound to `incoming`; returns what it returns. */
  private inlineFunction(
    node: SyntaxNode,
    incoming: Taint | undefined,
    params?: { names: string[]; value: Value }[],
  ): Value {
    const outer = this.frame;
    const scope: Scope = new Map(outer.scope);
    const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
    if (params) {
      for (const param of params)
        for (const name of param.names) scope.set(name, { taint: param.value.taint });
    } else {
      for (const name of parameterNames(parameters)) {
        if (this.rules.requestParameters.has(name)) scope.set(name, { path: name, rawPath: name });
        else scope.set(name, { taint: incoming });
      }
    }
    const inner: Frame = {
      fn: outer.fn,
      summary: { returnParams: new Map(), sinks: outer.summary.sinks },
      scope,
      terminated: false,
    };
    this.frame = inner;
    this.running.push(node);
    let returned: Value = CLEAN;
    try {
      const body = node.childForFieldName('body');
      if (body && isStatementContainer(body)) this.block(body);
      else if (body) returned = this.expr(body);
    } finally {
      this.frame = outer;
      this.running.pop();
    }
    return { taint: mergeTaint(returned.taint, inner.summary.returnTaint) };
  }

  private jsx(node: SyntaxNode): void {
    const opening = node.type === 'jsx_element' ? node.namedChildren[0] : node;
    for (const attribute of opening?.namedChildren ?? []) {
      if (attribute.type !== 'jsx_attribute') continue;
      const name = attribute.namedChildren[0]?.text;
      const valueNode = attribute.namedChildren[1];
      const value = valueNode ? this.expr(valueNode) : CLEAN;
      for (const matcher of this.rules.sinks)
        if (matcher.spec.jsxAttribute === name) this.sinkHit(matcher, value.taint, attribute);
    }
    if (node.type === 'jsx_element')
      for (const child of node.namedChildren.slice(1))
        if (child.type !== 'jsx_closing_element') this.expr(child);
  }

  private regexLiteral(node: SyntaxNode): void {
    const pattern = node.childForFieldName('pattern')?.text ?? '';
    for (const matcher of this.rules.patterns) {
      if (!matcher.spec.regexLiteral) continue;
      const site: CallSite = {
        paths: [],
        args: [{ known: true, constant: pattern }],
        keywords: new Map(),
        hasSpread: false,
        file: this.file,
        topLevel: !this.frame.fn,
      };
      if (conditionsHold(matcher, site)) this.report(matcher, node);
    }
  }

  report(matcher: CompiledMatcher, node: SyntaxNode): void {
    if (!this.reporting) return;
    this.matches.push({ matcher, line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
  }
}

// ------------------------------------------------------------------ helpers

function emptySummary(): Summary {
  return { returnParams: new Map(), sinks: [] };
}

const recursion = new WeakMap<FunctionDef, boolean>();

/** Whether a function calls itself (a recursive merge is how prototype pollution usually happens). */
function isRecursive(fn: FunctionDef): boolean {
  let known = recursion.get(fn);
  if (known === undefined) {
    known =
      fn.name.length > 1 &&
      !!fn.body &&
      new RegExp(`\\b${fn.name.replace(/\$/g, '\\$')}\\s*\\(`).test(fn.body.text);
    recursion.set(fn, known);
  }
  return known;
}

export function isFunctionNode(node: SyntaxNode): boolean {
  return (
    node.type === 'arrow_function' ||
    node.type === 'function_expression' ||
    node.type === 'function' ||
    node.type === 'lambda'
  );
}

function isStatementContainer(node: SyntaxNode): boolean {
  return node.type === 'block' || node.type === 'statement_block';
}

function isCompound(type: string): boolean {
  return (
    /^(?:block|statement_block|try_statement|with_statement|labeled_statement|with_clause)$/.test(type) ||
    isClause(type)
  );
}

function isClause(type: string): boolean {
  return type.endsWith('_clause');
}

/** The text of a string literal without quotes (interpolations left out). */
export function stringText(node: SyntaxNode): string {
  if (node.type === 'string' || node.type === 'template_string') {
    const parts = node.namedChildren.filter(
      (child) =>
        child.type === 'string_content' ||
        child.type === 'string_fragment' ||
        child.type === 'escape_sequence',
    );
    if (parts.length) return parts.map((part) => part.text).join('');
    return '';
  }
  if (node.type === 'property_identifier' || node.type === 'identifier') return node.text;
  return '';
}

function moduleName(text: string): string {
  return text.replace(/^node:/, '').replace(/\//g, '.');
}

function rootIdentifier(node: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.type !== 'identifier' && current.type !== 'this') {
    current =
      current.childForFieldName('object') ??
      current.childForFieldName('value') ??
      current.childForFieldName('function');
  }
  return current?.text;
}

function lastName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  const property = node.childForFieldName('property') ?? node.childForFieldName('attribute');
  if (property) return property.text;
  if (node.type === 'subscript' || node.type === 'subscript_expression') {
    const index = node.childForFieldName('subscript') ?? node.childForFieldName('index');
    if (index) return stringText(index) || undefined;
  }
  return undefined;
}

/** Reading `.name` of an object value: a source object's fields are tainted; a module's members are names. */
function propertyValue(value: Value, name: string): Value {
  return {
    taint: value.taint,
    path: value.path ? `${value.path}.${name}` : undefined,
    rawPath: value.rawPath ? `${value.rawPath}.${name}` : undefined,
  };
}

const PLACEHOLDER =
  /^(?:|x+|\*+|changeme|change[-_ ]?me|password|secret|your[-_ ]?\w*|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\(?\w*\)?s|xxx+|example\w*|dummy|test\w*|placeholder|redacted|todo|none|null|\.\.\.|fake\w*|sample\w*)$/i;

/** Two or more words of letters, with ordinary punctuation between them and at the end. */
function isProse(text: string): boolean {
  const words = text.trim().split(/[\s,;:-]+/);
  return (
    words.length >= 2 &&
    words.every((word, index) => {
      const bare = index === words.length - 1 ? word.replace(/[.!?]$/, '') : word;
      return /^[\p{L}'’]+$/u.test(bare);
    })
  );
}

function isSecretLiteral(value: Value, valueNode: SyntaxNode | null): boolean {
  if (!value.known || typeof value.constant !== 'string') return false;
  if (valueNode && valueNode.type !== 'string') return false;
  const text = value.constant;
  if (text.length < 4 || PLACEHOLDER.test(text) || isPlaceholder(text)) return false;
  if (/^[A-Z_]+$/.test(text)) return false; // an environment variable name, not a value
  // Prose ("CSRF token missing or incorrect.", `token = "is not"`) describes a credential, and a
  // snake_case key ("_password_reset_token") names where one is kept; neither is one.
  if (isProse(text)) return false;
  if (/^_?[a-z]+(?:_[a-z]+)+$/.test(text)) return false;
  return true;
}

/** Names bound by a parameter list, destructuring included. */
/** Test code by its path: `tests/`, `tests.py`, `test_x.py`, `x_test.py`, `conftest.py`, `x.spec.ts`, `__tests__/`. */
const TEST_FILE =
  /(?:^|\/)(?:tests?|testing|__tests__|spec)\/|(?:^|\/)(?:tests?|test_[^/]*|[^/]*_test|conftest)\.py$|\.(?:spec|test)\.[cm]?[jt]sx?$/;

/** A constant string of six or more characters with a digit, a symbol or mixed case. */
function looksGenerated(value: Value): boolean {
  const text = value.known && typeof value.constant === 'string' ? value.constant : '';
  return (
    text.length >= 6 &&
    (/\d/.test(text) || /[^A-Za-z0-9]/.test(text) || (/[a-z]/.test(text) && /[A-Z]/.test(text)))
  );
}

/** A function literal bound to a name inside a callback, as the closure `call` runs in place. */
function closureDef(name: string, node: SyntaxNode): FunctionDef {
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

export function parameterNames(node: SyntaxNode | null): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [node.text];
  const names: string[] = [];
  const visit = (current: SyntaxNode): void => {
    switch (current.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        names.push(current.text);
        return;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = current.childForFieldName('name');
        if (name) visit(name);
        return;
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const first = current.namedChildren[0];
        if (first) visit(first);
        return;
      }
      case 'required_parameter':
      case 'optional_parameter': {
        const pattern = current.childForFieldName('pattern');
        if (pattern) visit(pattern);
        return;
      }
      case 'assignment_pattern': {
        const left = current.childForFieldName('left');
        if (left) visit(left);
        return;
      }
      case 'pair_pattern': {
        const value = current.childForFieldName('value');
        if (value) visit(value);
        return;
      }
      case 'type_annotation':
      case 'type':
        return;
      default:
        for (const child of current.namedChildren) visit(child);
    }
  };
  visit(node);
  return names;
}

function isConstructor(fn: FunctionDef | undefined): boolean {
  return fn?.owner !== undefined && (fn.name === '__init__' || fn.name === 'constructor');
}
