import { tick } from './deadline.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';

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

/** One attribute a dynamic form writes: `setattr(shlex, "quote", str)` is `shlex` and `quote`. */
export interface DynamicWrite {
  /** the object written (`shlex`); null for the module's own namespace (`globals()`, `locals()`, `vars()`) */
  readonly object: SyntaxNode | null;
  /** the attribute's name; null when it is no constant (`setattr(shlex, name, …)`): any may be written */
  readonly name: string | null;
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

/**
 * Names that bind or rewrite names without a binding written, wherever they are written (`put = setattr`
 * too): the namespaces' dictionaries, `setattr`, the builtins module; each with whether, written as itself,
 * it writes a namespace (`FileBindings.rewrites`) or only reaches a module by name.
 */
const DYNAMIC_NAMES: ReadonlyMap<string, 'writes' | 'reaches'> = new Map<string, 'writes' | 'reaches'>([
  ['globals', 'writes'],
  ['locals', 'writes'],
  ['setattr', 'writes'],
  ['__builtins__', 'writes'],
  ['builtins', 'writes'],
  // code run from a string binds what the string says (review r19: `eval(compile(SETUP, …))`)
  ['eval', 'writes'],
  ['exec', 'writes'],
  ['compile', 'writes'],
  // a module got by name: `__import__("builtins").__dict__.update(…)`
  ['__import__', 'reaches'],
  ['import_module', 'reaches'],
]);
/** Of `DYNAMIC_NAMES`, those that write a namespace when written as themselves. */
const WRITING_NAMES = new Set(
  [...DYNAMIC_NAMES].filter(([, does]) => does === 'writes').map(([name]) => name),
);
/**
 * Attributes that reach a namespace's dictionary or a module by name, whatever is done with them
 * (`m.__dict__.update(abort=print)`, `sys._getframe().f_globals["abort"] = …`, `f.__globals__`).
 */
const DYNAMIC_ATTRIBUTES = new Set([
  '__dict__',
  'f_globals',
  'f_locals',
  '__globals__',
  '__builtins__',
  'import_module',
]);
/**
 * A word's length with its first and last characters, as one number: most identifiers are none of the dynamic
 * names, and this says so from the source without slicing their text (most of the walk's cost when it did).
 */
const shapeOf = (text: string, start: number, end: number) =>
  (end - start) | (text.charCodeAt(start) << 8) | (text.charCodeAt(end - 1) << 16);
const DYNAMIC_SHAPES = new Set(
  [...DYNAMIC_NAMES.keys(), ...DYNAMIC_ATTRIBUTES, 'modules'].map((name) => shapeOf(name, 0, name.length)),
);
/** Called: `vars` and `exec` are also common names of other things (`self.exec`, `vars = {}`). */
const DYNAMIC_CALLS = new Set(['vars', 'exec', ...DYNAMIC_NAMES.keys()]);
const DYNAMIC_CALL_SHAPES = new Set([...DYNAMIC_CALLS].map((name) => shapeOf(name, 0, name.length)));
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
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
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

/**
 * The bindings of `name` that the name read at `at` may hold, by Python's scoping: those of the innermost
 * function (or lambda, or the class body the read is directly in) that binds it and declares it neither
 * `global` nor `nonlocal`, with the writes of the functions nested in it that declare it `nonlocal` (review
 * r19, s2); else the module's own, together with the writes of every function that declares it `global`. A
 * class body's names are not its methods' (Python skips class scopes).
 */
export function reachingBindings(table: FileBindings, at: SyntaxNode, name: string): readonly Binding[] {
  const all = table.names.get(name) ?? [];
  if (all.length === 0) return all;
  let innermost = true;
  for (let node = at.parent; node; node = node.parent) {
    if (!SCOPES.has(node.type)) continue;
    if (node.type === 'class_definition' && !innermost) continue;
    innermost = false;
    const here = all.filter((binding) => binding.scope === node);
    if (here.some((binding) => binding.kind === 'global')) break;
    if (here.some((binding) => binding.kind === 'nonlocal')) continue;
    if (here.length > 0) return [...here, ...nonlocalWrites(all, node)];
  }
  const declaredGlobal = new Set(
    all.filter((binding) => binding.kind === 'global').map((binding) => binding.scope),
  );
  return all.filter(
    (binding) =>
      binding.kind !== 'global' &&
      binding.kind !== 'nonlocal' &&
      (binding.scope === null || declaredGlobal.has(binding.scope)),
  );
}

/** The writes of the functions that declare the name `nonlocal` and so write `scope`'s (directly or in a chain). */
function nonlocalWrites(all: readonly Binding[], scope: SyntaxNode): Binding[] {
  const declaring = all.filter((binding) => binding.kind === 'nonlocal');
  if (declaring.length === 0) return [];
  const writers = new Set(
    declaring
      .map((binding) => binding.scope)
      .filter((writer) => writer !== null && nonlocalTarget(all, writer) === scope),
  );
  return all.filter((binding) => binding.kind !== 'nonlocal' && writers.has(binding.scope));
}

/** The function whose name a `nonlocal` in `writer` names: the nearest enclosing one binding it itself. */
function nonlocalTarget(all: readonly Binding[], writer: SyntaxNode): SyntaxNode | null {
  for (let node = writer.parent; node; node = node.parent) {
    if (node.type !== 'function_definition' && node.type !== 'lambda') continue;
    const here = all.filter((binding) => binding.scope === node);
    if (here.some((binding) => binding.kind === 'nonlocal')) continue;
    if (here.some((binding) => binding.kind === 'global')) return null;
    if (here.length > 0) return node;
  }
  return null;
}

/**
 * Whether the bindings may give the name more than one thing: two imports of different names, an import and
 * an assignment that resolve differently, a function and anything but another function (the engine joins a
 * name's `def`s and lambdas itself), or any binding that does not resolve to a name by the table (a loop's
 * target, `with … as`, unpacking, a parameter, `del`, a call's result, a value whose name is itself bound
 * more than one way or is a parameter where it is read: review r19's t1 and t2).
 */
export function severalMeanings(table: FileBindings, bindings: readonly Binding[]): boolean {
  let first: string | undefined;
  for (const binding of bindings) {
    const meaning = meaningOf(table, binding);
    if (meaning === undefined) return bindings.length > 1;
    if (first === undefined) first = meaning;
    else if (meaning !== first) return true;
  }
  return false;
}

function meaningOf(table: FileBindings, binding: Binding): string | undefined {
  switch (binding.kind) {
    case 'function':
    case 'lambda':
      return 'function';
    case 'class':
      return 'class';
    case 'import':
    case 'assignment':
      return resolvedName(table, binding);
    default:
      return undefined;
  }
}

/**
 * The dotted name an import or a plain assignment of a name gives it (`from shlex import quote`:
 * `shlex.quote`; `q = quote` there: `shlex.quote`; `q = str`: `str`), the assigned name resolved by what
 * reaches it where it is written: undefined when that is a parameter or a local of its function
 * (`def set_q(quote): global q; q = quote`), or bound more than one way, or anything but a name.
 */
export function resolvedName(table: FileBindings, binding: Binding): string | undefined {
  return resolve(table, binding, 0);
}

/** How many assignments of a name to a name are followed (`a = b`, `b = c`, …) before giving up. */
const RESOLVE_DEPTH = 4;
/**
 * How many bindings a name read in a value may hold before its meaning is not known (review r22: five names
 * each bound 20 times under conditions): past it the value resolves to nothing, so clears nothing.
 */
const RESOLVE_FAN_OUT = 16;

/**
 * What each binding resolved to, by the depth it was asked at (the answer at a depth depends on the depth left),
 * so a binding is followed once per depth however many bindings reach it (review r22: the chains were followed
 * anew at every binding and every call, n⁵ work for five names bound n times). `null` is "resolves to nothing".
 */
const RESOLVED = new WeakMap<Binding, (string | null)[]>();

function resolve(table: FileBindings, binding: Binding, depth: number): string | undefined {
  if (binding.kind === 'import')
    return binding.imported ? `${binding.module ?? ''}.${binding.imported}` : binding.module;
  const value = binding.value;
  if (binding.kind !== 'assignment' || !value || depth > RESOLVE_DEPTH) return undefined;
  let known = RESOLVED.get(binding);
  const earlier = known?.[depth];
  if (earlier !== undefined) return earlier ?? undefined;
  tick();
  const resolved = nameAt({ table, expression: value, depth, unbound: value.text, self: binding });
  if (!known) {
    known = [];
    RESOLVED.set(binding, known);
  }
  known[depth] = resolved ?? null;
  return resolved;
}

/**
 * The dotted name an expression (`quote`, `shlex.quote`, `functools.lru_cache`) names where it is written: its
 * first name resolved by every binding that reaches it there, each to the same name; `unbound` when the file
 * binds that name nowhere (a built-in's, or a name never bound); undefined otherwise.
 */
function nameAt({
  table,
  expression,
  depth,
  unbound,
  self,
}: {
  table: FileBindings;
  expression: SyntaxNode;
  depth: number;
  unbound: string | undefined;
  self?: Binding;
}): string | undefined {
  let root = expression;
  while (root.type === 'attribute') {
    const object = root.childForFieldName('object');
    if (!object) return undefined;
    root = object;
  }
  if (root.type !== 'identifier') return undefined;
  const held = reachingBindings(table, root, root.text);
  // no binding in the file: a built-in, or a name the file never binds (`str`)
  if (held.length === 0) return unbound;
  if (held.length > RESOLVE_FAN_OUT) return undefined;
  let path: string | undefined;
  for (const other of held) {
    const resolved = other === self ? undefined : resolve(table, other, depth + 1);
    if (resolved === undefined || (path !== undefined && resolved !== path)) return undefined;
    path = resolved;
  }
  return `${path}${expression.text.slice(root.endIndex - expression.startIndex)}`;
}

/**
 * The name an expression's first name was imported as, or assigned from an import, where it is written
 * (`lru_cache` after `from functools import lru_cache`: `functools.lru_cache`); undefined when the file binds
 * that name nowhere, or otherwise (a `def`, a class, a parameter, two meanings).
 */
export function importedNameAt(table: FileBindings, expression: SyntaxNode): string | undefined {
  return nameAt({ table, expression, depth: 0, unbound: undefined });
}

/**
 * Whether the file may change what a module's function does (review r22 c2, review r25/w110): it assigns,
 * deletes or writes through `setattr` or a namespace's dictionary (`dynamicWrites`)
 *
 * - the function itself, or what holds it (`shlex.quote = str`; `import shlex as s; s.quote = str`;
 *   `setattr(shlex, "quote", str)`; `globals()["shlex"] = …`; `sys.modules["shlex"].quote = str`),
 * - another name of its module, which the function may read (`shlex._find_unsafe = …` makes `quote` return its
 *   argument; `setattr(shlex, name, …)`: any of them),
 * - an attribute of the function (`shlex.quote.__code__ = …`),
 *
 * or writes a name of its own namespace not written as a constant (`globals()[name] = …`). The object written is
 * what it may hold there (`heldModules`, review r26: a variable, a loop's target, a parameter given the module at
 * a call); also `__setattr__`, a monkeypatch's `setattr`, mock's `patch`/`patch.object` and `sys.modules["m"] = …`
 * write. An object that holds no module where it is written (`self.quote = str`, `setattr(obj, "quote", …)`)
 * patches no module's function.
 */
export function patchedInPlace(table: FileBindings, path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return false;
  const module = path.slice(0, dot);
  const written = writtenNames(table);
  if (written.everything) return true;
  for (const name of written.attributes)
    if (
      path === name ||
      path.startsWith(`${name}.`) ||
      name.startsWith(`${path}.`) ||
      name.slice(0, Math.max(0, name.lastIndexOf('.'))) === module
    )
      return true;
  for (const namespace of written.anyAttribute)
    if (namespace === module || namespace === path || path.startsWith(`${namespace}.`)) return true;
  return false;
}

/**
 * What the file's writes of attributes and namespaces name, resolved once per table: `attributes`, each written
 * attribute's dotted name (`shlex.quote`, `shlex._find_unsafe`, `shlex` for `globals()["shlex"]`);
 * `anyAttribute`, the modules any attribute of which may be written (`setattr(shlex, name, …)`); `everything`,
 * a write of a name not known on a module not known (`globals()[name] = …`, `sys.modules[name].quote = …`).
 */
interface WrittenNames {
  readonly attributes: ReadonlySet<string>;
  readonly anyAttribute: ReadonlySet<string>;
  readonly everything: boolean;
}
const WRITTEN = new WeakMap<FileBindings, WrittenNames>();

function writtenNames(table: FileBindings): WrittenNames {
  const known = WRITTEN.get(table);
  if (known) return known;
  const attributes = new Set<string>();
  const anyAttribute = new Set<string>();
  let everything = false;
  /** `name` written on what `object` may hold; a name not constant (null) is any of its names */
  const written = (object: SyntaxNode | null, name: string | null) => {
    const modules = object === null ? [OWN] : heldModules(table, object, 0);
    if (modules === null) {
      everything = true;
      return;
    }
    for (const module of modules) {
      if (module !== OWN) {
        if (name === null) anyAttribute.add(module);
        else attributes.add(`${module}.${name}`);
      } else if (name === null) everything = true;
      // a name of the file's own module (`globals()["shlex"] = …`, `sys.modules[__name__].DEBUG = …`): what it
      // is bound to is replaced
      else for (const bound of ownNamed(table, name)) attributes.add(bound);
    }
  };
  for (const target of table.attributeTargets) {
    const object = target.childForFieldName('object');
    const attribute = target.childForFieldName('attribute')?.text;
    if (object && attribute) written(object, attribute);
  }
  for (const write of table.dynamicWrites) written(write.object, write.name);
  for (const path of table.writtenPaths)
    if (path === null) everything = true;
    else attributes.add(path);
  // `mock.patch("shlex.quote", v)`, `mock.patch.object(shlex, "quote", v)`, by what their name resolves to
  for (const call of table.patchCalls) {
    const callee = call.childForFieldName('function');
    const name = callee ? importedNameAt(table, callee) : undefined;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (name === 'unittest.mock.patch' || name === 'mock.patch') {
      const path = args[0] ? constantKey(args[0]) : null;
      if (path === null) everything = true;
      else attributes.add(path);
    } else if ((name === 'unittest.mock.patch.object' || name === 'mock.patch.object') && args[0])
      written(args[0], args[1] ? constantKey(args[1]) : null);
  }
  const names = { attributes, anyAttribute, everything };
  WRITTEN.set(table, names);
  return names;
}

/** The file's own module, among the modules an expression may hold (`sys.modules[__name__]`, `globals()`). */
const OWN = '';

/** The dotted names the file's own name `name` is bound to (`import shlex`: `shlex`). */
function ownNamed(table: FileBindings, name: string): string[] {
  const bound: string[] = [];
  for (const binding of table.names.get(name) ?? []) {
    const resolved = resolvedName(table, binding);
    if (resolved !== undefined) bound.push(resolved);
  }
  return bound;
}

/**
 * The modules (dotted names) an expression an attribute is written on may hold where it is written (review r25,
 * r26): what it was imported or assigned from (`importedNameAt`); a module got by name (`sys.modules["shlex"]`,
 * `importlib.import_module("shlex")`, `__import__("shlex")`, `globals()["shlex"]`); a name assigned one of those
 * (`m = importlib.import_module("shlex")`, `(m := shlex)`), a loop's target over a list of them (`for m in
 * [shlex]`), a parameter given one at a call site in the file (`def patch(mod): mod.quote = str`, `patch(shlex)`);
 * `OWN` for the file's own module (`sys.modules[__name__]`). Null for a module got by a name not constant (any
 * module); none for anything else (`self`, a parameter no call gives a module).
 */
function heldModules(table: FileBindings, expression: SyntaxNode, depth: number): readonly string[] | null {
  if (depth > RESOLVE_DEPTH) return [];
  switch (expression.type) {
    case 'parenthesized_expression': {
      const inner = expression.namedChildren[0];
      return inner ? heldModules(table, inner, depth) : [];
    }
    case 'named_expression': {
      const value = expression.childForFieldName('value');
      return value ? heldModules(table, value, depth) : [];
    }
    case 'subscript': {
      const value = expression.childForFieldName('value');
      const subscript = expression.childForFieldName('subscript');
      if (value?.text === 'sys.modules' || value?.text === 'modules') {
        if (subscript?.type === 'identifier' && subscript.text === '__name__' && !table.names.has('__name__'))
          return [OWN];
        const key = constantKey(subscript);
        return key === null ? null : [key];
      }
      // `globals()["shlex"]`: what the file's name holds
      if (value?.type === 'call' && namespaceOf(value) === null) {
        const key = constantKey(subscript);
        return key === null ? null : ownNamed(table, key);
      }
      return [];
    }
    case 'call': {
      const callee = expression.childForFieldName('function');
      const name = callee ? (importedNameAt(table, callee) ?? callee.text) : '';
      if (name !== 'importlib.import_module' && name !== '__import__' && name !== 'builtins.__import__')
        return [];
      const key = constantKey(expression.childForFieldName('arguments')?.namedChildren[0] ?? null);
      // `__import__("a.b")` gives the package `a`; `import_module("a.b")` the module `a.b`
      if (key === null) return null;
      return [name !== 'importlib.import_module' ? key.split('.')[0]! : key];
    }
    case 'identifier': {
      const imported = importedNameAt(table, expression);
      if (imported !== undefined) return [imported];
      return boundModules(table, expression, depth);
    }
    case 'attribute': {
      const imported = importedNameAt(table, expression);
      return imported === undefined ? [] : [imported];
    }
    default:
      return [];
  }
}

/** What the bindings of a name reaching `name` may hold, each as `heldModules` says; null when any is any. */
function boundModules(table: FileBindings, name: SyntaxNode, depth: number): readonly string[] | null {
  const held = reachingBindings(table, name, name.text);
  if (held.length > RESOLVE_FAN_OUT) return [];
  const modules: string[] = [];
  for (const binding of held) {
    const more = bindingModules(table, binding, depth + 1);
    if (more === null) return null;
    modules.push(...more);
  }
  return modules;
}

function bindingModules(table: FileBindings, binding: Binding, depth: number): readonly string[] | null {
  switch (binding.kind) {
    case 'import': {
      const resolved = resolvedName(table, binding);
      return resolved === undefined ? [] : [resolved];
    }
    case 'assignment':
      return binding.value ? heldModules(table, binding.value, depth) : [];
    case 'walrus': {
      const value = binding.node.parent?.childForFieldName('value');
      return value ? heldModules(table, value, depth) : [];
    }
    case 'loop': {
      // `for m in [shlex, os]`, `for m in mods` with `mods = [shlex]`: the target itself, not one of a tuple
      const loop = binding.node.parent;
      if (loop?.type !== 'for_statement' && loop?.type !== 'for_in_clause') return [];
      const over = loop.childForFieldName('right');
      if (!over) return [];
      if (ELEMENTS.has(over.type)) return elementModules(table, over, depth);
      if (over.type !== 'identifier') return [];
      const modules: string[] = [];
      for (const list of reachingBindings(table, over, over.text).slice(0, RESOLVE_FAN_OUT))
        if (list.kind === 'assignment' && list.value && ELEMENTS.has(list.value.type)) {
          const more = elementModules(table, list.value, depth);
          if (more === null) return null;
          modules.push(...more);
        }
      return modules;
    }
    case 'parameter':
      return parameterModules(table, binding, depth);
    default:
      return [];
  }
}

const ELEMENTS = new Set(['list', 'tuple', 'set', 'expression_list']);

function elementModules(table: FileBindings, list: SyntaxNode, depth: number): readonly string[] | null {
  const modules: string[] = [];
  for (const element of list.namedChildren) {
    const more = heldModules(table, element, depth);
    if (more === null) return null;
    modules.push(...more);
  }
  return modules;
}

/**
 * What a parameter may hold at the calls of its function in the file (review r26: `def patch(mod): mod.quote =
 * str`, then `patch(shlex)`): the argument at its place or by its name in every call of the function's name. A
 * method's call through an object (`Patcher().apply(shlex)`) gives its first argument to the second parameter,
 * or the first when called through the class; both are taken, except that the first parameter is read only from
 * calls through the class by its name (`Patcher.apply(shlex)`). A parameter no call gives a module holds none
 * (review r22's `self.quote = str`).
 */
function parameterModules(table: FileBindings, binding: Binding, depth: number): readonly string[] | null {
  // once per parameter however many writes and calls reach it (review r22's lesson: chains followed anew at each
  // were n⁵); a parameter reached again while its calls are read (`def f(m): f(m)`) adds nothing of its own
  const known = PARAMETER_MODULES.get(binding);
  if (known !== undefined) return known;
  PARAMETER_MODULES.set(binding, []);
  tick();
  const modules = callSiteModules(table, binding, depth);
  PARAMETER_MODULES.set(binding, modules);
  return modules;
}
const PARAMETER_MODULES = new WeakMap<Binding, readonly string[] | null>();

function callSiteModules(table: FileBindings, binding: Binding, depth: number): readonly string[] | null {
  const fn = binding.scope;
  if (fn?.type !== 'function_definition') return [];
  const name = fn.childForFieldName('name')?.text;
  const list = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const index = list.findIndex(
    (parameter) => parameter === binding.node || parameter.namedChildren.includes(binding.node),
  );
  if (!name || index < 0) return [];
  let scope = fn.parent;
  if (scope?.type === 'decorated_definition') scope = scope.parent;
  const method = scope?.parent?.type === 'class_definition';
  const modules: string[] = [];
  // a default is what a call that gives nothing passes (`def patch(mod=shlex)`, `patch()`)
  const fallback = list[index]?.childForFieldName('value');
  if (fallback) {
    const more = heldModules(table, fallback, depth);
    if (more === null) return null;
    modules.push(...more);
  }
  for (const call of callsNamed(binding.node, name)) {
    const callee = call.childForFieldName('function');
    // a method's first parameter (`self`) is given only by a call through its class (`Patcher.apply(shlex)`):
    // not reading every `x.get(a)` for a `def get(self)` kept the cost of this off ordinary classes
    const owner = scope?.parent?.childForFieldName('name')?.text;
    if (method && index === 0 && callee?.childForFieldName('object')?.text !== owner) continue;
    const places = callee?.type === 'attribute' && method && index > 0 ? [index - 1, index] : [index];
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const positional = args.filter((arg) => arg.type !== 'keyword_argument');
    const given: SyntaxNode[] = [];
    for (const place of places) if (place >= 0 && positional[place]) given.push(positional[place]!);
    for (const arg of args)
      if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === binding.node.text) {
        const value = arg.childForFieldName('value');
        if (value) given.push(value);
      }
    for (const arg of given) {
      const more = heldModules(table, arg, depth);
      if (more === null) return null;
      modules.push(...more);
    }
  }
  return modules;
}

