import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { readCodeCache, type TextParts, writeCodeCache } from '../core/code-cache.js';
import { noteCpuReadingAtStart } from '../core/cpu-reading.js';

// the code cache's file format lives in core/ (tree-sitter's JavaScript is compiled with one too, syntax/)
export { readCodeCache, writeCodeCache };

type Main = (argv: string[]) => Promise<void>;

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/**
 * `vouch context` as bin/vouch.js starts it: from dist/cli/context-bundle.cjs (scripts/bundle-context.mjs:
 * its modules, commander and better-sqlite3's JavaScript in one script), so that a cold process does not
 * resolve and link about 70 ES modules (≈ 70 ms of CPU, a third of a cold `vouch context` on Django); from
 * main.js as compiled whenever the bundle is missing or older than dist/ (tsc rewrites main.js with every
 * compile). `vouch scan` starts the same way from its own bundle (startScan); every other command starts
 * from main.js directly. bin/vouch.js (CommonJS) runs this module as
 * dist/cli/start.cjs, which scripts/bundle-context.mjs makes from the compiled start.js, so that a cold
 * `vouch context` never starts Node's ES module loader: `import.meta.url` there is start.js's own URL, and
 * `import.meta.resolve` resolves as `require.resolve` does (only code `vouch context` does not run asks).
 *
 * The context bundle ran for a while with a V8 code cache kept beside it (issue 24): measured again in issue 45
 * it saved ≈ 15 ms of CPU (6%), which the 300 ms target does not need, for a file format of its own written
 * into the install's folder at run time (bench/notes/2026-11-25-context-45-django-and-speed-tricks.md, "Speed
 * tricks"). The scan bundle has one made by the build, never at run time (`startScan`).
 */
export async function startContext(argv: string[] = process.argv): Promise<void> {
  await startBundled('context-bundle.cjs', argv);
}

/**
 * `vouch scan` as bin/vouch.js starts it, the way `vouch context` starts: from dist/cli/scan-bundle.cjs
 * (main.js with the scan command, the scan task and the engine, commander, zod and better-sqlite3's
 * JavaScript in one script; every other command and task left in dist/), from main.js whenever the bundle
 * is missing or older than dist/. A cold scan otherwise resolves and links ~200 ES modules, zod's 95 among
 * them (issue 59). The bundle is compiled with the V8 code cache the build made for it
 * (dist/cli/scan-bundle.cache, `buildScanCodeCache`) when that cache was made from this very text: the
 * functions a scan runs are then not compiled again in every process. The cores' idle time is read first,
 * so that the pool's decision measures the machine over the bundle's load too (core/cpu-reading.ts).
 */
export async function startScan(argv: string[] = process.argv): Promise<void> {
  noteCpuReadingAtStart();
  exitWhenIdle();
  const bundled = loadScanBundle();
  if (bundled) {
    await bundled.main(argv);
    return;
  }
  const { main } = (await import('./main.js')) as { main: Main };
  await main(argv);
}

/**
 * Ends the process by `process.exit` once its event loop has nothing left and every other `beforeExit`
 * listener has had its turn (the telemetry's stores close there, and may queue work: the loop then runs on
 * and empties again): Node then skips the teardown of what vanishes with the process anyway (its
 * environment, the heap, the code cache's data, the pool's idle workers' heaps), which a natural end pays
 * for after the output is written. A one-file `vouch scan` (load 21, alternating pairs): sys time
 * 0.060 → 0.044 s, CPU ×0.95 (bench/notes/2026-11-29-scan-start.md; issue 59). The exit code is the
 * command's (`process.exitCode`), as at a natural end.
 */
export function exitWhenIdle(): void {
  const last = (code: number) => {
    // another listener's turn first: it may queue work, after which the loop empties and this runs again
    if (process.listenerCount('beforeExit') > 1) return;
    process.off('beforeExit', last);
    process.exit(code);
  };
  process.on('beforeExit', last);
}

