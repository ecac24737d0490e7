import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

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
 * The bundle ran for a while with a V8 code cache kept beside it (issue 24): measured again in issue 45 it
 * saved ≈ 15 ms of CPU (6%), which the 300 ms target does not need, for a file format of its own written
 * into the install's folder at run time (bench/notes/2026-11-25-context-45-django-and-speed-tricks.md, "Speed tricks").
 */
export async function startContext(argv: string[] = process.argv): Promise<void> {
  await startBundled('context-bundle.cjs', argv);
}

/**
 * `vouch scan` as bin/vouch.js starts it, the way `vouch context` starts: from dist/cli/scan-bundle.cjs
 * (main.js with the scan command, the scan task and the engine, commander, zod and better-sqlite3's
 * JavaScript in one script; every other command and task left in dist/), from main.js whenever the bundle
 * is missing or older than dist/. A cold scan otherwise resolves and links ~200 ES modules, zod's 95 among
 * them (issue 59).
 */
export async function startScan(argv: string[] = process.argv): Promise<void> {
  await startBundled('scan-bundle.cjs', argv);
}

async function startBundled(file: string, argv: string[]): Promise<void> {
  const bundled = fromBundle(fileURLToPath(new URL(`./${file}`, import.meta.url)));
  if (bundled) {
    await bundled(argv);
    return;
  }
  const { main } = (await import('./main.js')) as { main: Main };
  await main(argv);
}

function fromBundle(bundle: string): Main | undefined {
  let source: string;
  try {
    if (statSync(bundle).mtimeMs < statSync(MAIN).mtimeMs) return undefined;
    source = readFileSync(bundle, 'utf8');
  } catch {
    return undefined;
  }
  // the wrapper Node gives a CommonJS module, and a loader (and resolver) for what the bundle leaves to dist/
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __vouchImport, __vouchResolve) {${source}\n})`,
    { filename: bundle },
  );
  const module = { exports: {} as { main?: Main } };
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
  const main = module.exports.main;
  return typeof main === 'function' ? main : undefined;
}
