/**
 * Profiles warm context assembly on the Django index, at the cursors `bench/context/speed.ts` times: the
 * first 5 untimed (as there), then V8's CPU profiler over the other 55, written to the file given (open it
 * in Chrome's DevTools or any .cpuprofile viewer). The tree is indexed by
 * `node --import tsx bench/context/speed.ts --warm` first.
 *
 *   node --import tsx bench/context/profile-assembly.ts [out.cpuprofile]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { assembleContext } from '../../src/context/index.js';
import { IndexStore, indexPath } from '../../src/index/index.js';
import { closeTables, findTasks } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const out = process.argv[2] ?? 'assembly.cpuprofile';
const django = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
if (!existsSync(indexPath(django))) throw new Error('no index: run bench/context/speed.ts --warm first');
const store = IndexStore.open(django);
const tasks = findTasks(store, django, 200);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const times: number[] = [];
for (const [index, task] of tasks.slice(0, 60).entries()) {
  if (index === 5) await session.post('Profiler.start');
  const started = performance.now();
  await assembleContext({
    workspaceRoot: django,
    cursor: { path: task.path, line: task.startLine + 1 },
    store,
    budgetTokens: 4000,
  });
  if (index >= 5) times.push(performance.now() - started);
}
const { profile } = await session.post('Profiler.stop');
writeFileSync(out, JSON.stringify(profile));
session.disconnect();
times.sort((a, b) => a - b);
process.stdout.write(
  `median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms over ${times.length}; profile in ${out}\n`,
);
store.close();
closeTables(django);
