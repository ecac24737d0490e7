import { accessSync, constants, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

type Main = (argv: string[]) => Promise<void>;

const BUNDLE = fileURLToPath(new URL('./context-bundle.cjs', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const CACHE = fileURLToPath(new URL('./context-bundle.cache', import.meta.url));
/** The code cache's file: this magic, the bundle's build id (length-prefixed), then V8's data. */
const CACHE_MAGIC = 'VCC1';

/**
 * `vouch context` as bin/vouch.js starts it: from dist/cli/context-bundle.cjs (scripts/bundle-context.mjs:
 * its modules, commander and better-sqlite3's JavaScript in one script) with a V8 code cache, so that a
 * cold process neither resolves and links about 70 ES modules nor compiles what it runs; from main.js as
 * compiled whenever the bundle is missing or older than dist/ (tsc rewrites main.js with every compile).
 * Every other command starts from main.js directly. bin/vouch.js (CommonJS) runs this module as
 * dist/cli/start.cjs, which scripts/bundle-context.mjs makes from the compiled start.js, so that a cold
 * `vouch context` never starts Node's ES module loader: `import.meta.url` there is start.js's own URL, and
 * `import.meta.resolve` resolves as `require.resolve` does (only code `vouch context` does not run asks).
 */
export async function startContext(argv: string[] = process.argv): Promise<void> {
  const bundled = await contextBundle();
  if (bundled) {
    await bundled.main(argv);
    bundled.keepCache(argv);
    return;
  }
  const { main } = (await import('./main.js')) as { main: Main };
  await main(argv);
}

async function contextBundle(): Promise<{ main: Main; keepCache: (argv: string[]) => void } | undefined> {
  let source: string;
  try {
    if (statSync(BUNDLE).mtimeMs < statSync(MAIN).mtimeMs) return undefined;
    source = readFileSync(BUNDLE, 'utf8');
  } catch {
    return undefined;
  }
  const id = /^\/\/ vouch context bundle (\S+)\n/.exec(source)?.[1];
  if (!id) return undefined;
  const cachedData = readCache(id);
  // the wrapper Node gives a CommonJS module, and a loader (and resolver) for what the bundle leaves to dist/
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __vouchImport, __vouchResolve) {${source}\n})`,
    { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) },
  );
  const module = { exports: {} as { main?: Main } };
  const bundleUrl = pathToFileURL(BUNDLE);
  const load = (specifier: string) =>
    import(specifier.startsWith('.') ? new URL(specifier, bundleUrl).href : specifier);
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(BUNDLE),
    module,
    BUNDLE,
    dirname(BUNDLE),
    load,
    (specifier: string) => import.meta.resolve(specifier),
  );
  const main = module.exports.main;
  if (typeof main !== 'function') return undefined;
  return {
    main,
    // Made after a run, the cache holds every function that run compiled, not only the top level.
    keepCache: (argv) => {
      if (cachedData && !script.cachedDataRejected) return;
      if ((process.exitCode ?? 0) !== 0 || argv.some((word) => word === '--help' || word === '-h')) return;
      // a read-only install: the cache is not made at all (making it costs more than a few milliseconds)
      try {
        accessSync(dirname(CACHE), constants.W_OK);
      } catch {
        return;
      }
      writeCache(id, script.createCachedData());
    },
  };
}

function readCache(id: string): Buffer | undefined {
  try {
    const file = readFileSync(CACHE);
    if (file.toString('latin1', 0, 4) !== CACHE_MAGIC) return undefined;
    const length = file.readUInt32LE(4);
    if (file.toString('utf8', 8, 8 + length) !== id) return undefined;
    return file.subarray(8 + length);
  } catch {
    return undefined;
  }
}

/** Written beside the bundle when that folder is writable (a read-only install runs without one). */
function writeCache(id: string, data: Buffer): void {
  const temporary = `${CACHE}.${process.pid}.tmp`;
  try {
    const header = Buffer.alloc(8);
    header.write(CACHE_MAGIC, 0, 'latin1');
    header.writeUInt32LE(Buffer.byteLength(id), 4);
    writeFileSync(temporary, Buffer.concat([header, Buffer.from(id), data]));
    renameSync(temporary, CACHE);
  } catch {
    rmSync(temporary, { force: true });
  }
}
