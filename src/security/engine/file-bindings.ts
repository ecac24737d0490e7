import { tick } from './deadline.js';
import {
  CALL_WRITE_SHAPES,
  constantKey,
  DYNAMIC_CALL_SHAPES,
  DYNAMIC_CALLS,
  DYNAMIC_SHAPES,
  type DynamicWrite,
  dynamicName,
  EVALUATORS,
  firstArgument,
  isDottedPath,
  namespaceOf,
  runsNothingWriting,
  shapeOf,
  WRITING_NAMES,
  writingName,
  writtenByCall,
} from './dynamic-forms.js';
import { preorder, type LiteNode as SyntaxNode } from './lite-tree.js';

/**
 * Every place a Python file binds a name, and how, read once from its syntax tree (w83). The engine's
 * questions "does this file bind X other than by its import?" (does `abort()` end the path, is `str(…)` the
 * built-in, is a cleaner's name the file's own or the library's) are answered here instead of by regular
 * expressions over the text: a string or a comment saying `abort = print` binds nothing, and a binding the
 * expressions missed (`x = abort = print`, `(abort, y) = …`, `except E as abort`, `case abort:`, `del abort`)
 * is one. Where the runtime binding is uncertain the answer stays on the side of "bound": a comprehension's
 * target counts for its enclosing scope, a class body's assignment counts as a binding, and the forms that bind
 * without being written as bindings (`import *`, `builtins`, `globals()`, `setattr`, `exec`) make the whole file
 * `dynamic`.
 */
export interface FileBindings {
  /** each name with every binding of it, in the file's order */
  readonly names: ReadonlyMap<string, readonly Binding[]>;
  /** the last attribute of every attribute assigned or deleted (`sys.exit = …`, `builtins.x = …`: `exit`, `x`) */
  readonly attributes: ReadonlySet<string>;
  /** every attribute assigned or deleted, as written (`shlex.quote = str`: `shlex.quote`), for `patchedInPlace` */
  readonly attributeTargets: readonly SyntaxNode[];
  /**
   * Attributes written through a namespace's dictionary or `setattr`, which no assignment shows (review r25, w110):
   * `setattr(shlex, "quote", str)`, `vars(shlex)["quote"] = str`, `shlex.__dict__.update(quote=str)`, and the
   * module's own names (`globals()["shlex"] = …`), for `patchedInPlace`
   */
  readonly dynamicWrites: readonly DynamicWrite[];
  /**
   * Modules and attributes written by their dotted name as text (review r26, w117): `sys.modules["shlex"] = …`
   * (`shlex`), `MonkeyPatch().setattr("shlex.quote", …)`; null for a name not written as a constant
   */
  readonly writtenPaths: readonly (string | null)[];
  /**
   * Calls that may be `unittest.mock`'s `patch` or `patch.object` (`mock.patch("shlex.quote", str).start()`),
   * told from other `patch`es by what their name resolves to (`patchedInPlace`)
   */
  readonly patchCalls: readonly SyntaxNode[];
  /**
   * The file runs code from a string that may write a module's names (review r26, w117): `exec`, `eval` or
   * `compile` (the built-ins, not a name the file imports) given anything but a constant that writes nothing
   * (`exec(os.environ["X"])`, `exec("shlex.quote = str")`), or one of them held by another name (`run = exec`)
   */
  readonly runsCode: boolean;
  /** the file can bind names by a form not written as a binding (see `DYNAMIC_NAMES`) */
  readonly dynamic: boolean;
  /**
   * Of those, a form that writes a namespace (`globals()["q"] = …`, `exec`/`eval`/`compile`, `setattr`,
   * `vars()`, `__builtins__`, `f_globals`, `__dict__.update(…)`, `import *`), not one that only reaches a module
   * by name or reads a dictionary (`import_module(m)`, `obj.__dict__.items()`, the text "builtins")
   */
  readonly rewrites: boolean;
  /**
   * The calls of `eval`, `exec` and `compile` by those names, when they are the file's only dynamic forms
   * (`[]` with `dynamic` false; null when another form makes the file dynamic): a read inside one of them
   * happens before it runs (`eval(request.contents)`)
   */
  readonly evaluations: readonly SyntaxNode[] | null;
}

export type BindingKind =
  | 'import'
  | 'function'
  | 'class'
  | 'lambda'
  | 'assignment'
  | 'augmented'
  | 'loop'
  | 'with'
  | 'except'
  | 'walrus'
  | 'global'
  | 'nonlocal'
  | 'parameter'
  | 'delete'
  | 'match';

