// Bundles the compiled CLI (dist/cli/main.js and everything it imports from dist/, each command's module
// graph in chunks of its own) with commander into dist/cli/bundle/, which bin/vouch.js starts: a cold
// `vouch context` then opens about 30 files instead of about 70, each resolved and compiled once. Run by
// `npm run build` after tsc, and by the test suite's globalSetup whenever it compiles.
//
// Other packages stay external (resolved from node_modules as before). Code that finds files next to its
// own module (workers, the token table, queries/, python/, the listing's code) reads `import.meta.url`:
// each module's `import.meta.url` is rewritten to the URL of its own compiled file in dist/, so every such
// path means what it meant unbundled, in dist/ and in an installed package alike.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'cli', 'bundle');
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
// commander is plain JavaScript, loaded by every command: bundled. Native addons, WASM grammars and
// packages that locate their own files stay where npm put them.
const external = Object.keys({
  ...manifest.dependencies,
  ...manifest.optionalDependencies,
  ...manifest.devDependencies,
})
  .filter((name) => name !== 'commander')
  .flatMap((name) => [name, `${name}/*`]);

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(dist, 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // every chunk beside the entry, so that one relative path leads from any of them to dist/
  chunkNames: '[name]-[hash]',
  // commander's CommonJS requires node's own modules
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [
    {
      name: 'own-module-urls',
      setup(context) {
        context.onLoad({ filter: /\.js$/ }, async ({ path }) => {
          const text = await readFile(path, 'utf8');
          if (!path.startsWith(dist) || !text.includes('import.meta.url'))
            return { contents: text, loader: 'js' };
          const own = relative(outdir, path).split(sep).join('/');
          return {
            contents: text.replaceAll(
              'import.meta.url',
              `new URL(${JSON.stringify(own)}, import.meta.url).href`,
            ),
            loader: 'js',
          };
        });
      },
    },
  ],
});
