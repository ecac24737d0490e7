import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run setup` runs `npm ci`, and vouch needs three of its dependencies' install scripts: better-sqlite3
 * builds its binding (the index and every store), esbuild fetches its binary (the build), node-llama-cpp
 * sets up the embedded model's runtime. npm 11 runs them but warns that `allowScripts` (package.json) does
 * not cover them, which a new user cannot tell from a failure; npm 12 skips such scripts without failing,
 * and vouch would then break at its first index. So package.json approves each of them by name.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as unknown;

interface LockPackage {
  version?: string;
  hasInstallScript?: boolean;
}

/** The lockfile's packages that have an install script: `name@version`. */
function withInstallScripts(): { name: string; version: string }[] {
  const lock = read('package-lock.json') as { packages: Record<string, LockPackage> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
    .map(([path, entry]) => ({
      name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version ?? '',
    }));
}

describe("the dependencies' install scripts", () => {
  const allowed = ((read('package.json') as { allowScripts?: Record<string, boolean> }).allowScripts ??
    {}) as Record<string, boolean>;

  it('are each approved in package.json (allowScripts), so npm runs them without a warning, in npm 12 too', () => {
    const scripts = withInstallScripts();
    expect(scripts.map((entry) => entry.name).sort()).toEqual([
      'better-sqlite3',
      'esbuild',
      'node-llama-cpp',
    ]);
    const uncovered = scripts.filter(
      ({ name, version }) => allowed[name] !== true && allowed[`${name}@${version}`] !== true,
    );
    expect(uncovered).toEqual([]);
  });

  it('approves no package that has none (an approval outlives its reason otherwise)', () => {
    const names = new Set(withInstallScripts().map((entry) => entry.name));
    const stale = Object.keys(allowed).filter((key) => !names.has(key.replace(/(?<=.)@[^@]*$/, '')));
    expect(stale).toEqual([]);
  });
});
