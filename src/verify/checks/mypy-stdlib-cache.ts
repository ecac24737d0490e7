import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { inflateSync } from 'node:zlib';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { shippedText } from '../../core/package-root.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';

const EMITTED_LINE = z.object({
  p: z.string().optional(),
  d: z.string().optional(),
  m: z.number().optional(),
  end: z.number().optional(),
});

/**
 * A cache of the standard library's stubs for mypy, so the types check stops re-analysing typeshed's
 * `builtins`, `typing`, `os`… on every run (0.6 CPU-s a run against 0.15 with it).
 *
 * Why it is not evidence from judged code: it is built by mypy itself in a fresh sandbox from a seed file
 * of vouch's that imports only standard-library modules (no project file, an empty working folder), keyed
 * by what decides its content (the mypy executable's real path and stat, the interpreter it targets, the
 * flags), and mounted READ-ONLY into the checks' sandboxes, so judged code can never write it. mypy
 * validates every entry it reads (its version, the options, the source's size and hash) and analyses
 * anew whatever does not match. A build that fails is remembered for the process and the check runs
 * uncached, as before; it is never an error or a skip.
 */

/** Standard-library modules the seed imports: what candidates commonly use (mypy follows their imports). */
const SEED_MODULES = [
  'abc',
  'argparse',
  'asyncio',
  'bisect',
  'collections',
  'collections.abc',
  'contextlib',
  'copy',
  'csv',
  'dataclasses',
  'datetime',
  'decimal',
  'enum',
  'fractions',
  'functools',
  'hashlib',
  'heapq',
  'io',
  'itertools',
  'json',
  'logging',
  'math',
  'operator',
  'os',
  'os.path',
  'pathlib',
  'random',
  're',
  'shutil',
  'statistics',
  'string',
  'subprocess',
  'sys',
  'tempfile',
  'textwrap',
  'time',
  'typing',
  'unittest',
  'urllib.parse',
  'uuid',
];
const SEED = `${SEED_MODULES.map((name) => `import ${name}`).join('\n')}\n`;

/** Key folders kept; the oldest beyond this are removed when a new one is built. */
const MAX_KEYS = 8;
/** A build's files together may not exceed this (the stubs of Python 3.11 with the seed: ~9 MB). */
const MAX_BYTES = 64 * 1024 * 1024;
const FORMAT = 1;

/**
 * Runs inside the build sandbox (`python/mypy_cache_emitter.py`, shipped with the package): mypy (its
 * argv[1:]) on the seed, then each regular file of the cache as one JSON line (path, mtime: mypy's meta
 * holds its data file's, zlib+base64 content), then an end line. Nothing is printed unless mypy exits 0.
 */
function emitter(): string {
  return shippedText('python/mypy_cache_emitter.py');
}

/**
 * Where the caches live on the host: `$XDG_CACHE_HOME/vouch/mypy-stdlib` (default `~/.cache`), or the
 * absolute folder `VOUCH_MYPY_STDLIB_CACHE_DIR` names (one folder for many homes: a CI job, the test suite,
 * whose CLI runs each get a fresh home)
 */
export function mypyStdlibCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.VOUCH_MYPY_STDLIB_CACHE_DIR;
  if (own && isAbsolute(own)) return own;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'vouch', 'mypy-stdlib');
}

export interface MypyCacheRequest {
  /** the mypy executable the check runs (system or the project's virtualenv) */
  executable: string;
  /** the check's flags, without the file and without any cache flag */
  flags: string[];
  /** folders the executable needs mounted besides /usr (a virtualenv, its base interpreter) */
  readOnlyPaths: string[];
  signal?: AbortSignal;
  /**
   * false: a cache not built yet is built in the background and this run goes uncached (the check never
   * waits for a build: a language server's first diagnostics, a project's own mypy that is slow); the
   * build is then not ended by `signal`
   */
  wait?: boolean;
}

const builds = new Map<string, Promise<string | undefined>>();
/** Key folders a run could not use (mypy failed on an entry): not used again by this process. */
const unusable = new Set<string>();

/** This process stops using a key folder mypy failed on (a damaged entry); the next process tries again. */
export function forgetMypyStdlibCache(folder: string): void {
  unusable.add(folder);
}

/** Forget what this process remembered about builds (tests). */
export function forgetMypyCacheBuilds(): void {
  builds.clear();
  unusable.clear();
}

/**
 * The folder of a read-only stdlib cache for this mypy and these flags, built on first need; undefined when
 * it cannot be had (no sandbox, the build failed: remembered for the process). Never throws.
 */
export async function mypyStdlibCache(request: MypyCacheRequest): Promise<string | undefined> {
  let key: string;
  try {
    key = cacheKey(request);
  } catch {
    return undefined;
  }
  const folder = join(mypyStdlibCacheRoot(), key);
  if (unusable.has(folder)) return undefined;
  if (isDirectory(folder)) return folder;
  const wait = request.wait ?? true;
  let pending = builds.get(key);
  if (!pending) {
    pending = build(wait ? request : { ...request, signal: undefined }, folder).catch(() => undefined);
    builds.set(key, pending);
  }
  return wait ? pending : undefined;
}

/** Settles when every build this process started has ended, built or not (tests). */
export async function mypyCacheBuildsSettled(): Promise<void> {
  await Promise.all(builds.values());
}

