/**
 * Fits the weights of the context's ranking of definitions (src/context/definition-ranking.ts): at every
 * task of the tuning trees (the quality benchmark's hidden bodies, ./quality.ts), the candidates assembly
 * ranks, each with its features, labelled by whether it is one of the definitions from other files that
 * the hidden body uses. A logistic regression (Newton's method, L2 penalty 1) over those rows, the fixed
 * weights held as offsets; rows of the cursor's own file are left out (never a target: see the fixed
 * weights' comment).
 *
 *   node --import tsx bench/context/fit-ranking.ts                 # all Python tuning trees → src/context/ranking-weights.ts
 *   node --import tsx bench/context/fit-ranking.ts --folds         # two folds of trees → bench/.work/ranking-fold-{0,1}.json
 *   node --import tsx bench/context/fit-ranking.ts --trees a,b     # these trees only
 *
 * With `--folds`, the trees (by name) go alternately to fold 0 and fold 1, and each fold's weights are
 * fitted on the other fold's trees: `compare.ts --trees <fold 0's> --ranking-weights
 * bench/.work/ranking-fold-0.json` then measures the ranking on trees it was not fitted on. Never run on
 * untuned or sealed trees (./trees.ts): it looks at their tasks one by one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FEATURE_INDEX,
  FIXED_WEIGHTS,
  RANKING_FEATURES,
  type RankedDefinition,
  type RankingWeights,
} from '../../src/context/index.js';
import { WORK } from './corpus.js';
import { currentEngine } from './engine.js';
import { fitLogistic } from './logistic.js';
import { closeTables, findTasks, keptTasks, taskContextOptions, withHiddenBody } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const only = option('--trees')?.split(',');
const trees = EVALUATION_TREES.filter(
  (tree) => tree.role === 'tuning' && (only ? only.includes(tree.name) : tree.language === 'python'),
).sort((a, b) => (a.name < b.name ? -1 : 1));
for (const name of only ?? [])
  if (!trees.some((tree) => tree.name === name))
    throw new Error(`${name} is not a tuning tree: the ranking is never fitted on held-out trees`);

const SAME_FILE = FEATURE_INDEX['same file'];
/** per tree: its rows, each the features and whether it is a target */
const data = new Map<string, { x: number[][]; y: number[] }>();
const engine = currentEngine();
for (const tree of trees) {
  const root = treeDir(tree);
  const store = engine.open(root);
  await engine.refresh(store, root);
  const tasks = keptTasks(tree.name) ?? findTasks(store, root, 200, 0, tree.language);
  const x: number[][] = [];
  const y: number[] = [];
  for (const task of tasks) {
    const targets = new Set(task.targets.map((target) => `${target.path}:${target.startLine}`));
    let seen: readonly RankedDefinition[] = [];
    await withHiddenBody(store, root, task, async (hidden) => {
      await engine.assembleContext({
        ...taskContextOptions(root, store, task, hidden),
        ranking: { observe: (ranked) => (seen = ranked) },
      });
    });
    for (const { row, features } of seen) {
      if (features[SAME_FILE] === 1) continue;
      x.push(features);
      y.push(targets.has(`${row.path}:${row.startLine}`) ? 1 : 0);
    }
  }
  store.close();
  closeTables(root);
  data.set(tree.name, { x, y });
  process.stderr.write(
    `${tree.name}: ${tasks.length} tasks, ${x.length} candidates, ${y.filter(Boolean).length} targets\n`,
  );
}

const fitted = RANKING_FEATURES.map((name, index) => ({ name, index })).filter(
  ({ name }) => FIXED_WEIGHTS[name] === undefined,
);

/** The weights fitted on `names`' rows, the fixed ones held as offsets. */
function fitWeights(names: readonly string[]): RankingWeights {
  const rows = names.flatMap((name) => {
    const { x, y } = data.get(name)!;
    return x.map((features, at) => ({
      features,
      label: y[at]! as 0 | 1,
      offset: RANKING_FEATURES.reduce(
        (sum, feature, index) => sum + (FIXED_WEIGHTS[feature] ?? 0) * features[index]!,
        0,
      ),
    }));
  });
  const w = fitLogistic(
    rows,
    fitted.map(({ index }) => index),
  );
  const weights = Object.fromEntries(
    RANKING_FEATURES.map((name) => [name, FIXED_WEIGHTS[name] ?? 0]),
  ) as Record<string, number>;
  fitted.forEach(({ name }, i) => {
    weights[name] = w[i]!;
  });
  return weights as RankingWeights;
}

const round = (weights: RankingWeights) =>
  Object.fromEntries(Object.entries(weights).map(([name, value]) => [name, Math.round(value * 1000) / 1000]));

if (args.includes('--folds')) {
  mkdirSync(WORK, { recursive: true });
  const names = trees.map((tree) => tree.name);
  for (const fold of [0, 1]) {
    const heldOut = names.filter((_, index) => index % 2 === fold);
    const weights = fitWeights(names.filter((_, index) => index % 2 !== fold));
    const file = join(WORK, `ranking-fold-${fold}.json`);
    writeFileSync(file, `${JSON.stringify(round(weights), null, 2)}\n`);
    process.stdout.write(`fold ${fold}: fitted without ${heldOut.join(',')} → ${file}\n`);
  }
} else {
  const weights = round(fitWeights(trees.map((tree) => tree.name)));
  const lines = Object.entries(weights).map(
    ([name, value]) => `  ${/^\w+$/.test(name) ? name : `'${name}'`}: ${value},`,
  );
  const file = join(import.meta.dirname, '..', '..', 'src', 'context', 'ranking-weights.ts');
  writeFileSync(
    file,
    [
      `// Written by bench/context/fit-ranking.ts (${trees.map((tree) => tree.name).join(', ')}): do not edit by hand.`,
      `import type { RankingWeights } from './definition-ranking.js';`,
      '',
      'export const RANKING_WEIGHTS: RankingWeights = {',
      ...lines,
      '};',
      '',
    ].join('\n'),
  );
  process.stdout.write(`${JSON.stringify(weights, null, 2)}\n→ ${file}\n`);
}