/** The scan bundle as `startScan` runs it: a scan's flags set, then compiled with `codeCache` (default: the build's). */
export function loadScanBundle(codeCache = bundlePath(SCAN_CODE_CACHE)): LoadedBundle | undefined {
  // before the bundle is compiled: V8 takes a code cache only under the flags it was made with
  scanTierUp();
  return fromBundle(bundlePath('scan-bundle.cjs'), { codeCache });
}

/**
 * V8's interrupt budget, how much a function runs before V8 considers optimising it, raised from its
 * default 67,584 to SCAN_INTERRUPT_BUDGET for a scan's process: a scan is one batch in a process that then
 * ends, and the optimising compiler (on a background thread, counted in the process's CPU time) was then
 * spending more than it saved on functions run only a few hundred times. On Django's 859 files (in-process,
 * cold, load ~20): 4.1 s CPU at the default, 2.9 s at 1,000,000; the steady state (2nd and 3rd scans of
 * the same files in one process) is unchanged (bench/notes/2026-11-26-scan-start-up.md; issue 59).
 */
export const SCAN_INTERRUPT_BUDGET = 1_000_000;

/**
 * The same for tree-sitter's WebAssembly: how much a WASM function runs (V8's "rough approximation of
 * bytes executed") before V8 compiles it again with its optimising compiler, raised from V8's default
 * 1,800,000 sixteen times. At the default, the parse of a single 2 KB file already sent tree-sitter's
 * hottest functions to the optimising compiler, on background threads the process then waited for
 * before it could exit: a third of a one-file scan's CPU. A tree of 100 files or more still has them
 * optimised early in the scan; Django's 859 files cost the same within this machine's noise
 * (bench/notes/2026-11-27-scan-start-up.md; issue 59).
 */
export const SCAN_WASM_TIERING_BUDGET = 28_800_000;

/**
 * Sets SCAN_INTERRUPT_BUDGET and SCAN_WASM_TIERING_BUDGET for this process (`vouch scan` only: a server or
 * the LSP runs for hours, where optimising pays). Both are V8 flags a code cache is keyed by: set before
 * the scan bundle is compiled, and when its cache is made (`buildScanCodeCache`).
 */
export function scanTierUp(): void {
  setFlagsFromString(`--interrupt-budget=${SCAN_INTERRUPT_BUDGET}`);
  setFlagsFromString(`--wasm-tiering-budget=${SCAN_WASM_TIERING_BUDGET}`);
}

/**
 * Below this much source (characters, all files together) `vouch scan` keeps tree-sitter's WebAssembly on
 * its baseline compiler (Liftoff) for the whole scan. A few of tree-sitter's functions (the parser's loop
 * is one of 76 KB of code) still reach SCAN_WASM_TIERING_BUDGET within a few small files, and TurboFan's
 * compile of them costs more than they save on the rest: one 2 KB file sent two there, 297 M of the scan's
 * 1.61 G instructions (on background threads, counted in the process's CPU); BenchmarkPython's 100 files
 * (187 KB) sent 27, and the scan takes ×0.86 of the CPU without them, ×0.92 on 200 files
 * (bench/notes/2026-11-27-small-files.md; issue 59). The
 * same as the pool's threshold (security/scan-pool.ts PARALLEL_FROM_CHARACTERS): a scan under it runs on this
 * thread alone, a larger one (Django's 859 files) tiers up as before.
 */
export const SCAN_WASM_TIER_UP_FROM = 512 * 1024;

/** `--wasm-tier-up-filter` is a V8 flag of the lines Node 20, 22 and 24 ship (11–13); elsewhere left alone. */
const TIER_UP_FILTER_KNOWN = /^1[123]\./.test(process.versions.v8);

/**
 * Turns tree-sitter's WASM tier-up off for a scan of fewer than SCAN_WASM_TIER_UP_FROM characters
 * (`vouch scan` only: one batch in a process that then ends). The parse runs the same code, only not
 * optimised: its trees, and so the findings, are the same. Set after the scan bundle was compiled: the flag
 * is then no part of the key its code cache was checked against (a pool's workers, not started for a scan
 * this small, would be refused theirs and compile as without one). V8 checks the filter each time a
 * function asks to tier up.
 */
