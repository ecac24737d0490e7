/**
 * Context quality on several real trees in both languages (issue 24): at a hidden function body, with
 * 2,000 tokens of cross-file context beyond the cursor window, the share of the cross-file definitions
 * the body uses that the context shows — vouch against simple import resolution and BM25 on the same
 * budget. Prints totals only (no per-task lines), so held-out trees can be run without being looked at.
 *
 *   node --import tsx bench/context/compare.ts --language python|typescript
 *   node --import tsx bench/context/compare.ts [--trees a,b] [--no-held-out] [--record SECTION] [--dump]
 *
 * `--language` runs that language's trees and rewrites its section of bench/RESULTS.md
 * (`context-quality-python`, `context-quality-typescript`); the run of the engine before issue 24 is
 * `context-quality-first` and is kept as it was. `--dump` writes per-task scores of the trees that are
 * not held out to bench/.work/quality-dump.json.
 *
 * `--embed-model provider:name` (or VOUCH_BENCH_EMBED_MODEL) adds a column, vouch with embeddings: each
 * tree's chunks are embedded with that model (as `vouch index --embed` does, through the same provider
 * code and the usual variables: OPENAI_BASE_URL, OLLAMA_HOST, …) and the engine's retrieval fuses BM25 with
 * the vectors. Without one, the table says it was not measured.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chooseModel } from '../../src/cli/model-choice.js';
import { embedChunks } from '../../src/index/embeddings.js';
import { IndexStore } from '../../src/index/index-store.js';
import { refreshIndex } from '../../src/index/open-index.js';
import { recordResults, table } from '../results.js';
import { closeTables, findTasks, type Method, measureQuality } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
// `--language python|typescript`: that language's trees, recorded in its own section of RESULTS.md.
const language = option('--language');
const only =
  option('--trees')?.split(',') ??
  (language
    ? EVALUATION_TREES.filter((tree) => tree.language === language).map((tree) => tree.name)
    : undefined);
const skipHeldOut = args.includes('--no-held-out');
const record = option('--record') ?? (language ? `context-quality-${language}` : undefined);
const title =
  option('--title') ??
  (language
    ? `Context quality on real trees, ${language === 'python' ? 'Python' : 'TypeScript'}: final engine (issue 24)`
    : 'Context quality on real trees (issue 24)');
const TASKS = Number(option('--tasks') ?? 200);
const embedSpec = option('--embed-model') ?? process.env.VOUCH_BENCH_EMBED_MODEL;
const methods = (option('--methods')?.split(',') ?? [
  'vouch',
  ...(embedSpec ? ['vouch + embeddings'] : []),
  'import resolution',
  'BM25',
]) as Method[];
// Parse in this thread (the worker pool runs the built engine in dist/, which may be older than src/).
const inProcess = args.includes('--in-process');

const rows: (string | number)[][] = [];
const dumps: unknown[] = [];
const started = performance.now();
for (const tree of EVALUATION_TREES) {
  if (only && !only.includes(tree.name)) continue;
  if (skipHeldOut && tree.heldOut) continue;
  const dir = treeDir(tree);
  rmSync(join(dir, '.vouch'), { recursive: true, force: true });
  const store = IndexStore.open(dir);
  const summary = await refreshIndex({
    root: dir,
    store,
    ...(inProcess ? { poolThreshold: Number.POSITIVE_INFINITY } : {}),
  });
  const embedModel = methods.includes('vouch + embeddings')
    ? await chooseModel({ flag: embedSpec, task: 'embed', config: {}, workspaceRoot: dir, quiet: true })
    : undefined;
  if (embedModel) {
    const embedded = await embedChunks(store, embedModel, {
      onProgress: (done, total) => process.stderr.write(`\r${tree.name}: embedded ${done}/${total} chunks`),
    });
    process.stderr.write(`\n${tree.name}: ${embedded} chunks embedded with ${embedModel.id}\n`);
  }
  const tasks = findTasks(store, dir, TASKS, 0, tree.language);
  const scores: Record<string, number> = {};
  let targets = 0;
  let named = 0;
  for (const method of methods) {
    const result = await measureQuality(store, dir, tasks, {
      label: method,
      method,
      useSymbolGraph: true,
      repoMapTokens: 0,
      ...(embedModel ? { embedModel } : {}),
    });
    scores[method] = result.full;
    if (!tree.heldOut && args.includes('--dump'))
      dumps.push({ tree: tree.name, method, tasks, perTask: result.perTask });
    targets = result.targets;
    named = result.namedOutsideBody;
  }
  store.close();
  closeTables(dir);
  const row = [
    tree.language,
    `${tree.name}${tree.heldOut ? ' (held out)' : ''}`,
    summary.files,
    tasks.length,
    targets,
    scores.vouch?.toFixed(3) ?? '—',
    scores['vouch + embeddings']?.toFixed(3) ?? 'not measured',
    scores['import resolution']?.toFixed(3) ?? '—',
    scores.BM25?.toFixed(3) ?? '—',
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
      'named only in the body',
    ],
    rows,
  ),
  '',
  `Each task hides a function body (its signature line stays) in a tree nobody tuned the engine on for this measure (see bench/context/trees.ts for the sources; "held out" trees were never looked at task by task), re-indexes that file as it now reads, and gives each method ${2000} tokens of cross-file context beyond a 1,000-token cursor window, measured with the same tokenizer and the same heading cost. A definition the body uses from another file counts as found when a snippet from its file shows its first line. Import resolution = the definitions of every name the file imports, in import order, each cut at 700 tokens (no re-exports followed); BM25 = the identifiers of the cursor window as a query over the chunks. "Named only in the body": definitions nothing outside the hidden body mentions. ${embedSpec ? `Embeddings: every chunk embedded with ${embedSpec} and fused with BM25 in the engine's retrieval (\`vouch index --embed\`).` : 'Embeddings: not measured, no embedding model was given (`--embed-model provider:name` or VOUCH_BENCH_EMBED_MODEL).'} Load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on 2 cores; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
if (record) recordResults(record, title, markdown);
// Per-task scores of the trees that are not held out, for looking into what a change did.
if (dumps.length > 0)
  writeFileSync(join(import.meta.dirname, '..', '.work', 'quality-dump.json'), JSON.stringify(dumps));