/** The calls in a file by the last name of what they call (`patch(…)`, `p.apply(…)`: `patch`, `apply`). */
function callsNamed(anyNode: SyntaxNode, name: string): readonly SyntaxNode[] {
  let root = anyNode;
  while (root.parent) root = root.parent;
  let calls = CALLS.get(root);
  if (!calls) {
    const found = new Map<string, SyntaxNode[]>();
    const pending: SyntaxNode[] = [root];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.type === 'call') {
        const callee = node.childForFieldName('function');
        const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
        if (last?.type === 'identifier') {
          const list = found.get(last.text);
          if (list) list.push(node);
          else found.set(last.text, [node]);
        }
      }
      for (const child of node.namedChildren) pending.push(child);
    }
    calls = found;
    CALLS.set(root, calls);
  }
  return calls.get(name) ?? [];
}
/** Read only for a file that writes an attribute of a parameter: most files never walk for it. */
const CALLS = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

/**
 * Whether the name an expression starts with (`app` of `app.route`) holds, wherever it reaches it from, an
 * import or what a call of an imported name returned (`app = Flask(__name__)`, `router = APIRouter()`), not an
 * instance of the file's own class, a parameter or anything unknown.
 */
export function madeByImport(table: FileBindings, expression: SyntaxNode): boolean {
  let root = expression;
  while (root.type === 'attribute') {
    const object = root.childForFieldName('object');
    if (!object) return false;
    root = object;
  }
  if (root.type !== 'identifier') return false;
  const held = reachingBindings(table, root, root.text);
  return (
    held.length > 0 &&
    held.length <= RESOLVE_FAN_OUT &&
    held.every((binding) => {
      if (binding.kind === 'import') return true;
      const value = binding.value;
      if (binding.kind !== 'assignment' || value?.type !== 'call') return false;
      const callee = value.childForFieldName('function');
      return !!callee && importedNameAt(table, callee) !== undefined;
    })
  );
}

