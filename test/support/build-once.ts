import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Vitest's globalSetup: the CLI tests run `bin/vouch.js`, which loads `dist/`, so before any test runs
 * this makes sure `dist/` is the current source. It compiles (`tsc -p tsconfig.build.json`, as `npm run
 * build` does) only when some source file is newer than its output or has none; after `npm run build`,
 * or when nothing changed since the last run, it costs a few hundred `stat`s. Every file's JavaScript
 * depends on that file alone (`isolatedModules`), so comparing file by file is exact.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

function compiledSources(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') compiledSources(path, found);
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.d.ts')
    )
      found.push(path);
  }
  return found;
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The first source whose output is missing or older, or undefined when dist/ is current. */
export function staleSource(): string | undefined {
  for (const source of compiledSources(SRC)) {
    const output = join(DIST, relative(SRC, source)).replace(/\.ts$/, '.js');
    const built = mtime(output);
    if (built === undefined || built < mtime(source)!) return relative(ROOT, source);
  }
  return undefined;
}

export default function buildOnce(): void {
  const stale = staleSource();
  if (!stale) return;
  process.stderr.write(`vitest: dist/ is older than ${stale}; compiling (tsc -p tsconfig.build.json)\n`);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    // tsc still emits when it finds type errors; the tests then run what was written, and
    // `npm test` (typecheck) reports the errors
    if (staleSource()) throw new Error('vitest: tsc did not compile src/ into dist/ (see its output above)');
    process.stderr.write('vitest: tsc reported type errors (above); testing the JavaScript it emitted\n');
  }
}
