import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What the language server adds to each gate run for its workspace folders (w137): the buffer's folder
 * found among N (`placeOf`) and that folder's config files `stat`ed to see whether one changed
 * (`WorkspaceFolders.config`). Run under callgrind twice, with 0 and with K rounds, and subtract: the
 * instructions per round are what a save or a keystroke's check pays. Run from the checkout, against its
 * `dist/` (`npm run build`), compiled first so that callgrind counts no TypeScript loader:
 *
 *   npx esbuild bench/lsp/folder-check-cost.ts --format=esm --platform=node --outfile=/tmp/cost.mjs
 *   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p node /tmp/cost.mjs N K
 */
const [n = 1, rounds = 0] = process.argv.slice(2).map(Number);
const { WorkspaceFolders } = (await import(
  pathToFileURL(join(process.cwd(), 'dist', 'lsp', 'folders.js')).href
)) as typeof import('../../src/lsp/folders.js');

const top = mkdtempSync(join(tmpdir(), 'vouch-folder-cost-'));
const folders = new WorkspaceFolders({
  makeHost: () => {
    throw new Error('no host in this bench');
  },
  changed: () => undefined,
  env: { HOME: top, PATH: '' },
});
const roots: string[] = [];
for (let index = 0; index < n; index++) {
  const root = join(top, `folder-${index}`);
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(join(root, 'vouch.toml'), '[security]\nexternal = false\n');
  folders.add(root);
  roots.push(root);
}
// the last folder's buffer: every root is compared
const uri = pathToFileURL(join(roots.at(-1)!, 'app', 'views.py')).href;
const cpu = process.cpuUsage();
for (let round = 0; round < rounds; round++) {
  const place = folders.placeOf(uri);
  if (!place) throw new Error('no folder for the buffer');
  folders.data(place.root);
}
const used = process.cpuUsage(cpu);
// also this process's CPU per round (user + system), for a run outside callgrind
if (rounds > 0)
  console.log(`${n} folders: ${((used.user + used.system) / rounds).toFixed(1)} µs of CPU per check`);
rmSync(top, { recursive: true, force: true });
