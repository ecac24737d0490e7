#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'vouch: not built yet; run `npm run setup` (or `npm run build`) in the vouch folder\n',
  );
  process.exit(2);
}
// `vouch context` (and `vouch help context`) starts from its bundle through start.js, every other command from main.js
const words = process.argv.slice(2).filter((word) => !word.startsWith('-'));
if ((words[0] === 'help' ? words[1] : words[0]) === 'context') {
  const { startContext } = await import(pathToFileURL(join(dirname(entry), 'start.js')).href);
  await startContext(process.argv);
} else {
  const { main } = await import(pathToFileURL(entry).href);
  await main(process.argv);
}
