import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { shareSuiteCaches } from './suite-caches.js';

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

/**
 * Whether the built `vouch context` of the build at `root` would run without its bundle: bin/vouch.js
 * takes start.cjs only when it is no older than start.js, and start.cjs takes the bundle only when it is
 * no older than main.js (a bundle made before tsc wrote main.js again holds older code). Without them a
 * cold `vouch context` loads dist/ through the ES module loader: ≈ 1.16× the CPU on Django (issue 45's
 * fourth round), so the suite leaves none stale, and a benchmark refuses to time one. The same holds for
 * `vouch scan`'s bundle (scan-bundle.cjs, made by the same script; issue 59) and the scan pool's workers' (scan-worker-bundle.cjs).
 */
export function staleContextBundle(root = ROOT): string | undefined {
  const dist = join(root, 'dist');
  for (const [made, from, startedBy] of [
    ['cli/start.cjs', 'cli/start.js'],
    ['cli/context-bundle.cjs', 'cli/main.js'],
    ['cli/scan-bundle.cjs', 'cli/main.js'],
    // the scan pool's workers' (w106): older than scan-worker.js, a worker loads dist/'s ES modules (a
    // build from before w106, a baseline, has neither it nor the worker's start, scan-worker.cjs)
    ['security/scan-worker-bundle.cjs', 'security/scan-worker.js', 'security/scan-worker.cjs'],
  ] as const) {
    if (startedBy && mtime(join(dist, startedBy)) === undefined) continue;
    const built = mtime(join(dist, made));
    if (built === undefined || built < (mtime(join(dist, from)) ?? Number.POSITIVE_INFINITY))
      return `dist/${made} is ${built === undefined ? 'missing' : `older than dist/${from}`}`;
  }
  return undefined;
}

/**
 * Why a fresh process would compile `vouch scan`'s bundle without the build's code cache
 * (dist/cli/scan-bundle.cache missing, or made from another text or under other flags), or undefined when
 * V8 takes it: a benchmark would otherwise time a start no install makes.
 */
export function scanCodeCacheRefused(root = ROOT): string | undefined {
  const start = join(root, 'dist', 'cli', 'start.cjs');
  const taken = spawnSync(process.execPath, [
    '-e',
    `process.stdout.write(String(require(${JSON.stringify(start)}).loadScanBundle()?.script.cachedDataRejected))`,
  ]).stdout?.toString();
  return taken === 'false' ? undefined : 'dist/cli/scan-bundle.cache is missing or not of this bundle';
}

/** Makes `vouch context`'s and `vouch scan`'s bundles (and start.cjs) again from dist/, as `npm run build` does after tsc. */
function bundleContext(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle-context.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export default function buildOnce(): void {
  shareSuiteCaches();
  const stale = staleSource();
  if (!stale) {
    // tsc run by hand since `npm run build`: the CLI tests run `vouch context` from its bundle, as users do
    const bundle = staleContextBundle();
    if (bundle) {
      process.stderr.write(`vitest: ${bundle}; bundling vouch context again\n`);
      bundleContext();
      scanCodeCache();
    }
    return;
  }
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
  // tsc wrote main.js and start.js again: without this, every cold `vouch context` after (tests and
  // benchmarks alike) would run unbundled, the slower path no user has
  bundleContext();
  // the shipped rules as validated (dist/security/shipped-rules.json), as `npm run build` writes them:
  // without it every CLI child validates the rule files again (correct, only slower)
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-rule-artefact.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  scanCodeCache();
}

/** The scan bundle's code cache, as `npm run build` makes it (the bundle made again left none). */
function scanCodeCache(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-scan-cache.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
