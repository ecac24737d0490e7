/**
 * Profiles warm context assembly on the Django index, at the cursors `bench/context/speed.ts` times:
 * `node --cpu-prof --import tsx bench/context/profile-assembly.ts` (the tree is indexed by
 * `node --import tsx bench/context/speed.ts --warm` first).
 */
import { existsSync } from 'node:fs';
import { assembleContext } from '../../src/context/assemble-context.js';
import { IndexStore, indexPath } from '../../src/index/index-store.js';
import { closeTables, findTasks } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const django = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
if (!existsSync(indexPath(django))) throw new Error('no index: run bench/context/speed.ts --warm first');
const store = IndexStore.open(django);
const tasks = findTasks(store, django, 200);
const times: number[] = [];
for (const [index, task] of tasks.slice(0, 60).entries()) {
  const started = performance.now();
  await assembleContext({
    workspaceRoot: django,
    cursor: { path: task.path, line: task.startLine + 1 },
    store,
    budgetTokens: 4000,
  });
  if (index >= 5) times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
process.stdout.write(`median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms over ${times.length}\n`);
store.close();
closeTables(django);