/**
 * Whether the name may hold anything but one binding's meaning: bound more than once in the file, or a `def`
 * under a decorator (which `isTransparent` does not know to return the function). Read before
 * `reachingBindings`, which is asked only then.
 */
export function mayHoldOtherwise(
  table: FileBindings,
  name: string,
  isTransparent: (decorator: SyntaxNode) => boolean,
): boolean {
  const all = table.names.get(name);
  if (!all) return false;
  return all.length > 1 || unknownDecorated(all[0]!, isTransparent);
}

/** A `def` under a decorator not known to return the function: what the name holds is not known. */
export function unknownDecorated(
  binding: Binding,
  isTransparent: (decorator: SyntaxNode) => boolean,
): boolean {
  return binding.kind === 'function' && !!binding.decorators?.some((decorator) => !isTransparent(decorator));
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

  // the walk keeps its own stacks (deep trees: see deadline.ts), nodes and their scopes side by side, so a
  // node costs no object of its own
  const source = root.text;
  const pending: SyntaxNode[] = [root];
  const standing: Scope[] = [null];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const at = standing.pop()!;
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
    const children = node.namedChildren;
    // a function's defaults and annotations, a class's bases, run where it is defined (t3: `def f(x=(q :=
    // str))` binds the enclosing scope's q); its parameters' names are bound above, in its own scope
    const scoped = inner === node;
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]!;
      pending.push(child);
      standing.push(scoped && child.field !== null && DEFINED_WHERE_WRITTEN.has(child.field) ? at : inner);
    }
  }
  // the text "builtins" anywhere, a string's included (`sys.modules["builtins"].exit = print`): the old text
  // tests' reach, kept where a string can name the module whose names every file reads (review r19)
  if (source.includes('builtins')) {
    dynamic = true;
    beyondEvaluation = true;
  }
  // `from unittest.mock import patch as p`, `pt = mock.patch`: mock's patch by another name (review r26); the
  // file is read again for their calls only when it has such a name, which few have
  const patchNames = patchAliases(names);
  for (const name of patchNames)
    for (const call of callsNamed(root, name))
      if (call.childForFieldName('function')?.type === 'identifier') patchCalls.push(call);
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

