import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { commandPages } from './commands.js';
import { configurationPage } from './configuration.js';
import { httpApiPage } from './http-api.js';

/**
 * `npm run docs`: writes the pages of docs/ that are generated from the code (the commands' flags, the
 * configuration keys, the HTTP API). test/docs/generated-docs.test.ts fails when one of them is stale.
 */
export const ROOT = join(import.meta.dirname, '..', '..');

export async function generatedPages(): Promise<Map<string, string>> {
  return new Map([...(await commandPages()), ...configurationPage(), ...(await httpApiPage())]);
}

/** The generated pages whose file differs from what the code makes now. */
export async function stalePages(): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, text] of await generatedPages()) {
    let current: string | undefined;
    try {
      current = readFileSync(join(ROOT, path), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) stale.push(path);
  }
  return stale;
}

if (process.argv[1] === import.meta.filename) {
  for (const [path, text] of await generatedPages()) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), text);
  }
  process.stderr.write('docs: generated pages written\n');
}
