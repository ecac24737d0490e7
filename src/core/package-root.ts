import { existsSync } from 'node:fs';
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