/** The names other than `patch` the file binds to `unittest.mock`'s `patch` or `patch.object`. */
function patchAliases(names: ReadonlyMap<string, readonly Binding[]>): Set<string> {
  const aliases = new Set<string>();
  for (const [name, bindings] of names) {
    if (name === 'patch') continue;
    for (const binding of bindings)
      if (
        (binding.kind === 'import' &&
          binding.imported === 'patch' &&
          (binding.module === 'unittest.mock' || binding.module === 'mock')) ||
        (binding.kind === 'assignment' && binding.value && PATCH_VALUE.test(binding.value.text))
      )
        aliases.add(name);
  }
  return aliases;
}
const PATCH_VALUE = /^(?:[\w.]+\.)?patch(?:\.object)?$/;

/**
 * Whether an identifier is one of the dynamic forms: a name of `DYNAMIC_NAMES` written as itself, an attribute
 * of `DYNAMIC_ATTRIBUTES`, or `sys.modules` (`sys.modules[__name__].exit = print`, `sys.modules["builtins"]`).
 */
function dynamicName(node: SyntaxNode): boolean {
  const text = node.text;
  if (!isAttributeName(node)) return DYNAMIC_NAMES.has(text) || (text === 'modules' && importedFromSys(node));
  if (node.parent?.type !== 'attribute') return false;
  if (DYNAMIC_ATTRIBUTES.has(text)) return true;
  return text === 'modules' && node.parent.childForFieldName('object')?.text === 'sys';
}

