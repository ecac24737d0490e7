import { BUILTIN_NAMES } from '../index/builtin-names.js';
import { keptForLast } from './kept-for-last.js';

const KEYWORDS = new Set(
  (
    'if else elif for while do return def class function const let var import from export default as with ' +
    'try except catch finally raise throw new delete typeof instanceof in is not and or pass break continue ' +
    'lambda yield async await static public private protected void null undefined true false True False None ' +
    'this self cls super package func type struct interface enum impl trait fn pub use mod match where mut ref ' +
    'extends implements abstract final override readonly declare namespace module go defer chan select case ' +
    'switch string number boolean any unknown never int float bool char long double byte short println'
  ).split(' '),
);

export interface WeightedIdentifier {
  name: string;
  weight: number;
  /** nearest line where it appears */
  line: number;
}

/**
 * Identifiers in the lines around the cursor, weighted by closeness to it (what is being written right
 * now matters most); keywords and language built-ins left out.
 */
export function identifiersNearCursor(
  lines: readonly string[],
  cursorLine: number,
  window: { startLine: number; endLine: number },
): WeightedIdentifier[] {
  const { startLine: from, endLine: to } = window;
  const found = new Map<string, WeightedIdentifier>();
  for (let line = from; line <= to; line++) {
    const text = lines[line - 1] ?? '';
    const distance = Math.abs(line - cursorLine);
    // Lines after the cursor count less: they are context, not what is being asked for.
    const weight = (line > cursorLine ? 0.5 : 1) / (1 + distance / 8);
    for (const match of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      const name = match[0];
      if (name.length < 3 || KEYWORDS.has(name) || BUILTIN_NAMES.has(name)) continue;
      const entry = found.get(name);
      if (!entry) found.set(name, { name, weight, line });
      else {
        entry.weight += weight * 0.5;
        if (Math.abs(entry.line - cursorLine) > distance) entry.line = line;
      }
    }
  }
  return [...found.values()].sort((a, b) => b.weight - a.weight);
}

/**
 * The import statements of a file, one per entry with continuation lines joined (`from x import (\n a,\n b)`).
 * Line-based: whole-file multiline regular expressions are slow on large files.
 */
export const importStatements: (text: string) => readonly string[] = keptForLast(readStatements);

