import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding vouch's package.json, whether running from `dist/` (built) or `src/` (tests), so
 * data shipped beside the code (`queries/`, `rules/`) is found either way.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('vouch: cannot find its own package.json');
    dir = parent;
  }
  cached = dir;
  return dir;
}

const texts = new Map<string, string>();

/**
 * A text file shipped with the package (`python/import_probe.py`), read once: the Python that runs in the
 * sandbox lives in `python/` as real `.py` files, linted and tested as Python.
 */
export function shippedText(path: string): string {
  let text = texts.get(path);
  if (text === undefined) {
    text = readFileSync(join(packageRoot(), path), 'utf8');
    texts.set(path, text);
  }
  return text;
}