/** Code run from a string: `FileBindings.evaluations`. */
const EVALUATORS = new Set(['eval', 'exec', 'compile']);

/** A dynamic identifier (`dynamicName`) that writes a namespace: see `FileBindings.rewrites`. */
function writingName(node: SyntaxNode): boolean {
  const text = node.text;
  if (!isAttributeName(node)) return WRITING_NAMES.has(text);
  if (text === 'f_globals' || text === 'f_locals' || text === '__globals__' || text === '__builtins__')
    return true;
  // `m.__dict__.update(…)`, `m.__dict__.setdefault(…)`: the subscript target is `targets`'
  const outer = node.parent?.parent;
  const method = outer?.type === 'attribute' ? outer.childForFieldName('attribute')?.text : undefined;
  return text === '__dict__' && (method === 'update' || method === 'setdefault' || method === '__setitem__');
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

/** `from sys import modules`: the import's module is `sys`. */
function importedFromSys(node: SyntaxNode): boolean {
  const statement = node.parent?.parent;
  return (
    statement?.type === 'import_from_statement' && statement.childForFieldName('module_name')?.text === 'sys'
  );
}

/** `x.exec`, `f(exec=…)`: an attribute's or a keyword's name, not the name itself. */
function isAttributeName(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (
    (parent?.type === 'attribute' && node.field === 'attribute') ||
    (parent?.type === 'keyword_argument' && node.field === 'name')
  );
}

/**
 * The namespace whose dictionary `expression` is (`vars(shlex)`, `shlex.__dict__`: `shlex`; `globals()`,
 * `locals()`, `vars()`: null, the module's own); undefined for anything else.
 */
function namespaceOf(expression: SyntaxNode): SyntaxNode | null | undefined {
  if (expression.type === 'attribute') {
    if (expression.childForFieldName('attribute')?.text !== '__dict__') return undefined;
    return expression.childForFieldName('object') ?? undefined;
  }
  if (expression.type !== 'call') return undefined;
  const callee = expression.childForFieldName('function');
  if (callee?.type !== 'identifier') return undefined;
  const args = expression.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee.text === 'globals' || callee.text === 'locals') return null;
  if (callee.text !== 'vars') return undefined;
  return args.length === 0 ? null : args[0]!;
}

