/**
 * Profiles warm context assembly on the Django index: `node --cpu-prof --import tsx bench/context/profile-assembly.ts`
 * (the index must exist: run `npm run bench:context` once).
 */
import { assembleContext } from '../../src/context/assemble-context.js';
import { IndexStore } from '../../src/index/index-store.js';
import { djangoCorpus } from './corpus.js';
import { findTasks } from './quality.js';

const django = djangoCorpus();
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