export function scanWasmTierUp(characters: number): void {
  if (characters >= SCAN_WASM_TIER_UP_FROM || !TIER_UP_FILTER_KNOWN) return;
  // an index no function has: none may tier up
  setFlagsFromString(`--wasm-tier-up-filter=${2 ** 30}`);
}

/** The scan bundle's code cache, beside it (made by scripts/build-scan-cache.mjs). */
const SCAN_CODE_CACHE = 'scan-bundle.cache';

const bundlePath = (file: string) => fileURLToPath(new URL(`./${file}`, import.meta.url));

async function startBundled(file: string, argv: string[]): Promise<void> {
  const bundled = fromBundle(bundlePath(file));
  if (bundled) {
    await bundled.main(argv);
    return;
  }
  const { main } = (await import('./main.js')) as { main: Main };
  await main(argv);
}

/** Node's CommonJS wrapper around a bundle, with a loader and a resolver for what it leaves to dist/. */
const WRAPPER = [
  '(function (exports, require, module, __filename, __dirname, __vouchImport, __vouchResolve) {',
  '\n})',
] as const;

interface LoadedBundle {
  main: Main;
  script: Script;
  /** the text V8 compiled, as its pieces */
  text: TextParts;
}

/**
 * Runs a bundle's top level and returns its `main`; undefined when the bundle is missing or older than
 * main.js. `codeCache`: a code cache file to compile with, used only when made from this very text.
 */
export function fromBundle(
  bundle: string,
  { codeCache }: { codeCache?: string } = {},
): LoadedBundle | undefined {
  const ran = runBundle(bundle, { newerThan: MAIN, ...(codeCache ? { codeCache } : {}) });
  const main = (ran?.exports as { main?: Main } | undefined)?.main;
  return ran && typeof main === 'function' ? { main, script: ran.script, text: ran.text } : undefined;
}

interface RanBundle {
  exports: unknown;
  script: Script;
  text: TextParts;
  /** the code cache V8 was given: taken, refused (made under other flags or another V8), or none matched */
  codeCache: 'accepted' | 'rejected' | 'none';
}

/** Runs a bundle's top level; undefined when it is missing or older than `newerThan` (the module it was made from). */
function runBundle(
  bundle: string,
  { codeCache, newerThan }: { codeCache?: string; newerThan: string },
): RanBundle | undefined {
  let bytes: Buffer;
  try {
    if (statSync(bundle).mtimeMs < statSync(newerThan).mtimeMs) return undefined;
    bytes = readFileSync(bundle);
  } catch {
    return undefined;
  }
  const text = [WRAPPER[0], bytes, WRAPPER[1]];
  const cachedData = codeCache ? readCodeCache(codeCache, text) : undefined;
  const script = new Script(`${WRAPPER[0]}${bytes.toString('utf8')}${WRAPPER[1]}`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as unknown };
  const bundleUrl = pathToFileURL(bundle);
  const load = (specifier: string) =>
    import(specifier.startsWith('.') ? new URL(specifier, bundleUrl).href : specifier);
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(bundle),
    module,
    bundle,
    dirname(bundle),
    load,
    (specifier: string) => import.meta.resolve(specifier),
  );
  const codeCacheUse = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { exports: module.exports, script, text, codeCache: codeCacheUse };
}

/**
 * A scan-pool worker's start (dist/security/scan-worker.cjs, made by scripts/bundle-context.mjs, runs it):
 * the worker's engine from one script, dist/security/scan-worker-bundle.cjs, compiled with the code cache
 * the build made for it (scripts/build-scan-cache.mjs), as the main thread of `vouch scan` starts; from
 * dist/'s ES modules when the bundle is missing or older than scan-worker.js. A worker otherwise resolved
 * and linked the engine's modules and compiled every function it ran (issue 59,
 * bench/notes/2026-11-27-warm-workers.md). The worker says which it did (`WorkerLoaded`) before any batch.
 * V8's flags are the process's: under `vouch scan` they are the scan's (scanTierUp), which the cache was
 * made under; elsewhere (the server) V8 refuses the cache and compiles as usual.
 */