/** Methods of a dictionary that write an entry of it. */
const DICTIONARY_WRITES = new Set(['update', 'setdefault', '__setitem__']);
/** Methods whose call may write an attribute: a dictionary's writes, `__setattr__`, a monkeypatch's, mock's. */
const CALL_WRITE_SHAPES = new Set(
  [...DICTIONARY_WRITES, '__setattr__', 'setattr', 'patch', 'object'].map((name) =>
    shapeOf(name, 0, name.length),
  ),
);

/** The first argument of a call, as a string constant's text (null for anything else). */
function firstArgument(call: SyntaxNode): string | null {
  return constantKey(call.childForFieldName('arguments')?.namedChildren[0] ?? null);
}

/** `X.setattr("shlex.quote", v)`: a monkeypatch's target by its dotted name, two arguments the first a string. */
function isDottedPath(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 2 && args[0]?.type === 'string';
}

/**
 * Whether a call of `eval`, `exec` or `compile` runs constant code that writes no name: its first argument a
 * plain string with no assignment, `setattr`, namespace, import or further code run in it (`eval("1 + 1")`).
 * Read by its text, so on the side of "writes": `print(x, end="")` counts as an assignment.
 */
function runsNothingWriting(call: SyntaxNode): boolean {
  const code = constantKey(call.childForFieldName('arguments')?.namedChildren[0] ?? null);
  return code !== null && !WRITING_CODE.test(code);
}
const WRITING_CODE =
  /(?:^|[^=!<>])=(?!=)|\b(?:setattr|__setattr__|__dict__|import|__import__|del|exec|eval|compile|globals|locals|vars|modules|patch)\b/;

