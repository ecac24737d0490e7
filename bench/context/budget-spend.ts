/**
 * Where vouch's context budget goes on a tuning tree, by the kind of reason a snippet was chosen for, and
 * how many of the targets each kind found (stricter rule): for deciding what to show more or less of.
 * Tuning trees only (./trees.ts); the tasks are the kept ones (run compare.ts on the tree first).
 *
 *   node --import tsx bench/context/budget-spend.ts TREE [--misses]
 */
import { assembleContext } from '../../src/context/index.js';
import { IndexStore } from '../../src/index/index.js';
import { keptTasks, taskContextOptions, withHiddenBody } from './quality.js';
import { shownEnough, targetSurface } from './target-surface.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const name = process.argv[2];
const tree = EVALUATION_TREES.find((candidate) => candidate.name === name);
if (!tree) throw new Error('usage: budget-spend.ts TREE [--misses]');
if (tree.role !== 'tuning') throw new Error(`${name} is not a tuning tree: its tasks are not looked at`);
const tasks = keptTasks(tree.name);
if (!tasks) throw new Error(`no tasks kept for ${name}: run compare.ts --trees ${name} first`);
const root = treeDir(tree);
const store = IndexStore.open(root);

/** A reason as a kind: "definition of X (class), used at line 3; outline" → "definition (class) outline". */
function kindOf(reason: string): string {
  if (reason.startsWith('more definitions')) return 'signature group';
  const definition =
    /^definition of \S+ \((\w+)\), (used at line|reached through an imported module|from a star import|imported)/.exec(
      reason,
    );
  if (definition)
    return `definition ${definition[1]} ${definition[2]!.startsWith('used') ? 'used' : definition[2]}${reason.includes('outline') ? ' outline' : ''}`;
  return reason.split(' ')[0] ?? reason;
}

const spent = new Map<string, { tokens: number; snippets: number; found: number }>();
let found = 0;
let total = 0;
let unused = 0;
for (const task of tasks) {
  await withHiddenBody(store, root, task, async (hidden) => {
    const context = await assembleContext(taskContextOptions(root, store, task, hidden));
    unused += context.budgetTokens - context.promptTokens;
    const code = context.snippets.filter((snippet) => snippet.kind !== 'cursor');
    for (const snippet of code) {
      const kind = kindOf(snippet.reason);
      const entry = spent.get(kind) ?? { tokens: 0, snippets: 0, found: 0 };
      entry.tokens += snippet.tokens;
      entry.snippets++;
      spent.set(kind, entry);
    }
    for (const target of task.targets) {
      total++;
      const surface = await targetSurface(root, target);
      const by = code.find((snippet) => shownEnough([snippet], target.path, surface));
      if (shownEnough(code, target.path, surface)) found++;
      else if (process.argv.includes('--misses'))
        process.stdout.write(
          `missed ${target.name} (${target.path}:${target.startLine}) at ${task.path}:${task.startLine}\n`,
        );
      if (by) spent.get(kindOf(by.reason))!.found++;
    }
  });
}
store.close();
const rows = [...spent].sort((a, b) => b[1].tokens - a[1].tokens);
process.stdout.write(
  `${name}: ${found}/${total} found (${(found / total).toFixed(3)}), ${(unused / tasks.length).toFixed(0)} tokens unused per task\n`,
);
for (const [kind, entry] of rows)
  process.stdout.write(
    `${kind.padEnd(50)} ${(entry.tokens / tasks.length).toFixed(0).padStart(5)} tokens/task  ${String(entry.snippets).padStart(5)} snippets  ${String(entry.found).padStart(4)} targets found\n`,
  );
