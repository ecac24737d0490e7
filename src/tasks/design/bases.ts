import type { LanguageId } from '../../core/languages.js';

/** Bases that say nothing about the codebase's own patterns. */
const NOT_A_PATTERN = new Set(['object', 'Generic', 'Object']);

/** Splits at commas outside brackets: `A[int, str], B` → `A[int, str]`, `B`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if ('([{<'.includes(char)) depth++;
    else if (')]}>'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

function withoutTypeArguments(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(/<[^<>]*>/g, '');
  } while (current !== previous);
  return current;
}

const lastName = (dotted: string) => dotted.split('.').pop() ?? dotted;

/**
 * The classes and interfaces a class or interface declaration extends, from its signature as the index
 * stores it (`class CsvExporter(Exporter):`, `export class Store extends Base<T> implements Closeable`):
 * the last segment of each dotted name, in the order written.
 */
export function parseBases(signature: string, language: LanguageId | undefined): string[] {
  const names: string[] = [];
  if (language === 'python') {
    const match = /^class\s+\w+\s*(?:\[[^\]]*\])?\s*\((.*)\)\s*:?\s*$/.exec(signature.trim());
    if (!match) return [];
    for (const part of splitTopLevel(match[1] ?? '')) {
      if (part.includes('=') || part.startsWith('*')) continue;
      const name = /^([A-Za-z_][\w.]*)/.exec(part)?.[1];
      if (name) names.push(lastName(name));
    }
  } else {
    const plain = withoutTypeArguments(signature);
    const extended = /\bextends\s+(.+?)(?=\s+implements\b|\s*\{|$)/.exec(plain)?.[1];
    const implemented = /\bimplements\s+(.+?)(?=\s*\{|$)/.exec(plain)?.[1];
    for (const list of [extended, implemented])
      for (const part of splitTopLevel(list ?? '')) {
        const name = /^([A-Za-z_$][\w$.]*)/.exec(part)?.[1];
        if (name) names.push(lastName(name));
      }
  }
  return [...new Set(names)].filter((name) => !NOT_A_PATTERN.has(name));
}
