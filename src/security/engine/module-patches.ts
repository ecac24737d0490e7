import { tick } from './deadline.js';
import { constantKey, namespaceOf } from './dynamic-forms.js';
import type { Binding, FileBindings } from './file-bindings.js';
import { preorder, type LiteNode as SyntaxNode } from './lite-tree.js';
import {
  importedNameAt,
  RESOLVE_DEPTH,
  RESOLVE_FAN_OUT,
  reachingBindings,
  resolvedName,
  severalMeanings,
} from './reaching-bindings.js';

/*
 * Whether a Python file may change what a module's function does (review r22 c2, r25, r26; w110, w117): the
 * attributes and namespaces it writes, each followed to the modules its object may hold (`heldModules`: a
 * variable, a loop's target, a parameter given a module at a call), resolved once per table
 * (`patchedInPlace`); and whether a call's first name may hold something else where it is called
 * (`rootRebound`). `call-targets.ts`' `unlessPatched` asks both and trusts no cleaner of a patched module.
 */

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
  for (const call of [...table.patchCalls, ...aliasCalls(table)]) {
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

/**
 * The calls of `unittest.mock`'s `patch` or `patch.object` by another name (review r26: `from unittest.mock import
 * patch as p`, `pt = mock.patch`, `po = mock.patch.object`); the file is read for their calls only when it binds
 * such a name, which few do.
 */
function aliasCalls(table: FileBindings): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  for (const [name, bindings] of table.names) {
    if (name === 'patch') continue;
    const alias = bindings.find(
      (binding) =>
        (binding.kind === 'import' &&
          binding.imported === 'patch' &&
          (binding.module === 'unittest.mock' || binding.module === 'mock')) ||
        (binding.kind === 'assignment' && binding.value && PATCH_VALUE.test(binding.value.text)),
    );
    if (!alias) continue;
    for (const call of callsNamed(alias.node, name))
      if (call.childForFieldName('function')?.type === 'identifier') calls.push(call);
  }
  return calls;
}
const PATCH_VALUE = /^(?:[\w.]+\.)?patch(?:\.object)?$/;

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
    preorder(root, (node) => {
      if (node.type === 'call') {
        const callee = node.childForFieldName('function');
        const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
        if (last?.type === 'identifier') {
          const list = found.get(last.text);
          if (list) list.push(node);
          else found.set(last.text, [node]);
        }
      }
    });
    calls = found;
    CALLS.set(root, calls);
  }
  return calls.get(name) ?? [];
}
/** Read only for a file that writes an attribute of a parameter or binds mock's patch by another name: most files never walk for it. */
const CALLS = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

/**
 * Whether the name a Python call of a module's function starts with (`shlex` of `shlex.quote(…)`) may hold
 * something else where it is called (w110, review r25's question asked again: `import shlex`, then `shlex =
 * types.SimpleNamespace(quote=str)` on a branch): the bindings that reach it there have more than one meaning
 * (`severalMeanings`). Read once per call (a call runs again at each pass of its function).
 */
export function rootRebound(table: FileBindings, call: SyntaxNode): boolean {
  const known = ROOT_REBOUND.get(call);
  if (known !== undefined) return known;
  let root = call.childForFieldName('function');
  while (root?.type === 'attribute') root = root.childForFieldName('object');
  let rebound = false;
  if (root?.type === 'identifier' && root !== call.childForFieldName('function')) {
    const bindings = reachingBindings(table, root, root.text);
    rebound = bindings.length > 1 && severalMeanings(table, bindings);
  }
  ROOT_REBOUND.set(call, rebound);
  return rebound;
}
const ROOT_REBOUND = new WeakMap<SyntaxNode, boolean>();
