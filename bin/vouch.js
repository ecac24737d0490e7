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
// start.js runs `vouch context` from its bundle (scripts/bundle-context.mjs), every other command from main.js
const { start } = await import(pathToFileURL(join(dirname(entry), 'start.js')).href);
await start(process.argv);
