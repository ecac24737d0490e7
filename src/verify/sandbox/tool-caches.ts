import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { typescript } from '../../core/typescript-compiler.js';

const PACKAGE_VERSION = z.looseObject({ version: z.unknown().optional() });

/**
 * Test runners and checkers write caches into the project they run in, and the project is read-only in
 * the sandbox: vitest 2 dies after its tests with ENOENT/EROFS on `node_modules/.vite/vitest/results.json`
 * (exit 1, so a passing suite looked failed), tsc fails with TS5033 on its `.tsbuildinfo`, pytest and
 * mypy warn or fail on `.pytest_cache`/`.mypy_cache`. Each tool gets the writable cache it expects, and
 * nothing of it reaches the host:
 * - where the tool has a setting, the setting points at a scratch folder in the sandbox's /tmp
 *   (`MYPY_CACHE_DIR`, pytest's `cache_dir` through `PYTEST_ADDOPTS`, `RUFF_CACHE_DIR`; jest's default
 *   cacheDirectory is under TMPDIR already);
 * - where it has none (vite and vitest resolve `node_modules/.vite` from their config, with no variable),
 *   the folder is an empty tmpfs in the project's view (when it exists, or vitest before 4 is installed),
 *   and so is `node_modules/.vite-temp`, where vite bundles a `vite.config.ts`/`vitest.config.ts`;
 * - a file the tool rewrites (a `.tsbuildinfo`) is left out of the view, and the folder holding it is
 *   writable, so the tool writes a fresh one there.
 * A cache starts empty on every run: a verdict never rests on a previous run's cache.
 */

/** The scratch folder, inside the sandbox's own tmpfs /tmp, that the tools' settings point at. */
export const SANDBOX_CACHE_DIR = '/tmp/vouch-tool-caches';

export interface ToolCaches {
  /** variables added to the program's environment */
  env: Record<string, string>;
  /** project-relative folders shown as fresh, writable, empty tmpfs mounts */
  dirs: string[];
  /** project-relative files a tool rewrites: not shown, and the folder holding each one is writable */
  files: string[];
}

/** The caches of the tools a project may run, from what is installed in it (a few stats, no walk). */
export function toolCaches(projectDir: string, callerEnv: Record<string, string> = {}): ToolCaches {
  const env: Record<string, string> = {
    MYPY_CACHE_DIR: `${SANDBOX_CACHE_DIR}/mypy`,
    RUFF_CACHE_DIR: `${SANDBOX_CACHE_DIR}/ruff`,
    // `-o cache_dir` rather than `-p no:cacheprovider`: a command with --lf or --ff still parses
    PYTEST_ADDOPTS: [`-o cache_dir=${SANDBOX_CACHE_DIR}/pytest`, callerEnv.PYTEST_ADDOPTS]
      .filter(Boolean)
      .join(' '),
  };
  const dirs: string[] = [];
  const modules = join(projectDir, 'node_modules');
  if (isRealDirectory(modules)) {
    if (vitestNeedsWritableCache(modules)) dirs.push('node_modules/.vite');
    if (viteBundlesConfig(projectDir, modules)) dirs.push('node_modules/.vite-temp');
    // babel, eslint, nyc and the like use it when it exists and skip caching when they cannot create it
    if (isRealDirectory(join(modules, '.cache'))) dirs.push('node_modules/.cache');
  }
  return { env, dirs, files: typeScriptBuildInfo(projectDir) };
}

/**
 * vitest before 4 fails a run it cannot write `node_modules/.vite/vitest/results.json` for; vitest 4 ignores
 * the failure. A missing `.vite` costs a tmpfs over node_modules with every entry bound back (measured: a
 * node_modules of 1,000 packages made each sandbox ~7× slower on a loaded machine), so it is paid only
 * where a run would fail without it; an existing `.vite` is a cheap mount of its own.
 */
function vitestNeedsWritableCache(modules: string): boolean {
  if (isRealDirectory(join(modules, '.vite')))
    return existsSync(join(modules, 'vite')) || existsSync(join(modules, 'vitest'));
  try {
    const manifest = join(modules, 'vitest', 'package.json');
    const { version } = parseExternalJson({
      text: readFileSync(manifest, 'utf8'),
      schema: PACKAGE_VERSION,
      source: manifest,
    });
    const major = typeof version === 'string' ? Number.parseInt(version, 10) : Number.NaN;
    return Number.isFinite(major) && major < 4;
  } catch {
    return false; // no vitest, or one that cannot be read: nothing known to fail
  }
}

/** vite's and vitest's config files, which vite bundles before it loads them. */
const VITE_CONFIG = /^(vite|vitest)\.(config|workspace)\.[cm]?[jt]s$/;

/**
 * vite (5 to 8, so vitest 3 and 4) bundles a project's `vite.config.*`/`vitest.config.*` into
 * `node_modules/.vite-temp/` before loading it, and gives up only on EACCES: a read-only project fails
 * every run with EROFS (mkdir), or ENOENT where node_modules is missing. Where a config and vite or vitest
 * are there, that folder is a fresh tmpfs.
 */
function viteBundlesConfig(projectDir: string, modules: string): boolean {
  if (!existsSync(join(modules, 'vite')) && !existsSync(join(modules, 'vitest'))) return false;
  return safeReaddir(projectDir).some((entry) => VITE_CONFIG.test(entry));
}

/**
 * The `.tsbuildinfo` files tsc would write for the project's tsconfig.json (with `incremental` or
 * `composite`, as its own settings place them), plus any already at the project's root. `extends` is
 * not followed: a base config that turns incremental on is found only by the file it left at the root.
 */
function typeScriptBuildInfo(projectDir: string): string[] {
  const found = new Set<string>();
  for (const entry of safeReaddir(projectDir)) if (entry.endsWith('.tsbuildinfo')) found.add(entry);
  const configPath = join(projectDir, 'tsconfig.json');
  if (existsSync(configPath)) {
    const ts = typescript();
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    const raw = (read.config as { compilerOptions?: unknown } | undefined)?.compilerOptions;
    if (raw && typeof raw === 'object') {
      const { options } = ts.convertCompilerOptionsFromJson(raw, projectDir, configPath);
      options.configFilePath = configPath;
      const output =
        options.incremental || options.composite ? ts.getTsBuildInfoEmitOutputFilePath(options) : undefined;
      if (output) {
        const inside = relative(projectDir, resolve(projectDir, output));
        if (inside && !inside.startsWith(`..${sep}`) && inside !== '..')
          found.add(inside.split(sep).join('/'));
      }
    }
  }
  // a file whose folder is a link cannot have its folder opened safely: tsc would fail there as before
  return [...found].filter((file) => !hasLinkOnTheWay(projectDir, dirname(file)));
}

function hasLinkOnTheWay(root: string, relativeDir: string): boolean {
  let dir = relativeDir;
  while (dir !== '.' && dir !== '') {
    try {
      if (lstatSync(join(root, dir)).isSymbolicLink()) return true;
    } catch {
      return false; // not there yet: it is made in the opened parent
    }
    dir = dirname(dir);
  }
  return false;
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
