import { BUILTIN_NAMES } from '../index/builtin-names.js';
import type { IndexStore, SymbolRow } from '../index/index-store.js';
import { byPlace, referencesOf, symbolsNamedKept } from './code-candidates/index.js';
import { classHeaderBases, type WeightedIdentifier } from './cursor-identifiers.js';

/** Other definitions of the function being written that are read, at most: beyond, the name is too common. */
const MAX_SIBLINGS = 12;
/**
 * What a name every sibling uses counts, as an identifier near the cursor (scaled by the share using it).
 * Chosen on the tuning trees (issue 45's fourth round measured 0.4, 0.6, 0.8 and 1: 1 lowered Django).
 */
const SIBLING_WEIGHT = 0.8;

/**
 * The function (or method) being written at the cursor: the nearest header above the cursor's line that
 * every line between them is indented under (the cursor may sit on the body's first, still empty, line).
 */
export function enclosingFunction(
  lines: readonly string[],
  cursorLine: number,
): { name: string; line: number } | undefined {
  let indent = Number.POSITIVE_INFINITY;
  for (let line = cursorLine - 1; line >= 1 && line > cursorLine - 400; line--) {
    const text = lines[line - 1] ?? '';
    if (!text.trim()) continue;
    const own = text.length - text.trimStart().length;
    if (own < indent) {
      const name =
        /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(text)?.[1] ??
        /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/.exec(text)?.[1] ??
        /^\s*(?:(?:public|private|protected|static|async|override|readonly)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\([^)]*\)\s*(?::[^={]*)?\{\s*$/.exec(
          text,
        )?.[1];
      if (name && !/^(?:if|for|while|switch|catch|function|return)$/.test(name)) return { name, line };
    }
    indent = Math.min(indent, own);
    if (own === 0) return undefined;
  }
  return undefined;
}

/**
 * Names used by the other definitions of the function being written — the same method in the classes of
 * its hierarchy, another implementation of one protocol (`as_sql`, `visit_call_expr`, `formfield`) —
 * weighted by the share of them that use each: a new override usually calls what the others call.
 * Only when the repository defines that name a few times (`MAX_SIBLINGS`); past that, the definitions in
 * the cursor's class's bases (the method it overrides) and in its sibling classes, other subclasses of its
 * own bases (`bases`: a directive's `run` beside the other directives' `run`), the nearest in the tree
 * first.
 */
export function siblingNames(
  store: IndexStore,
  cursor: {
    /** the file being written */
    path: string;
    /** the function around the cursor */
    enclosing: { name: string; line: number };
    /** the classes its class inherits from, through the index */
    ancestors: ReadonlySet<string>;
    /** its class's own bases, as written */
    bases?: readonly string[];
  },
): WeightedIdentifier[] {
  const { path, enclosing, ancestors, bases = [] } = cursor;
  const named = symbolsNamedKept(store, enclosing.name).filter(
    (row) => row.kind === 'method' || row.kind === 'function',
  );
  const own = named.find(
    (row) => row.path === path && row.startLine <= enclosing.line && row.endLine >= enclosing.line,
  );
  const all = named.filter((row) => row !== own);
  let siblings = all;
  if (siblings.length > MAX_SIBLINGS) {
    siblings = all.filter((row) => row.parent !== null && ancestors.has(row.parent));
    const family = new Set(bases.filter((base) => !BUILTIN_NAMES.has(base)));
    // A method's cousins: the same method of other subclasses of its class's bases. A module's function's:
    // the same function of other modules (a plugin's hook beside the other plugins' hooks).
    const cousin =
      own && own.parent === null
        ? (row: SymbolRow) => row.parent === null
        : family.size > 0
          ? (row: SymbolRow) =>
              row.parent !== null && !ancestors.has(row.parent) && sharesBase(store, row.parent, family)
          : undefined;
    if (cousin && siblings.length < MAX_SIBLINGS) {
      const cousins = all
        .filter(cousin)
        .map((row) => ({ row, near: sharedFolders(row.path, path) }))
        .sort((a, b) => b.near - a.near || byPlace(a.row, b.row))
        .slice(0, MAX_SIBLINGS - siblings.length);
      siblings = [...siblings, ...cousins.map(({ row }) => row)];
    }
  }
  if (siblings.length === 0 || siblings.length > MAX_SIBLINGS) return [];
  const using = new Map<string, number>();
  for (const sibling of siblings) {
    const names = new Set<string>();
    for (const reference of referencesOf(store, sibling.path))
      if (reference.line > sibling.startLine && reference.line <= sibling.endLine) names.add(reference.name);
    for (const name of names)
      if (name !== enclosing.name && !BUILTIN_NAMES.has(name)) using.set(name, (using.get(name) ?? 0) + 1);
  }
  return [...using]
    .map(([name, count]) => ({ name, weight: (SIBLING_WEIGHT * count) / siblings.length, line: 0 }))
    .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether a class named `name` is declared with one of `bases` among its own bases. */
function sharesBase(store: IndexStore, name: string, bases: ReadonlySet<string>): boolean {
  return symbolsNamedKept(store, name).some(
    (row) =>
      row.kind === 'class' && (classHeaderBases(row.signature.trim()) ?? []).some((base) => bases.has(base)),
  );
}

/** How many leading folders two paths share: a sibling class nearby is likelier the cursor's kind. */
function sharedFolders(a: string, b: string): number {
  const left = a.split('/').slice(0, -1);
  const right = b.split('/').slice(0, -1);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return shared;
}

/** The identifiers near the cursor with the siblings' names added in (summed where both name one). */
export function withSiblingNames(
  identifiers: readonly WeightedIdentifier[],
  siblings: readonly WeightedIdentifier[],
): WeightedIdentifier[] {
  if (siblings.length === 0) return [...identifiers];
  const merged = new Map(identifiers.map((identifier) => [identifier.name, { ...identifier }]));
  for (const sibling of siblings) {
    const entry = merged.get(sibling.name);
    if (entry) entry.weight += sibling.weight;
    else merged.set(sibling.name, { ...sibling });
  }
  return [...merged.values()].sort((a, b) => b.weight - a.weight);
}
