/**
 * Context quality on real trees in both languages (issues 24 and 45): at a hidden function body, with
 * 2,000 tokens of cross-file context beyond the cursor window, the share of the cross-file definitions the
 * body uses that the context shows well enough to call them (the stricter rule of ./target-surface.ts) —
 * vouch against the strengthened import resolution (./import-baseline.ts) and BM25 on the same budget.
 * Prints totals only (no per-task lines), so untuned trees can be run without being looked at.
 *
 *   node --import tsx bench/context/compare.ts --language python|typescript [--final]
 *   node --import tsx bench/context/compare.ts [--trees a,b] [--methods vouch,BM25] [--record SECTION]
 *                                               [--title T] [--dump] [--final] [--engine DIR]
 *
 * `--language` runs that language's trees and records under its own area (bench/results/context-quality-<language>.jsonl)
 * (`context-quality-python`, `context-quality-typescript`). Trees whose role is `sealed` (./trees.ts) run
 * only with `--final`. `--dump` writes per-task results of the tuning trees to
 * bench/.work/quality-dump.json (`--dump-to FILE`: to that file).
 *
 * `--cli-defaults` runs vouch as `vouch context --budget 4000` would (default window, repo map and
 * environment), for looking at what the defaults do; the recorded tables never use it.
 *
 * `--engine DIR` measures another checkout's engine (a built checkout: `git worktree add DIR <commit>`, then
 * `npm ci && npm run build` there) on the same tasks, in a copy of each tree indexed by that engine: the
 * tasks are the ones this checkout's engine found (kept in bench/.work/tasks/, so run once without
 * `--engine` first). An unbuilt `src/` (`git archive <commit> src queries`) is refused: indexed without its
 * build, it stored no definitions and scored 0.03–0.09 on every tree (issue 45's fifth round).
 *
 * `--ranking-weights FILE` ranks definitions with the weights in FILE (JSON, as ./fit-ranking.ts --folds writes
 * them) instead of the fitted ones: the ranking measured on trees it was not fitted on.
 *
 * `--embed-model provider:name` (or VOUCH_BENCH_EMBED_MODEL) adds a column, vouch with embeddings: each
 * tree's chunks are embedded with that model (as `vouch index --embed` does, through the same provider
 * code and the usual variables: OPENAI_BASE_URL, OLLAMA_HOST, …) and the engine's retrieval fuses BM25 with
 * the vectors. Without one, the table says it was not measured.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { chooseModel } from '../../src/cli/index.js';
import type { RankingWeights } from '../../src/context/index.js';
import { embedChunks } from '../../src/index/index.js';
import { recordResults, table } from '../results.js';
import { WORK } from './corpus.js';
import { currentEngine, type Engine, loadEngine } from './engine.js';
import {
  closeTables,
  findTasks,
  keptTasks,
  keptTasksFile,
  type Method,
  measureQuality,
  type RetrievalTask,
} from './quality.js';
import { forgetSurfaces } from './target-surface.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
// `--language python|typescript`: that language's trees, recorded under its own area in bench/results/.
const language = option('--language');
const final = args.includes('--final');
const only =
  option('--trees')?.split(',') ??
  (language
    ? EVALUATION_TREES.filter((tree) => tree.language === language).map((tree) => tree.name)
    : undefined);
const record = option('--record') ?? (language ? `context-quality-${language}` : undefined);
const title =
  option('--title') ??
  (language
    ? `Context quality on real trees, ${language === 'python' ? 'Python' : 'TypeScript'} (issue 45)`
    : 'Context quality on real trees (issue 45)');
const TASKS = Number(option('--tasks') ?? 200);
const embedSpec = option('--embed-model') ?? process.env.VOUCH_BENCH_EMBED_MODEL;
const engineDir = option('--engine');
// `--ranking-weights FILE`: the ranking of definitions with other weights (a fold of ./fit-ranking.ts).
const rankingFile = option('--ranking-weights');
const rankingWeights = rankingFile
  ? (JSON.parse(readFileSync(rankingFile, 'utf8')) as RankingWeights)
  : undefined;
if (engineDir && !existsSync(join(engineDir, 'dist')))
  throw new Error(
    `--engine ${engineDir}: not a built checkout (no dist/); make one with \`git worktree add DIR <commit>\` and \`npm ci && npm run build\` there`,
  );
const engine: Engine = engineDir ? await loadEngine(engineDir) : currentEngine();
const methods = (option('--methods')?.split(',') ??
  (engineDir
    ? ['vouch']
    : ['vouch', ...(embedSpec ? ['vouch + embeddings'] : []), 'import resolution', 'BM25'])) as Method[];
if (engineDir && methods.some((method) => method !== 'vouch'))
  throw new Error(
    '--engine measures vouch only: the baselines are this checkout’s (run them without --engine)',
  );

/** The tasks this checkout's engine finds, kept so another engine is measured on the same ones. */
function tasksFor(name: string, found: () => RetrievalTask[]): RetrievalTask[] {
  if (engineDir) {
    const kept = keptTasks(name, TASKS);
    if (!kept)
      throw new Error(`no tasks kept for ${name}: run compare.ts --trees ${name} without --engine first`);
    return kept;
  }
  const tasks = found();
  const file = keptTasksFile(name, TASKS);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(tasks));
  return tasks;
}

