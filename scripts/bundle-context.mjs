// Bundles what a cold `vouch context` loads (dist/cli/main.js with the context command and everything it
// imports from dist/, and commander) into one CommonJS file, dist/cli/context-bundle.cjs, which
// dist/cli/start.js runs for `vouch context` only: it spares the ES module loader's resolution and linking
// of about 70 files (≈ 70 ms of CPU of a cold `vouch context` on Django). Run by `npm run build` after tsc.
// It makes `vouch scan`'s bundle the same way (dist/cli/scan-bundle.cjs, run by start.js's `startScan`):
// the scan command, the scan task and the engine, and zod, whose 95 files were a third of what a cold
// scan loaded (issue 59). run-task.js's loaders of the other tasks go through `__vouchImport` as the
// other commands do, else the bundler would pull every task back in.
//
// - Other packages stay external, required from node_modules as before (grammars, packages that locate
//   their own files, what a cold context does not run).
// - Code that finds files next to its own module (workers, the token table, the listing's code) reads
//   `import.meta.url`: each module's `import.meta.url` becomes the URL of its own compiled file in dist/,
//   so every such path means what it meant unbundled.
// - The other commands are not bundled: main.js's `import()` of them, and any `import()` of a computed
//   name, go through `__vouchImport`, which start.js passes in (a script has no module loader of its own),
//   as `import.meta.resolve` of a package goes through `__vouchResolve`.
// - The first line names this build (a random id), for telling one build's bundle from another's.
// - start.js, which runs the bundle, is also written as CommonJS (dist/cli/start.cjs), which bin/vouch.js
//   (CommonJS too) requires for `vouch context` and `vouch scan`: that process then never starts Node's ES module loader.
//   Its `import.meta.url` is start.js's URL; `import.meta.resolve` resolves as `require.resolve` does.
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const main = join(dist, 'cli', 'main.js');
const runTask = join(dist, 'tasks', 'run-task.js');

// a code cache an earlier build kept beside the bundle (issue 24) is nobody's now; the scan bundle's
// (scripts/build-scan-cache.mjs) is of the bundle made here no more (it would be ignored: keyed by the text)
await rm(join(dist, 'cli', 'context-bundle.cache'), { force: true });
await rm(join(dist, 'cli', 'scan-bundle.cache'), { force: true });
await rm(join(dist, 'security', 'scan-worker-bundle.cache'), { force: true });

/**
 * Bundles main.js for one command into dist/cli/<file>: that command's module and its task (from
 * run-task.js's loaders) are in the bundle; every other command and task, loaded by `import()` of a
 * literal name, goes through `__vouchImport` and so stays in dist/ (else the bundler inlines them all).
 * `packages` are bundled too (plain JavaScript the command loads at start); every other package is
 * required from node_modules.
 */