/**
 * The attributes a call writes without an assignment: `setattr(obj, "name", v)`, and a namespace's dictionary
 * written by a method (`vars(shlex).update(quote=str)`, `globals().__setitem__("shlex", …)`); a name not
 * written as a constant is any name.
 */
function writtenByCall(call: SyntaxNode): DynamicWrite[] {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee?.type === 'identifier' && callee.text === 'setattr') {
    const object = args[0];
    return object ? [{ object, name: constantKey(args[1] ?? null) }] : [];
  }
  if (callee?.type !== 'attribute') return [];
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const dictionary = callee.childForFieldName('object');
  if (method === '__setattr__' || method === 'setattr') {
    // `object.__setattr__(shlex, "quote", v)`, `type(shlex).__setattr__(shlex, …)`, a monkeypatch's
    // `setattr(shlex, "quote", v)`; `shlex.__setattr__("quote", v)` writes its own object
    if (args.length >= 3) return [{ object: args[0]!, name: constantKey(args[1]!) }];
    if (method === '__setattr__' && args.length === 2 && dictionary)
      return [{ object: dictionary, name: constantKey(args[0]!) }];
    return [];
  }
  if (!DICTIONARY_WRITES.has(method) || !dictionary) return [];
  const object = namespaceOf(dictionary);
  if (object === undefined) return [];
  if (method !== 'update') return [{ object, name: constantKey(args[0] ?? null) }];
  // `update(quote=str)` writes the keywords' names; a dictionary or pairs given, names not seen
  if (args.length > 0 && args.every((arg) => arg.type === 'keyword_argument'))
    return args.map((arg) => ({ object, name: arg.childForFieldName('name')?.text ?? null }));
  return [{ object, name: null }];
}

/**
 * A string constant's text (`"quote"`), or null for anything else: a name, a concatenation, an f-string's
 * interpolation, an escape (`"q\x75ote"` is `quote` to Python), bytes.
 */
function constantKey(node: SyntaxNode | null): string | null {
  if (node?.type !== 'string') return null;
  const parts = node.namedChildren;
  if (!/^[rRuU]?["']/.test(parts[0]?.text ?? '')) return null;
  if (parts.length === 2) return '';
  const content = parts[1];
  if (parts.length !== 3 || content?.type !== 'string_content' || content.namedChildren.length > 0)
    return null;
  return content.text;
}