const percent = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));
const rows: (string | number)[][] = [];
const dumps: unknown[] = [];
const started = performance.now();
for (const tree of EVALUATION_TREES) {
  if (only && !only.includes(tree.name)) continue;
  if (tree.role === 'sealed' && !final) {
    process.stderr.write(`${tree.name}: sealed until the final run (--final), left out\n`);
    continue;
  }
  const source = treeDir(tree);
  // Another engine indexes a copy of its own (its schema and caches are not this checkout's).
  const dir = engineDir ? mkdtempSync(join(tmpdir(), `vouch-engine-${tree.name}-`)) : source;
  if (engineDir)
    cpSync(source, dir, {
      recursive: true,
      filter: (path) => relative(source, path).split(sep)[0] !== '.vouch',
    });
  rmSync(join(dir, '.vouch'), { recursive: true, force: true });
  const store = engine.open(dir);
  const summary = await engine.refresh(store, dir);
  const embedModel = methods.includes('vouch + embeddings')
    ? await chooseModel({ flag: embedSpec, task: 'embed', config: {}, workspaceRoot: dir, quiet: true })
    : undefined;
  if (embedModel) {
    const embedded = await embedChunks(store, embedModel, {
      onProgress: (done, total) => process.stderr.write(`\r${tree.name}: embedded ${done}/${total} chunks`),
    });
    process.stderr.write(`\n${tree.name}: ${embedded} chunks embedded with ${embedModel.id}\n`);
  }
  const tasks = tasksFor(tree.name, () => findTasks(store, dir, TASKS, 0, tree.language));
  const results: Partial<Record<Method, Awaited<ReturnType<typeof measureQuality>>>> = {};
  let targets = 0;
  let named = 0;
  for (const method of methods) {
    const result = await measureQuality(store, dir, tasks, {
      label: method,
      method,
      useSymbolGraph: true,
      repoMapTokens: 0,
      cliDefaults: args.includes('--cli-defaults'),
      engine,
      ...(rankingWeights ? { rankingWeights } : {}),
      ...(embedModel ? { embedModel } : {}),
    });
    results[method] = result;
    if (tree.role === 'tuning' && (args.includes('--dump') || args.includes('--dump-to')))
      dumps.push({ tree: tree.name, method, tasks, perTask: result.perTask, perTarget: result.perTarget });
    targets = result.targets;
    named = result.namedOutsideBody;
  }
  store.close();
  closeTables(dir);
  forgetSurfaces();
  if (engineDir) rmSync(dir, { recursive: true, force: true });
  const row = [
    tree.language,
    `${tree.name}${tree.role === 'tuning' ? '' : ` (${tree.role === 'sealed' ? 'sealed until the final run' : 'not tuned on'})`}`,
    summary.files,
    tasks.length,
    targets,
    percent(results.vouch?.full),
    embedSpec ? percent(results['vouch + embeddings']?.full) : 'not measured',
    percent(results['import resolution']?.full),
    percent(results.BM25?.full),
    [results.vouch, results['import resolution'], results.BM25]
      .map((result) => percent(result?.bodyShown))
      .join(' / '),
    percent(results.vouch?.firstLine),
    `${(100 * (1 - named)).toFixed(0)}%`,
  ];
  rows.push(row);
  process.stderr.write(`${row.join(' · ')}\n`);
}
const markdown = [
  table(
    [
      'language',
      'tree',
      'files',
      'tasks',
      'definitions needed',
      'vouch',
      'vouch + embeddings',
      'import resolution',
      'BM25',
      'body shown (vouch / import resolution / BM25)',
      'vouch, first-line rule',
      'named only in the body',
    ],
    rows,
  ),
  '',
  `${engineDir ? `Engine: the sources in ${engineDir}. ` : ''}${rankingFile ? `Ranking weights: ${rankingFile}. ` : ''}Each task hides a function body (its signature line stays) in a real tree (bench/context/trees.ts: its source, and its role — tuned on, not tuned on, or sealed until the final run), writes that file without the body, on disk and in the index (so vouch's check of shown files against the disk finds nothing to re-read; before 5bdd998 it read the body back), and gives each method ${2000} tokens of cross-file context beyond a 1,000-token cursor window, measured with the same tokenizer and the same heading cost. A definition the body uses from another file counts as found only when a snippet from its file shows enough to call it: its whole signature, and for a class its header and its own constructor's signature (bench/context/target-surface.ts, fixed before the first run of issue 45); "body shown" is the share of those with a body whose first statement was shown too; "first-line rule" is the looser rule of earlier rounds (a snippet shows the definition's first line), for comparison. Import resolution = the definitions of what the file imports, followed through whole-module imports and their attributes, namespace imports, star imports and re-exports to the declaration, every signature first (each file's under one heading), then definitions in full (cut at 700 tokens) as the budget allows (bench/context/import-baseline.ts; an import line's comment no longer hides the names on it since the baseline audit); BM25 = the identifiers of the cursor window as a query over the chunks of other files, the definitions of as many ranked chunks as the budget holds, spent the same way, signatures first (bench/context/bm25-baseline.ts; before the baseline audit: whole chunks, 40 at most, the cursor's own file among them). "Named only in the body": definitions nothing outside the hidden body mentions. ${embedSpec ? `Embeddings: every chunk embedded with ${embedSpec} and fused with BM25 in the engine's retrieval (\`vouch index --embed\`).` : 'Embeddings: not measured, no embedding model was given (`--embed-model provider:name` or VOUCH_BENCH_EMBED_MODEL).'} Load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on 2 cores; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
if (record)
  recordResults(record, title, markdown, {
    origin:
      'real trees listed in bench/context/trees.ts, each with its source and role (tuned on, not tuned on, sealed until the final run)',
  });
// Per-task results of the tuning trees, for looking into what a change did.
if (dumps.length > 0)
  writeFileSync(option('--dump-to') ?? join(WORK, 'quality-dump.json'), JSON.stringify(dumps));
