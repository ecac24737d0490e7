import { BUILTIN_NAMES } from '../index/builtin-names.js';

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
  from: number,
  to: number,
): WeightedIdentifier[] {
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

/** Module paths the file imports, as path fragments (`django.db.models` → `django/db/models`). */
export function importedModules(text: string): string[] {
  const modules = new Set<string>();
  const patterns = [
    /^\s*from\s+([\w.]+)\s+import\b/gm,
    /^\s*import\s+([\w.]+)/gm,
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*use\s+([\w:]+)/gm,
    /^\s*import\s+(?:static\s+)?([\w.]+)\s*;/gm,
    /^\s*"([\w./-]+)"\s*$/gm,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const fragment = match[1]!
        .replace(/^\.+\/?/, '')
        .replace(/::/g, '/')
        .replace(/\./g, '/')
        .replace(/^crate\//, '');
      if (fragment) modules.add(fragment);
    }
  }
  return [...modules];
}

/** Names imported by the file (`from x import a, b as c` → a, b; `import { a, b as c }` → a, b). */
export function importedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^\s*from\s+[\w.]+\s+import\s+\(?([^)\n]*(?:\n[^)\n]*)*?)\)?\s*$/gm)) {
    for (const part of match[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)[0]
        ?.trim();
      if (name && /^\w+$/.test(name)) names.add(name);
    }
  }
  for (const match of text.matchAll(/import\s+(?:type\s+)?(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from/g)) {
    if (match[1]) names.add(match[1]);
    for (const part of (match[2] ?? '').split(',')) {
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
