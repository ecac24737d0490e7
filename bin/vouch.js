#!/usr/bin/env node
// CommonJS (bin/package.json): `vouch context` then starts without Node's ES module loader, which costs a
// cold process ≈ 10–30 ms of CPU before anything of vouch runs (the loader's own modules, and the facade of
// each built-in module imported, `node:fs`'s loading its streams); the other commands load dist/ as ES
// modules through `import()`, as before.
'use strict';
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const cli = join(__dirname, '..', 'dist', 'cli');
const entry = join(cli, 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'vouch: not built yet; run `npm run setup` (or `npm run build`) in the vouch folder\n',
  );
  process.exit(2);
}
// `vouch context` (and `vouch help context`) starts from its bundle through start.cjs (made by `npm run
// build` from start.js; not when tsc rewrote start.js since), every other command from main.js
const words = process.argv.slice(2).filter((word) => !word.startsWith('-'));
const modified = (file) => statSync(join(cli, file), { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
if (
  (words[0] === 'help' ? words[1] : words[0]) === 'context' &&
  modified('start.cjs') >= modified('start.js')
) {
  require(join(cli, 'start.cjs')).startContext(process.argv);
} else {
  import(pathToFileURL(entry).href).then(({ main }) => main(process.argv));
}
