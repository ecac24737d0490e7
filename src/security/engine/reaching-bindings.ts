import { tick } from './deadline.js';
import { type Binding, type FileBindings, SCOPES } from './file-bindings.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';

/*
 * What a name read at a place may hold, read from `file-bindings.ts`' table by Python's scoping: the bindings that
 * reach it (`reachingBindings`), whether they give it more than one meaning (`severalMeanings`), the dotted name
 * an import or an assignment of a name resolves to (`resolvedName`, `importedNameAt`), and whether a name holds
 * what an import made (`madeByImport`) or may hold something unknown (`mayHoldOtherwise`, `unknownDecorated`).
 */

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
export const RESOLVE_DEPTH = 4;
/**
 * How many bindings a name read in a value may hold before its meaning is not known (review r22: five names
 * each bound 20 times under conditions): past it the value resolves to nothing, so clears nothing.
 */
export const RESOLVE_FAN_OUT = 16;

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
