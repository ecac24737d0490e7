import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { transpileTypeScript } from '../../verify/runners/transpile-typescript.js';

/** Modules one side may load, at most: a project's own relative imports, not its dependencies. */
const MAX_MODULES = 60;
const RELATIVE_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)['"](\.{1,2}\/[^'"]+)['"]/gm;
const SOURCE_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

/**
 * The project's TypeScript modules that a module under comparison imports by the name of their compiled
 * JavaScript (`import { isDigits } from './utils.js'`, as TypeScript's node16 resolution wants it), each
 * type-stripped at that name, and the modules they import in turn. The differential tester runs plain
 * Node, which finds no `utils.js` in the sources: without these its side crashed with
 * ERR_MODULE_NOT_FOUND. Project-relative path → JavaScript, for a sandbox's overlay; a path that exists
 * as it is named is left to the project's own file.
 */
export function transpiledImports(
  root: string,
  importer: string,
  javaScript: string[],
): Record<string, string> {
  const overlay: Record<string, string> = {};
  const queue = javaScript.map((text) => ({ from: importer, text }));
  while (queue.length > 0 && Object.keys(overlay).length < MAX_MODULES) {
    const { from, text } = queue.shift()!;
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const path = normalize(join(dirname(from), match[1]!));
      if (path.startsWith('..') || overlay[path] !== undefined || existsSync(join(root, path))) continue;
      const extension = Object.keys(SOURCE_FOR).find((ending) => path.endsWith(ending));
      if (!extension) continue;
      const stem = path.slice(0, -extension.length);
      const source = SOURCE_FOR[extension]!.map((ending) => stem + ending).find((candidate) =>
        existsSync(join(root, candidate)),
      );
      if (!source) continue;
      const emitted = transpileTypeScript(readFileSync(join(root, source), 'utf8'), source);
      overlay[path] = emitted;
      queue.push({ from: path, text: emitted });
    }
  }
  return overlay;
}