export async function startScanWorker(): Promise<void> {
  const ran = runBundle(WORKER_BUNDLE, { codeCache: WORKER_CODE_CACHE, newerThan: WORKER_MODULE });
  if (!ran) await import(pathToFileURL(WORKER_MODULE).href);
  parentPort?.postMessage({ loaded: ran ? 'bundle' : 'modules', codeCache: ran?.codeCache ?? 'none' });
}

const WORKER_MODULE = fileURLToPath(new URL('../security/scan-worker.js', import.meta.url));
const WORKER_BUNDLE = fileURLToPath(new URL('../security/scan-worker-bundle.cjs', import.meta.url));
const WORKER_CODE_CACHE = fileURLToPath(new URL('../security/scan-worker-bundle.cache', import.meta.url));

/**
 * Made by the build (scripts/build-scan-cache.mjs): runs the worker bundle's `scanBatch` on `inputs` in this
 * thread under a scan's flags, then writes V8's code cache of the worker bundle (every function that batch
 * compiled) beside it. Throws when the batch failed. Returns the data's size in bytes.
 */
export async function buildScanWorkerCodeCache(
  inputs: { path: string; source: string; language: string }[],
): Promise<number> {
  scanTierUp();
  const ran = runBundle(WORKER_BUNDLE, { newerThan: WORKER_MODULE });
  if (!ran) throw new Error(`${WORKER_BUNDLE} is missing or older than scan-worker.js`);
  const { scanBatch } = ran.exports as {
    scanBatch: (request: unknown, post: (response: unknown) => void) => Promise<void>;
  };
  const answers: unknown[] = [];
  await scanBatch({ batch: 0, inputs }, (response) => answers.push(response));
  const failed = answers.find((answer) => typeof answer === 'object' && answer !== null && 'error' in answer);
  if (failed || answers.length === 0)
    throw new Error(`the batch the worker's code cache is made from failed: ${JSON.stringify(failed)}`);
  const data = ran.script.createCachedData();
  writeCodeCache(WORKER_CODE_CACHE, ran.text, data);
  return data.length;
}

/**
 * Made by the build (scripts/build-scan-cache.mjs), never by a user's scan: runs `vouch scan ARGV` from the
 * scan bundle, under a scan's flags, then writes V8's code cache of the bundle, which then holds every
 * function the scan compiled, to `cache` (default: the one `startScan` reads). A scan that fails (exit code
 * other than 0 or 1) writes nothing. Returns the data's size in bytes.
 */
export async function buildScanCodeCache(
  argv: string[],
  { cache = bundlePath(SCAN_CODE_CACHE) }: { cache?: string } = {},
): Promise<number> {
  scanTierUp();
  const bundle = bundlePath('scan-bundle.cjs');
  const loaded = fromBundle(bundle);
  if (!loaded)
    throw new Error(`${bundle} is missing or older than main.js: run scripts/bundle-context.mjs first`);
  await loaded.main(argv);
  const code = process.exitCode ?? 0;
  if (code !== 0 && code !== 1)
    throw new Error(`the scan the code cache is made from failed (exit code ${code})`);
  process.exitCode = 0;
  // the scan of the rules' examples is small, so it turned tier-up off (scanWasmTierUp); a flag changed is
  // part of the key V8 writes into the cache: back to V8's default, as a scan's process starts
  if (TIER_UP_FILTER_KNOWN) setFlagsFromString('--wasm-tier-up-filter=-1');
  const data = loaded.script.createCachedData();
  writeCodeCache(cache, loaded.text, data);
  return data.length;
}
