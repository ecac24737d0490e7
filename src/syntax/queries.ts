import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageId } from '../core/languages.js';
import { packageRoot } from '../core/package-root.js';
import { loadLanguage, type Query } from './parser.js';

const compiled = new Map<string, Promise<Query | undefined>>();

/** Path of a query file: `queries/<language>/<name>.scm` at the package root. */
export function queryPath(language: LanguageId, name: string): string {
  return join(packageRoot(), 'queries', language, `${name}.scm`);
}

/**
 * The compiled query `name` for `language`, or undefined when vouch ships none. Compiled once per process.
 * Query files are kept as `.scm` so they can be read and edited like the grammars' own.
 */
export function loadQuery(language: LanguageId, name: string): Promise<Query | undefined> {
  const key = `${language}/${name}`;
  let pending = compiled.get(key);
  if (!pending) {
    pending = (async () => {
      const source = querySource(language, name);
      if (source === undefined) return undefined;
      const grammar = await loadLanguage(language);
      return grammar.query(source);
    })();
    compiled.set(key, pending);
  }
  return pending;
}

/**
 * A query file's text with the files it inherits prepended: a first line `; inherits: typescript`
 * (the convention of nvim-treesitter's queries) reuses another language's patterns, so TSX states only
 * what it adds to TypeScript. The inherited patterns must hold for this grammar's node types too.
 */
export function querySource(
  language: LanguageId,
  name: string,
  seen: ReadonlySet<string> = new Set(),
): string | undefined {
  const path = queryPath(language, name);
  if (!existsSync(path) || seen.has(language)) return undefined;
  const own = readFileSync(path, 'utf8');
  const inherits = /^;\s*inherits:\s*([\w, ]+)$/m.exec(own.split('\n', 1)[0] ?? '')?.[1];
  if (!inherits) return own;
  const parents = inherits
    .split(',')
    .map((parent) => parent.trim() as LanguageId)
    .map((parent) => querySource(parent, name, new Set([...seen, language])) ?? '');
  return [...parents, own].join('\n');
}