export interface Binding {
  readonly kind: BindingKind;
  /** the identifier that is bound */
  readonly node: SyntaxNode;
  /** the function, lambda or class whose scope the binding is written in; null at module level */
  readonly scope: SyntaxNode | null;
  /** an import's module (`flask` for `from flask import abort`, `a.b` for `import a.b`) */
  readonly module?: string;
  /** the name an import takes from its module (`abort`); none for `import m` */
  readonly imported?: string;
  /** the value of a plain assignment to the name alone (`q = str`, `x = abort = print`: `print`) */
  readonly value?: SyntaxNode;
  /**
   * A `def`'s decorators, each the expression before any call's arguments (`app.route`, `functools.lru_cache`):
   * the name holds what the last one returns, which is the function only for a decorator known to return it
   */
  readonly decorators?: readonly SyntaxNode[];
}

/** The node kinds the walk looks at; every other node is only walked through. */
const BINDING_TYPES = new Set([
  'function_definition',
  'class_definition',
  'lambda',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'for_in_clause',
  'as_pattern',
  'case_pattern',
  'keyword_pattern',
  'splat_pattern',
  'named_expression',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'import_statement',
  'import_from_statement',
  'identifier',
  'call',
]);
/** Scopes of their own. */
export const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
/** The parts of a function, lambda or class that run in the enclosing scope, by field. */
const DEFINED_WHERE_WRITTEN = new Set(['parameters', 'return_type', 'superclasses']);
/** Targets that hold other targets: `(a, b)`, `[a, *b]`, `a, b`, `with … as (a, b)`. */
const CONTAINERS = new Set([
  'tuple_pattern',
  'list_pattern',
  'pattern_list',
  'tuple',
  'list',
  'expression_list',
  'parenthesized_expression',
  'list_splat_pattern',
  'list_splat',
  'as_pattern_target',
]);

/** The bindings of a Python file, made once per syntax tree (any node of it). */
export function fileBindings(anyNode: SyntaxNode): FileBindings {
  let root = anyNode;
  while (root.parent) root = root.parent;
  let table = TABLES.get(root);
  if (!table) {
    table = collect(root);
    TABLES.set(root, table);
  }
  return table;
}

const TABLES = new WeakMap<SyntaxNode, FileBindings>();

/** The bindings of `name` other than imports and `global`/`nonlocal` declarations, anywhere in the file. */
export function boundBesidesImports(table: FileBindings, name: string): readonly Binding[] {
  return (table.names.get(name) ?? []).filter(
    (binding) => binding.kind !== 'import' && binding.kind !== 'global' && binding.kind !== 'nonlocal',
  );
}

/** Whether every import of `name` in the file imports the same thing (none at all is no such import). */
export function oneImport(table: FileBindings, name: string): boolean {
  const imports = (table.names.get(name) ?? []).filter((binding) => binding.kind === 'import');
  return (
    imports.length > 0 &&
    imports.every(
      (binding) => binding.module === imports[0]!.module && binding.imported === imports[0]!.imported,
    )
  );
}

/** Where a node stands: the function, lambda or class whose scope it is in; null at module level. */
type Scope = SyntaxNode | null;