function cacheKey({ executable, flags }: MypyCacheRequest): string {
  const real = realpathSync(executable);
  const stat = statSync(real);
  const python = flags.find((flag) => flag.startsWith('--python-executable='))?.slice(20);
  const pythonReal = python ? realpathSync(python) : '';
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        format: FORMAT,
        executable: real,
        size: stat.size,
        mtime: stat.mtimeMs,
        python: pythonReal,
        pythonMtime: pythonReal ? statSync(pythonReal).mtimeMs : 0,
        flags,
      }),
    )
    .digest('hex')
    .slice(0, 24);
  return `${basename(real).replace(/[^\w.-]/g, '_')}-${hash}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function build(request: MypyCacheRequest, folder: string): Promise<string | undefined> {
  const result = await runInSandbox({
    command: [
      '/usr/bin/python3',
      '-c',
      emitter(),
      request.executable,
      ...request.flags,
      '--cache-dir=/sandbox/cache',
      '/sandbox/seed/vouch_stdlib_seed.py',
    ],
    files: { 'seed/vouch_stdlib_seed.py': SEED, 'empty/.keep': '' },
    cwd: '/sandbox/empty',
    readOnlyPaths: request.readOnlyPaths,
    limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 2048, outputBytes: 2 * MAX_BYTES, diskMb: 512 },
    signal: request.signal,
  });
  // only a sandboxed build counts: the cache is used only where the check runs sandboxed
  if (!result.sandboxed || result.status !== 'ok' || result.truncated) return undefined;
  const entries = parseEmitted(result.stdout);
  if (!entries) return undefined;
  const root = dirname(folder);
  mkdirSync(root, { recursive: true });
  const temp = join(root, `.building-${basename(folder)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    for (const [path, { data, mtime }] of entries) {
      const target = join(temp, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
      // mypy's meta records its data file's mtime and abandons the entry when it differs
      utimesSync(target, mtime, mtime);
    }
    try {
      renameSync(temp, folder);
    } catch (error) {
      // another builder won the race: its folder is as good; ours is discarded
      if (!isDirectory(folder)) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  prune(root, folder);
  return folder;
}

/** The emitted files, checked: relative paths inside the cache, a complete listing, a bounded size. */
function parseEmitted(stdout: string): Map<string, { data: Buffer; mtime: number }> | undefined {
  const entries = new Map<string, { data: Buffer; mtime: number }>();
  let total = 0;
  let end: number | undefined;
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const parsed = parseExternalJson({ text: line, schema: EMITTED_LINE, source: 'the mypy cache build' });
    if (typeof parsed.end === 'number') {
      end = parsed.end;
      continue;
    }
    if (typeof parsed.p !== 'string' || typeof parsed.d !== 'string' || typeof parsed.m !== 'number')
      return undefined;
    const path = parsed.p;
    if (
      !/^[\w.+@-]+(\/[\w.+@-]+)*$/.test(path) ||
      path.split('/').some((part) => part === '..' || part === '.')
    )
      return undefined;
    const data = inflateSync(Buffer.from(parsed.d, 'base64'), { maxOutputLength: MAX_BYTES });
    total += data.length;
    if (total > MAX_BYTES) return undefined;
    entries.set(path.split('/').join(sep), { data, mtime: parsed.m });
  }
  if (end === undefined || end !== entries.size || end === 0) return undefined;
  return entries;
}

/** Keeps the newest MAX_KEYS key folders and removes builders' leftovers older than an hour. */
function prune(root: string, keep: string): void {
  try {
    const now = Date.now();
    const folders: { path: string; mtime: number }[] = [];
    for (const name of readdirSync(root)) {
      const path = join(root, name);
      const mtime = statSync(path).mtimeMs;
      if (name.startsWith('.building-')) {
        if (now - mtime > 3_600_000) rmSync(path, { recursive: true, force: true });
      } else if (path !== keep) folders.push({ path, mtime });
    }
    folders.sort((a, b) => b.mtime - a.mtime);
    for (const { path } of folders.slice(MAX_KEYS - 1)) rmSync(path, { recursive: true, force: true });
  } catch {
    // pruning is housekeeping: a folder another process removed first is fine
  }
}

/**
 * Whether the candidate's path could name a module the cache holds (`json.py`, `os/…`): mypy would then
 * validate the cached entry against the candidate's own source, and a candidate that is a byte-for-byte
 * copy of a stub would be taken as already checked. Such a candidate runs uncached.
 */
export function candidateShadowsCache(cacheFolder: string, candidate: string): boolean {
  const parts = candidate.split(/[\\/]/).filter(Boolean);
  const names = new Set(parts.map((part) => part.replace(/\.pyi?$/, '')));
  let versions: string[];
  try {
    versions = readdirSync(cacheFolder).filter((name) => isDirectory(join(cacheFolder, name)));
  } catch {
    return true;
  }
  for (const version of versions)
    for (const name of names)
      if (
        existsSync(join(cacheFolder, version, `${name}.meta.json`)) ||
        isDirectory(join(cacheFolder, version, name))
      )
        return true;
  return false;
}

/** For tests: the relative paths of a cache folder's files. */
export function cacheFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(folder, path));
    }
  };
  walk(folder);
  return out;
}
