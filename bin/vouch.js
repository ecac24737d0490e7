#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli');
const entry = join(dist, 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'vouch: not built yet; run `npm run setup` (or `npm run build`) in the vouch folder\n',
  );
  process.exit(2);
}
// The bundle of dist/ (scripts/bundle-cli.mjs) starts faster; it is used only when made from the current
// dist/ (tsc rewrites main.js whenever it compiles: a bundle older than that may be stale).
const bundle = join(dist, 'bundle', 'main.js');
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
const current = bundleTime !== undefined && bundleTime >= statSync(entry).mtimeMs;
const { main } = await import(pathToFileURL(current ? bundle : entry).href);
await main(process.argv);