function collect(root: SyntaxNode): FileBindings {
  const names = new Map<string, Binding[]>();
  const attributes = new Set<string>();
  const attributeTargets: SyntaxNode[] = [];
  const dynamicWrites: DynamicWrite[] = [];
  const writtenPaths: (string | null)[] = [];
  const patchCalls: SyntaxNode[] = [];
  /** the identifiers `eval`, `exec`, `compile` not known to run constant code that writes nothing */
  const codeRunners: SyntaxNode[] = [];
  let dynamic = false;
  let rewrites = false;
  const evaluations: SyntaxNode[] = [];
  /** a dynamic form other than a call of eval, exec or compile */
  let beyondEvaluation = false;
  /** `node` bound as `how` says, in the scope `at` */
  const bind = (
    node: SyntaxNode,
    how: {
      kind: BindingKind;
      at: Scope;
      module?: string;
      imported?: string;
      value?: SyntaxNode;
      decorators?: readonly SyntaxNode[];
    },
  ) => {
    // fields written one by one: an object spread here was most of the table's cost (V8 clones slowly)
    const binding: Binding = {
      kind: how.kind,
      node,
      scope: how.at,
      module: how.module,
      imported: how.imported,
      value: how.value,
      decorators: how.decorators,
    };
    const list = names.get(node.text);
    if (list) list.push(binding);
    else names.set(node.text, [binding]);
  };
  /** An assignment's, loop's, `as`'s or `del`'s target: names bound, attributes written, namespaces indexed. */
  const targets = (node: SyntaxNode, kind: BindingKind, at: Scope) => {
    if (node.type === 'identifier') bind(node, { kind, at });
    else if (node.type === 'attribute') {
      const attribute = node.childForFieldName('attribute');
      if (attribute) attributes.add(attribute.text);
      attributeTargets.push(node);
    } else if (node.type === 'subscript') {
      // `globals()["abort"] = …`, `module.__dict__["abort"] = …`
      const object = node.childForFieldName('value');
      // `sys.modules["shlex"] = fake` before `import shlex`: the import gives the fake
      if (object?.type === 'attribute' && object.text === 'sys.modules')
        writtenPaths.push(constantKey(node.childForFieldName('subscript')));
      if (object && (object.type === 'call' || /__dict__$/.test(object.text))) {
        dynamic = true;
        rewrites = true;
        beyondEvaluation = true;
        const namespace = namespaceOf(object);
        if (namespace !== undefined)
          dynamicWrites.push({ object: namespace, name: constantKey(node.childForFieldName('subscript')) });
      }
    } else if (CONTAINERS.has(node.type)) for (const child of node.namedChildren) targets(child, kind, at);
  };

  // in pre-order without recursion (`preorder`: deep trees, see deadline.ts); each node's scope, and the scope
  // its children stand in, by its place in the walk, so a node costs no object of its own
  const source = root.text;
  const first = root.order;
  /** by place: the scope the node stands in, and the one its children do (itself, for a function or class) */
  const standing: Scope[] = [];
  const inners: Scope[] = [];
  preorder(root, (node) => {
    const parent = node === root ? null : node.parent;
    let at: Scope = null;
    if (parent) {
      // a function's defaults and annotations, a class's bases, run where it is defined (t3: `def f(x=(q :=
      // str))` binds the enclosing scope's q); its parameters' names are bound below, in its own scope
      const place = parent.order - first;
      const parentInner = inners[place]!;
      at =
        parentInner === parent && node.field !== null && DEFINED_WHERE_WRITTEN.has(node.field)
          ? standing[place]!
          : parentInner;
    }
    let inner: Scope = at;
    if (BINDING_TYPES.has(node.type))
      switch (node.type) {
        case 'function_definition':
        case 'class_definition': {
          const name = node.childForFieldName('name');
          if (name)
            bind(name, {
              kind: node.type === 'class_definition' ? 'class' : 'function',
              at,
              decorators: node.type === 'function_definition' ? decoratorsOf(node) : undefined,
            });
          inner = node;
          if (node.type === 'function_definition') parameters(node.childForFieldName('parameters'), node);
          break;
        }
        case 'lambda':
          inner = node;
          parameters(node.childForFieldName('parameters'), node);
          break;
        case 'assignment': {
          const left = node.childForFieldName('left');
          let right = node.childForFieldName('right');
          // `x: int` alone binds nothing
          if (left && right) {
            while (right.type === 'assignment') right = right.childForFieldName('right') ?? right;
            if (left.type === 'identifier')
              bind(left, { kind: right.type === 'lambda' ? 'lambda' : 'assignment', at, value: right });
            else targets(left, 'assignment', at);
          }
          break;
        }
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left) targets(left, 'augmented', at);
          break;
        }
        case 'for_statement':
        case 'for_in_clause': {
          const left = node.childForFieldName('left');
          if (left) targets(left, 'loop', at);
          break;
        }
        case 'as_pattern': {
          const kind =
            node.parent?.type === 'with_item'
              ? 'with'
              : node.parent?.type === 'except_clause' || node.parent?.type === 'except_group_clause'
                ? 'except'
                : 'match';
          const alias = node.childForFieldName('alias');
          if (alias) targets(alias, kind, at);
          else {
            // a case's `… as name`
            const last = node.namedChildren[node.namedChildren.length - 1];
            if (last?.type === 'identifier') bind(last, { kind: 'match', at });
          }
          break;
        }
        case 'case_pattern':
        case 'keyword_pattern':
          // `case abort:`, `case Point(x=a)`: a bare name is a capture (a dotted one is a value)
          for (const child of node.namedChildren)
            if (child.type === 'dotted_name' && child.namedChildren.length === 1 && child.namedChildren[0])
              bind(child.namedChildren[0], { kind: 'match', at });
          break;
        case 'splat_pattern': {
          const name = node.namedChildren[0];
          if (name?.type === 'identifier' && name.text !== '_') bind(name, { kind: 'match', at });
          break;
        }
        case 'named_expression': {
          const name = node.childForFieldName('name');
          if (name) bind(name, { kind: 'walrus', at });
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          for (const name of node.namedChildren)
            if (name.type === 'identifier')
              bind(name, { kind: node.type === 'global_statement' ? 'global' : 'nonlocal', at });
          break;
        case 'delete_statement':
          for (const target of node.namedChildren) targets(target, 'delete', at);
          break;
        case 'import_statement':
          for (const name of node.childrenForFieldName('name')) {
            if (name.type === 'aliased_import') {
              const alias = name.childForFieldName('alias');
              const module = name.childForFieldName('name')?.text;
              if (alias) bind(alias, { kind: 'import', at, ...(module ? { module } : {}) });
            } else if (name.namedChildren[0])
              bind(name.namedChildren[0], { kind: 'import', at, module: name.namedChildren[0].text });
          }
          break;
        case 'import_from_statement': {
          const module = node.childForFieldName('module_name')?.text;
          for (const child of node.namedChildren)
            if (child.type === 'wildcard_import') {
              dynamic = true;
              rewrites = true;
              beyondEvaluation = true;
            }
          for (const name of node.childrenForFieldName('name')) {
            const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
            const bound = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
            if (bound && imported)
              bind(bound, { kind: 'import', at, ...(module ? { module } : {}), imported: imported.text });
          }
          break;
        }
        case 'identifier':
          // most identifiers are none of those names: their shape says so without slicing the text
          if (DYNAMIC_SHAPES.has(shapeOf(source, node.startIndex, node.endIndex)) && dynamicName(node)) {
            dynamic = true;
            if (writingName(node)) rewrites = true;
            const called = node.field === 'function' && node.parent?.type === 'call';
            if (EVALUATORS.has(node.text) && called) evaluations.push(node.parent!);
            else beyondEvaluation = true;
            if (EVALUATORS.has(node.text) && !(called && runsNothingWriting(node.parent!)))
              codeRunners.push(node);
          }
          break;
        case 'call': {
          const callee = node.childForFieldName('function');
          if (
            callee?.type === 'identifier' &&
            DYNAMIC_CALL_SHAPES.has(shapeOf(source, callee.startIndex, callee.endIndex)) &&
            DYNAMIC_CALLS.has(callee.text)
          ) {
            dynamic = true;
            if (callee.text === 'vars' || WRITING_NAMES.has(callee.text)) rewrites = true;
            if (!EVALUATORS.has(callee.text)) beyondEvaluation = true;
            if (callee.text === 'setattr') dynamicWrites.push(...writtenByCall(node));
          } else if (callee?.type === 'attribute') {
            // `vars(m).update(…)`, `globals().__setitem__(…)`, `object.__setattr__(…)`, `mock.patch.object(…)`:
            // told by the method's shape before its text
            const method = callee.childForFieldName('attribute');
            if (method && CALL_WRITE_SHAPES.has(shapeOf(source, method.startIndex, method.endIndex))) {
              const name = method.text;
              if (name === 'patch' || name === 'object') patchCalls.push(node);
              else if (name === 'setattr' && isDottedPath(node)) writtenPaths.push(firstArgument(node));
              else dynamicWrites.push(...writtenByCall(node));
            }
          } else if (callee?.type === 'identifier' && callee.endIndex - callee.startIndex === 5) {
            if (callee.text === 'patch') patchCalls.push(node);
          }
          break;
        }
      }
    standing[node.order - first] = at;
    inners[node.order - first] = inner;
  });
  // the text "builtins" anywhere, a string's included (`sys.modules["builtins"].exit = print`): the old text
  // tests' reach, kept where a string can name the module whose names every file reads (review r19)
  if (source.includes('builtins')) {
    dynamic = true;
    beyondEvaluation = true;
  }
  return {
    names,
    attributes,
    attributeTargets,
    dynamicWrites,
    writtenPaths,
    patchCalls,
    // a name the file imports (`from re import compile`) or defines is not the built-in
    runsCode: codeRunners.some((runner) => !names.has(runner.text)),
    dynamic,
    rewrites,
    evaluations: beyondEvaluation ? null : evaluations,
  };

  function parameters(list: SyntaxNode | null, at: Scope) {
    for (const parameter of list?.namedChildren ?? []) {
      const name =
        parameter.type === 'identifier'
          ? parameter
          : (parameter.childForFieldName('name') ??
            parameter.namedChildren.find((child) => child.type === 'identifier'));
      if (name?.type === 'identifier') bind(name, { kind: 'parameter', at });
    }
  }
}

/** A `def`'s decorators, each without a call's arguments (`@app.route("/")`: `app.route`); none if bare. */
function decoratorsOf(definition: SyntaxNode): readonly SyntaxNode[] | undefined {
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return undefined;
  const decorators: SyntaxNode[] = [];
  for (const decorator of decorated.namedChildren) {
    if (decorator.type !== 'decorator') continue;
    const expression = decorator.namedChildren[0];
    const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
    if (callee) decorators.push(callee);
  }
  return decorators;
}