function readStatements(text: string): string[] {
  const statements: string[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    const first = line.charCodeAt(0);
    // f(rom) i(mport) u(se) e(xport) c(onst): a cheap filter before the regular expression
    if (first !== 102 && first !== 105 && first !== 117 && first !== 101 && first !== 99) continue;
    if (!/^(?:from\s|import\s|import\{|use\s|export\s.*\sfrom\s|const\s.*require\()/.test(line)) continue;
    let statement = line;
    while (
      statement.includes('(') &&
      !statement.includes(')') &&
      index + 1 < lines.length &&
      statement.length < 4000
    ) {
      statement += ` ${lines[++index]!.trim()}`;
    }
    while (/\bimport\s*\{[^}]*$/.test(statement) && index + 1 < lines.length && statement.length < 4000) {
      statement += ` ${lines[++index]!.trim()}`;
    }
    statements.push(statement);
  }
  return statements;
}

/** Module paths the file imports, as path fragments (`django.db.models` → `django/db/models`). */
export function importedModules(
  text: string,
  statements: readonly string[] = importStatements(text),
): string[] {
  const modules = new Set<string>();
  for (const statement of statements) {
    const match =
      /^from\s+([\w.]+)\s+import\b/.exec(statement) ??
      /^import\s+(?:static\s+)?([\w.]+)/.exec(statement) ??
      /\bfrom\s+['"]([^'"]+)['"]/.exec(statement) ??
      /\brequire\(\s*['"]([^'"]+)['"]\s*\)/.exec(statement) ??
      /^use\s+([\w:]+)/.exec(statement);
    if (!match) continue;
    const fragment = match[1]!
      .replace(/^\.+\/?/, '')
      .replace(/::/g, '/')
      .replace(/\./g, '/')
      .replace(/^crate\//, '');
    if (fragment) modules.add(fragment);
  }
  return [...modules];
}

/** Names imported by the file (`from x import a, b as c` → a, b; `import { a, b as c }` → a, b). */
export function importedNames(
  text: string,
  statements: readonly string[] = importStatements(text),
): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    const python = /^from\s+[\w.]+\s+import\s+\(?(.*?)\)?$/.exec(statement);
    const javascript = /^import\s+(?:type\s+)?(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from/.exec(statement);
    const list = python ? python[1]! : javascript ? (javascript[2] ?? '') : '';
    if (javascript?.[1]) names.add(javascript[1]);
    for (const part of list.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
        ?.trim();
      if (name && /^\w+$/.test(name)) names.add(name);
    }
  }
  return names;
}

/**
 * Identifiers the index knows the cursor's file to reference (calls, classes, types, imports — not every
 * variable), weighted by closeness to the cursor with a small floor, so names used often elsewhere in the
 * file count too; merged with the identifiers written in the window itself (which may be unsaved).
 */
export function weightedReferences(
  references: readonly { name: string; kind: string; line: number }[],
  window: readonly WeightedIdentifier[],
  cursorLine: number,
): WeightedIdentifier[] {
  const found = new Map<string, WeightedIdentifier>();
  for (const reference of references) {
    if (BUILTIN_NAMES.has(reference.name) || KEYWORDS.has(reference.name)) continue;
    const distance = Math.abs(reference.line - cursorLine);
    const weight = 0.05 + (reference.kind === 'import' ? 0.1 : 0) + 0.5 / (1 + distance / 8);
    const entry = found.get(reference.name);
    if (!entry) found.set(reference.name, { name: reference.name, weight, line: reference.line });
    else {
      entry.weight += weight * 0.5;
      if (Math.abs(entry.line - cursorLine) > distance) entry.line = reference.line;
    }
  }
  for (const identifier of window) {
    const entry = found.get(identifier.name);
    if (entry) entry.weight += identifier.weight;
    else found.set(identifier.name, { ...identifier, weight: identifier.weight * 0.6 });
  }
  return [...found.values()].sort((a, b) => b.weight - a.weight);
}

/**
 * The base classes named in the header of the class the cursor is in (`class Store(SessionBase):`,
 * `class A extends B implements C`): `self.x()` / `this.x()` there usually calls one of their members.
 */
export function enclosingClassBases(lines: readonly string[], cursorLine: number): string[] {
  let indent = Number.POSITIVE_INFINITY;
  for (let line = cursorLine; line >= 1; line--) {
    const text = lines[line - 1] ?? '';
    if (!text.trim()) continue;
    const own = text.length - text.trimStart().length;
    if (own >= indent) continue;
    indent = own;
    const header = classHeaderBases(text.trim());
    if (header) return header;
    if (own === 0) break;
  }
  return [];
}

/** Base names from one class header, or undefined when the line is not one. */
export function classHeaderBases(header: string): string[] | undefined {
  const python = /^class\s+\w+\s*\(([^)]*)\)/.exec(header);
  if (python) return names(python[1]!.split(',').filter((part) => !part.includes('=')));
  const other =
    /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:public\s+)?class\s+\w+(?:<[^>]*>)?\s+(.*)$/.exec(
      header,
    );
  if (!other) return /^class\s+\w+/.test(header) ? [] : undefined;
  const clauses = [
    ...other[1]!.matchAll(
      /\b(?:extends|implements)\s+([\w.,\s<>]+?)(?=\s+(?:extends|implements)\b|\s*\{|$)/g,
    ),
  ];
  return names(clauses.flatMap((clause) => clause[1]!.replace(/<[^>]*>/g, '').split(',')));
}

function names(parts: readonly string[]): string[] {
  return parts
    .map((part) => part.trim().split('.').pop() ?? '')
    .filter((name) => /^[A-Za-z_]\w*$/.test(name) && name !== 'object');
}
