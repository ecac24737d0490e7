import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';
import type { LanguageId } from './languages.js';
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
      const path = queryPath(language, name);
      if (!existsSync(path)) return undefined;
      const source = readFileSync(path, 'utf8');
      const grammar = await loadLanguage(language);
      return grammar.query(source);
    })();
    compiled.set(key, pending);
  }
  return pending;
}
