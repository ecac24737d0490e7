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
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv);
