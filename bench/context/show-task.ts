/**
 * One task's context, piece by piece, with what the rule says of each target: for looking into why a
 * definition was or was not found on a tuning tree (never on an untuned or sealed one).
 *
 *   node --import tsx bench/context/show-task.ts TREE PATH:LINE [--method vouch|import resolution|BM25]
 *
 * PATH:LINE is the task's function (its first line), as in bench/.work/tasks/TREE-200.json.
 */
import { assembleContext } from '../../src/context/index.js';
import { IndexStore } from '../../src/index/index.js';
import { keptTasks, taskContextOptions, withHiddenBody } from './quality.js';
import { bodyShown, shownEnough, targetSurface } from './target-surface.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const [name, where] = process.argv.slice(2);
const tree = EVALUATION_TREES.find((candidate) => candidate.name === name);
if (!tree || !where) throw new Error('usage: show-task.ts TREE PATH:LINE');
if (tree.role !== 'tuning') throw new Error(`${name} is not a tuning tree: its tasks are not looked at`);
const [path, line] = where.split(':');
const tasks = keptTasks(tree.name);
if (!tasks) throw new Error(`no tasks kept for ${name}: run compare.ts --trees ${name} first`);
const task = tasks.find((candidate) => candidate.path === path && candidate.startLine === Number(line));
if (!task) throw new Error(`no task at ${where}`);
const root = treeDir(tree);
const store = IndexStore.open(root);
await withHiddenBody(store, root, task, async (hidden) => {
  const context = await assembleContext(taskContextOptions(root, store, task, hidden));
  for (const snippet of context.snippets) {
    if (snippet.kind === 'cursor') continue;
    process.stdout.write(
      `\n### ${snippet.path}:${snippet.startLine}-${snippet.endLine} (${snippet.tokens} tokens; ${snippet.reason})\n${snippet.source}\n`,
    );
  }
  process.stdout.write(
    `\n${context.promptTokens} of ${context.budgetTokens} tokens, ${context.dropped} dropped\n`,
  );
  for (const target of task.targets) {
    const surface = await targetSurface(root, target);
    process.stdout.write(
      `${shownEnough(context.snippets, target.path, surface) ? 'FOUND' : 'missed'}${bodyShown(context.snippets, target.path, surface) ? ' +body' : ''}  ${target.name} ${target.path}:${target.startLine}\n`,
    );
  }
});
store.close();
