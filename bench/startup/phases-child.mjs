/**
 * One cold `vouch context`, phase by phase, in this process: what `vouch context PATH:LINE --json` does,
 * step by step through a built checkout's dist/, with the CPU time (user + system of this process) and
 * wall time each step took. Run by phases.ts in a fresh process each time; prints one JSON line.
 *
 *   node bench/startup/phases-child.mjs CHECKOUT TREE PATH:LINE
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [checkout, tree, spec] = process.argv.slice(2);
const phases = [];
let cpu = process.cpuUsage();
// Node's own start, up to this line: the CPU this process used before its first line ran.
phases.push(['node start', (cpu.user + cpu.system) / 1000, performance.now()]);
let wall = performance.now();
const mark = (name) => {
  const now = process.cpuUsage();
  const at = performance.now();
  phases.push([name, (now.user - cpu.user + now.system - cpu.system) / 1000, at - wall]);
  cpu = now;
  wall = at;
};
const dist = (path) => import(pathToFileURL(resolve(checkout, 'dist', path)).href);
process.chdir(tree);
await dist('cli/main.js');
await import(pathToFileURL(resolve(checkout, 'node_modules', 'commander', 'index.js')).href);
mark('CLI modules (main, commander)');
const { openWorkspaceIndex, refreshIndex, refreshFindsNothing } = await dist('index/open-index.js');
const { findWorkspaceRoot } = await dist('workspace/root.js');
const root = findWorkspaceRoot();
const store = openWorkspaceIndex(root);
mark('open the index');
// Builds that check on a worker whether the refresh has anything to do (as `vouch context` does) start the
// check here and assemble meanwhile; older builds refresh first.
let unchanged;
if (refreshFindsNothing) {
  unchanged = refreshFindsNothing(root, store);
  mark('refresh check started (stats on a worker)');
} else {
  // as `vouch context` asks (builds without a listing snapshot ignore the option)
  await refreshIndex({ root, store, listing: 'snapshot' });
  mark('refresh (nothing changed)');
}
// Builds that keep the token counts of lines beside the index load them (as `vouch context` does).
const tokens = await dist('context/tokens.js');
if (tokens.loadTokenCounts) {
  const { indexPath } = await dist('index/index-store.js');
  await tokens.loadTokenCounts(tokens.tokenCountsFile(indexPath(root)));
}
const { assembleContext } = await dist('context/index.js');
const { detectEnvironment } = await dist('workspace/environment/detect-environment.js');
mark('context modules');
const environment = await detectEnvironment(root);
mark('environment');
const { loadReferenceGraph } = await dist('index/reference-graph.js');
loadReferenceGraph(store);
mark('reference graph');
const [path, line] = [spec.slice(0, spec.lastIndexOf(':')), Number(spec.slice(spec.lastIndexOf(':') + 1))];
const context = await assembleContext({
  workspaceRoot: root,
  cursor: { path: resolve(path), line },
  budgetTokens: 8000,
  store,
  environment,
});
mark('assembly (repo map included)');
if (unchanged) {
  if (!(await unchanged))
    throw new Error('the refresh check found something to do: run again on an index that is up to date');
  mark('wait for the check, compare with the index');
}
tokens.saveTokenCounts?.();
store.close();
process.stdout.write(
  `${JSON.stringify({ phases, promptTokens: context.promptTokens, snippets: context.snippets.length })}\n`,
);