async function bundleCommand({ command, tasks, file, packages, entry = main, folder = 'cli' }) {
  const outfile = join(dist, folder, file);
  const fromBundle = (path) => relative(dirname(outfile), path).split(sep).join('/');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // a script has no module loader: what an `import()` of a package or a built-in module is left (one
    // loaded on use: `await import('node:child_process')`) becomes a `require` when it runs
    supported: { 'dynamic-import': false },
    // ES modules are strict; the script they become must be too.
    banner: {
      js: `// vouch ${command} bundle ${randomUUID()}\n'use strict';\nconst __vouchBundleUrl = require('node:url').pathToFileURL(__filename);`,
    },
    logLevel: 'warning',
    plugins: [
      {
        name: `vouch-${command}-bundle`,
        setup(context) {
          context.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            packages.some((name) => path === name || path.startsWith(`${name}/`))
              ? undefined
              : { path, external: true },
          );
          context.onLoad({ filter: /\.js$/ }, async ({ path }) => {
            let text = await readFile(path, 'utf8');
            if (path.endsWith(COMMANDER_COMMAND)) text = childProcessOnUse(text, path);
            if (!path.startsWith(dist)) return { contents: text, loader: 'js' };
            const own = fromBundle(path);
            text = text
              .replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, __vouchBundleUrl).href`)
              .replaceAll('import.meta.resolve(', '__vouchResolve(');
            if (path === main) {
              // the other commands, loaded from dist/ as before (never by this command)
              text = text.replace(/\bimport\('\.\/commands\/([a-z-]+)\.js'\)/g, (call, name) =>
                name === command ? call : `__vouchImport(${JSON.stringify(`./commands/${name}.js`)})`,
              );
            }
            if (path === runTask) {
              // the other tasks, loaded from dist/ when run (never by this command)
              text = text.replace(/\bimport\('\.\/([a-z-]+)\/index\.js'\)/g, (call, name) =>
                tasks.includes(name)
                  ? call
                  : `__vouchImport(${JSON.stringify(fromBundle(join(dist, 'tasks', name, 'index.js')))})`,
              );
            }
            // an import of a computed name (not a template that only builds a worker's source text)
            text = text.replace(/\bimport\((?!['"`$])/g, '__vouchImport(');
            return { contents: text, loader: 'js' };
          });
        },
      },
    ],
  });
  if (result.errors.length > 0) process.exit(1);
  // What is left must be the worker bootstrap's text, never a call: a script cannot import.
  // (a comment line may name one: zod's do)
  const bundled = (await readFile(outfile, 'utf8'))
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  const calls = bundled.match(/\bimport\((?!\$\{)|\bimport\.meta\b/g);
  if (calls) {
    process.stderr.write(`bundle-context: ${calls.length} import() or import.meta left in ${outfile}\n`);
    process.exit(1);
  }
  await writeFile(outfile, asciiOnly(await readFile(outfile, 'utf8'), outfile));
}

const COMMANDER_COMMAND = join('commander', 'lib', 'command.js');
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";

/**
 * commander's command.js with node:child_process required where it is used, not at its load: commander
 * runs a child only for an executable subcommand (`spawn`, its one use), which vouch defines none of, and
 * the module's load (net and dgram with it) is ≈ 3–4 ms of a cold process's CPU (issue 59). The build
 * stops when commander's line is not there as written (a new commander): look again, do not guess.
 */
function childProcessOnUse(text, file) {
  if (!text.includes(COMMANDER_CHILD_PROCESS) || /childProcess\.(?!spawn\()/.test(text))
    throw new Error(`${file}: commander's require of node:child_process is not the one this build rewrites`);
  return text.replace(
    COMMANDER_CHILD_PROCESS,
    "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
  );
}

/**
 * The bundle's text in ASCII alone. esbuild escapes strings but leaves the comments it keeps and regular
 * expression literals as written (`’`, `…`, `→`: 46 characters in the scan bundle): one such character made
 * the whole 2 MB text a two-byte string in V8 (4 MB), decoded from UTF-8 on its slow path at every start
 * (a one-file scan: 1.632 → 1.600 G instructions, −2%; bench/notes/2026-11-27-small-scans.md).
 * Each is written `\uXXXX` where that means the same character: in a comment (never read), a regular
 * expression literal, a string literal, a template's text (untagged) or a name. Anywhere else (a tagged
 * template's raw text) the build stops.
 */
function asciiOnly(text, file) {
  if (!/[^\0-\x7f]/.test(text)) return text;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  /** [start, end, whether an escape there means the same] of the literals and names with a character past ASCII */
  const spans = [];
  const visit = (node, tagged) => {
    const start = node.getStart(source);
    if (!/[^\0-\x7f]/.test(text.slice(start, node.end))) return;
    // a tagged template's function reads its raw text, escapes as written
    if (ESCAPABLE.has(node.kind)) spans.push([start, node.end, !(tagged && TEMPLATE.has(node.kind))]);
    const inTag = tagged || node.kind === ts.SyntaxKind.TaggedTemplateExpression;
    ts.forEachChild(node, (child) => visit(child, inTag));
  };
  ts.forEachChild(source, (node) => visit(node, false));
  return text.replace(/[^\0-\x7f]/g, (character, at) => {
    const span = spans.find(([start, end]) => start <= at && at < end);
    if (span && !span[2]) throw new Error(`${file}: a character past ASCII in a tagged template, at ${at}`);
    // outside every literal and name: in a comment (esbuild prints no other text)
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const TEMPLATE = new Set([
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
]);
const ESCAPABLE = new Set([
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
]);

// Every package stays where npm put it but the plain JavaScript a cold command runs: commander and
// better-sqlite3's JavaScript (its addon is found by path, src/store/sqlite.ts), and for scan zod (95
// files a cold scan otherwise loads one by one; issue 59).
await bundleCommand({
  command: 'context',
  tasks: [],
  file: 'context-bundle.cjs',
  packages: ['commander', 'better-sqlite3'],
});
await bundleCommand({
  command: 'scan',
  tasks: ['scan'],
  file: 'scan-bundle.cjs',
  packages: ['commander', 'better-sqlite3', 'zod'],
});

// A scan-pool worker's engine (dist/security/scan-worker.js and what it imports) as one script,
// dist/security/scan-worker-bundle.cjs, with zod; dist/security/scan-worker.cjs starts it (start.js
// `startScanWorker`, compiled with the code cache scripts/build-scan-cache.mjs makes), so that a worker
// does not resolve and link the engine's ES modules and compile every function again (issue 59).
await bundleCommand({
  command: 'scan-worker',
  tasks: [],
  file: 'scan-worker-bundle.cjs',
  packages: ['zod'],
  entry: join(dist, 'security', 'scan-worker.js'),
  folder: 'security',
});
await writeFile(
  join(dist, 'security', 'scan-worker.cjs'),
  [
    '// made by scripts/bundle-context.mjs: a scan-pool worker, started from the scan bundle (cli/start.ts startScanWorker)',
    "'use strict';",
    "require('../cli/start.cjs').startScanWorker();",
    '',
  ].join('\n'),
);

// start.js as CommonJS, for bin/vouch.js.
const startModule = join(dist, 'cli', 'start.js');
const startSource = (await readFile(startModule, 'utf8'))
  .replaceAll('import.meta.url', '__vouchStartUrl')
  .replaceAll('import.meta.resolve(', '__vouchStartResolve(');
// Bundled, not only transformed: its imports from dist/ (core/code-cache.js, the code cache's format, and
// core/cpu-reading.js, the pool's first reading of the cores) are inlined, so that this CommonJS file
// never requires an ES module (which would start the loader).
const startInlined = new Set(['../core/code-cache.js', '../core/cpu-reading.js']);
const startBuild = await build({
  stdin: { contents: startSource, resolveDir: join(dist, 'cli'), sourcefile: 'start.js', loader: 'js' },
  bundle: true,
  // everything else stays as it was written: Node's modules, and main.js and the others start.js imports
  plugins: [
    {
      name: 'start-inlined-only',
      setup(context) {
        context.onResolve({ filter: /.*/ }, (args) =>
          startInlined.has(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  banner: {
    js: [
      `// made from start.js by scripts/bundle-context.mjs: see there`,
      `'use strict';`,
      `const __vouchStartUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, 'start.js')).href;`,
      `const __vouchStartResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;`,
    ].join('\n'),
  },
  logLevel: 'warning',
});
const start = { code: startBuild.outputFiles[0].text };
if (/require\("\.\.?\//.test(start.code)) {
  process.stderr.write('bundle-context: start.cjs requires a file of dist/\n');
  process.exit(1);
}
if (/\bimport\.meta\b/.test(start.code)) {
  process.stderr.write('bundle-context: import.meta left in start.cjs\n');
  process.exit(1);
}
await writeFile(join(dist, 'cli', 'start.cjs'), start.code);
