#!/usr/bin/env node
// CommonJS (bin/package.json): `vouch context` and `vouch scan` then start without Node's ES module
// loader, which costs a cold process ≈ 10–30 ms of CPU before anything of vouch runs (the loader's own
// modules, and the facade of each built-in module imported, `node:fs`'s loading its streams); the other
// commands load dist/ as ES modules through `import()`, as before.
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
// Ctrl-C (or SIGTERM) while the command still loads (a second or more on a loaded machine) cancels it as at
// any other moment: exit 130, and a command asked for JSON prints its one object (review r39: none, and
// before this handler Node's own ended the process). The command's own handling takes over once loaded.
const argv = process.argv.slice(2);
const json =
  argv.includes('--json') ||
  argv.includes('--format=json') ||
  argv.some((word, index) => word === '--format' && argv[index + 1] === 'json');
function cancelledWhileLoading() {
  process.stderr.write('\nvouch: cancelled\n');
  if (json)
    process.stdout.write(
      `${JSON.stringify({ error: { name: 'Cancelled', message: 'cancelled by the user', exitCode: 130 } }, null, 2)}\n`,
    );
  process.exit(130);
}
const loaded = () => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.off(signal, cancelledWhileLoading);
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, cancelledWhileLoading);
// `vouch context` and `vouch scan` (and `vouch help context`/`scan`) start from their bundles through
// start.cjs (made by `npm run build` from start.js; not when tsc rewrote start.js since), every other
// command from main.js
const words = process.argv.slice(2).filter((word) => !word.startsWith('-'));
const modified = (file) => statSync(join(cli, file), { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
const command = words[0] === 'help' ? words[1] : words[0];
const BUNDLED = { context: 'startContext', scan: 'startScan' };
if (Object.hasOwn(BUNDLED, command) && modified('start.cjs') >= modified('start.js')) {
  loaded();
  require(join(cli, 'start.cjs'))[BUNDLED[command]](process.argv);
} else {
  import(pathToFileURL(entry).href).then(({ main }) => {
    loaded();
    return main(process.argv);
  });
}
