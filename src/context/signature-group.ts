import { countTokens } from './tokens.js';
import type { ContextSnippet } from './types.js';

/** One definition shown as its signature only. */
export interface SignatureEntry {
  /** 1-based line of the definition */
  line: number;
  /** the enclosing class, for a method */
  parent?: string;
  /** the declaration before the body, whitespace collapsed (the index's `signature`) */
  signature: string;
  /** a class's own constructor (`__init__`, `constructor`), shown under it: how the class is called */
  classConstructor?: SignatureEntry;
}

/**
 * Lower-ranked definitions of one file, as their signatures under a single heading: a heading and fence
 * cost about as much as a short signature, so one per definition left little room for the definitions.
 * Methods sit under their class's name (`class Name: …`, an elision as in class outlines); a class comes
 * with its own constructor's signature, which says how to call it.
 */
export function signatureGroup(path: string, entries: readonly SignatureEntry[]): ContextSnippet {
  const listed = new Set(entries.map((entry) => entry.line));
  const constructors = entries.flatMap((entry) =>
    entry.classConstructor && !listed.has(entry.classConstructor.line) ? [entry.classConstructor] : [],
  );
  const sorted = [...entries, ...constructors].sort((a, b) => a.line - b.line);
  const lines: string[] = [];
  // The class whose members follow: shown already when its own signature is in the group.
  let current: string | undefined;
  for (const entry of sorted) {
    if (entry.parent && entry.parent !== current) lines.push(`class ${entry.parent}: …`);
    current = entry.parent ?? /^class\s+(\w+)/.exec(entry.signature)?.[1];
    lines.push(`${entry.parent ? '    ' : ''}${entry.signature} …`);
  }
  const source = lines.join('\n');
  return {
    kind: 'definition',
    path,
    startLine: sorted[0]!.line,
    endLine: sorted[sorted.length - 1]!.line,
    source,
    tokens: countTokens(source),
    reason: 'more definitions used here (signatures)',
    score: 0,
    outline: true,
  };
}
