/**
 * Context benchmarks (issue 3): full index of Django (files/s), re-index after one change through the
 * CLI (process start included), warm search latency on a 10,000-file index, warm context assembly
 * latency, and CrossCodeEval-style retrieval quality. Run with `npm run build && npm run bench:context`.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { assembleContext } from '../../src/context/index.js';
import { IndexStore, refreshIndex, searchChunks } from '../../src/index/index.js';
import { recordResults, table } from '../results.js';
import { djangoCorpus, largeCorpus } from './corpus.js';
import { findTasks, measureQuality } from './quality.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const rows: (string | number)[][] = [];
const notes: string[] = [];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function freshIndex(root: string): IndexStore {
  rmSync(join(root, '.vouch'), { recursive: true, force: true });
  return IndexStore.open(root);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function main(): Promise<void> {
  if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js'))) {
    throw new Error('run `npm run build` first: the re-index benchmark runs the built CLI');
  }
  const django = djangoCorpus();

  // 1. Full index of the Django tree, in-process (worker pool as `vouch index` uses it).
  const runs: number[] = [];
  const cpuSeconds: number[] = [];
  let summary: Awaited<ReturnType<typeof refreshIndex>> | undefined;
  for (let run = 0; run < 2; run++) {
    const store = freshIndex(django);
    const started = performance.now();
    const cpu = process.cpuUsage();
    summary = await refreshIndex({ root: django, store });
    runs.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    // CPU time of every thread (main and parse workers): a load-independent measure on a shared machine.
    cpuSeconds.push((used.user + used.system) / 1e6);
    store.close();
  }
  const best = Math.min(...runs);
  const pyFiles = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '*.py'], {
    cwd: django,
    encoding: 'utf8',
  })
    .stdout.split('\n')
    .filter(Boolean).length;
  rows.push([
    'full index of Django (in-process, best of 2)',
    `${summary!.files} files (${pyFiles} .py) in ${(best / 1000).toFixed(2)} s`,
    `${Math.round(summary!.files / (best / 1000))} files/s`,
    '≥ 300 files/s',
  ]);
  const cpuBest = Math.min(...cpuSeconds);
  rows.push([
    'full index of Django, CPU time of all threads',
    `${cpuBest.toFixed(2)} CPU-s`,
    `${Math.round(summary!.files / cpuBest)} files per CPU-second (≈ ${Math.round((2 * summary!.files) / cpuBest)} files/s on 2 idle cores)`,
    '',
  ]);
  log(`full index: ${runs.map((ms) => ms.toFixed(0)).join(', ')} ms`);

  // The same through the CLI, process start included.
  rmSync(join(django, '.vouch'), { recursive: true, force: true });
  let started = performance.now();
  const cli = spawnSync(process.execPath, [BIN, 'index', '--json'], { cwd: django, encoding: 'utf8' });
  const cliMs = performance.now() - started;
  const cliSummary = JSON.parse(cli.stdout) as { files: number };
  rows.push([
    'full index of Django (`vouch index`, process included)',
    `${cliSummary.files} files in ${(cliMs / 1000).toFixed(2)} s`,
    `${Math.round(cliSummary.files / (cliMs / 1000))} files/s`,
    '≥ 300 files/s',
  ]);

  // 2. Re-index after one change, whole process.
  const reindex: number[] = [];
  const reindexCpu: number[] = [];
  const target = join(django, 'django', 'utils', 'text.py');
  for (let run = 0; run < 5; run++) {
    appendFileSync(target, `\n# bench edit ${run}\n`);
    started = performance.now();
    // bash's `time` reports the child's CPU time (user + sys) on stderr.
    const result = spawnSync(
      'bash',
      ['-c', `TIMEFORMAT='%U %S'; time '${process.execPath}' '${BIN}' index --json`],
      { cwd: django, encoding: 'utf8' },
    );
    reindex.push(performance.now() - started);
    const [user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    reindexCpu.push(((user ?? 0) + (system ?? 0)) * 1000);
    const parsed = (JSON.parse(result.stdout) as { parsed: number }).parsed;
    if (parsed !== 1) notes.push(`re-index run ${run} parsed ${parsed} files (expected 1)`);
  }
  spawnSync('sh', ['-c', `cp ${join('/usr/lib/python3/dist-packages/django/utils/text.py')} ${target}`]);
  rows.push([
    're-index after one changed file (`vouch index`, process included)',
    `median of 5: ${percentile(reindex, 50).toFixed(0)} ms (max ${Math.max(...reindex).toFixed(0)}); CPU time median ${percentile(reindexCpu, 50).toFixed(0)} ms`,
    '',
    '< 1,000 ms',
  ]);

  // 3. Context assembly, warm, on the Django index.
  const store = IndexStore.open(django);
  await refreshIndex({ root: django, store });
  const tasks = findTasks(store, django, 200);
  const latencies: number[] = [];
  const latencyCpu: number[] = [];
  for (const [index, task] of tasks.slice(0, 60).entries()) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await assembleContext({
      workspaceRoot: django,
      cursor: { path: task.path, line: task.startLine + 1 },
      store,
      budgetTokens: 4000,
    });
    if (index >= 5) {
      // the first calls warm caches and the tokenizer
      latencies.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      latencyCpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  rows.push([
    'context assembly for a cursor (warm, Django, 4,000-token budget)',
    `median ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (${latencies.length} cursors); CPU time median ${percentile(latencyCpu, 50).toFixed(1)} ms; load average ${loadavg()[0]!.toFixed(1)} on 2 cores`,
    '',
    '< 30 ms',
  ]);

  // 4. Retrieval quality (CrossCodeEval-style) on Django.
  const quality: (string | number)[][] = [];
  let namedOutsideBody = 0;
  for (const config of [
    { label: 'BM25 alone', useSymbolGraph: false, repoMapTokens: 0 },
    { label: 'BM25 + symbol graph', useSymbolGraph: true, repoMapTokens: 0 },
    { label: 'BM25 + symbol graph + repo map', useSymbolGraph: true, repoMapTokens: 300 },
  ]) {
    const result = await measureQuality(store, django, tasks, config);
    namedOutsideBody = result.namedOutsideBody;
    quality.push([
      config.label,
      tasks.length,
      result.targets,
      result.full.toFixed(3),
      result.firstLine.toFixed(3),
    ]);
    log(`quality ${config.label}: ${result.full.toFixed(3)} / ${result.firstLine.toFixed(3)}`);
  }
  // The same on two disjoint samples: changes to the ranking were checked there too, against fitting one.
  for (const offset of [1, 2]) {
    const holdout = findTasks(store, django, 200, offset);
    const held = await measureQuality(store, django, holdout, {
      label: 'held-out',
      useSymbolGraph: true,
      repoMapTokens: 0,
    });
    quality.push([
      `BM25 + symbol graph, disjoint sample ${offset}`,
      holdout.length,
      held.targets,
      held.full.toFixed(3),
      held.firstLine.toFixed(3),
    ]);
    log(`quality held-out sample ${offset}: ${held.full.toFixed(3)}`);
  }
  quality.push([
    'with embeddings',
    '—',
    '—',
    'not measured',
    'no embedding endpoint is configured on this machine',
  ]);
  store.close();

  // 5. Search latency on a warm index of about 10,000 files.
  const corpus = largeCorpus();
  const big = IndexStore.open(corpus);
  started = performance.now();
  const bigSummary = await refreshIndex({ root: corpus, store: big });
  log(
    `10k corpus: ${bigSummary.files} files indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const queries = [
    'user name',
    'getUserName',
    'parse http request headers',
    'Observable subscribe',
    'json decode error',
    'database connection pool',
    'mergeMap concurrent',
    'file path join',
    'template render context',
    'csrf token',
    'retry with backoff',
    'unicode normalize',
    'switchMap',
    'QuerySet filter',
    'socket timeout',
    'compile regular expression',
    'migration operation',
    'type checker diagnostics',
    'buffer from string',
    'signal handler',
  ];
  for (const query of queries) searchChunks(big, query); // warm
  const searchTimes: number[] = [];
  const searchCpu: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const query of queries) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      searchChunks(big, query, { k: 10 });
      searchTimes.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      searchCpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  big.close();
  rows.push([
    `search, warm index of ${bigSummary.files} files (${bigSummary.chunks} chunks)`,
    `median ${percentile(searchTimes, 50).toFixed(1)} ms, p95 ${percentile(searchTimes, 95).toFixed(1)} ms (${searchTimes.length} queries); CPU time median ${percentile(searchCpu, 50).toFixed(1)} ms`,
    '',
    '< 50 ms',
  ]);
  started = performance.now();
  spawnSync(process.execPath, [BIN, 'search', 'parse http request headers', '--json'], { cwd: corpus });
  rows.push([
    '`vouch search` on the 10k index, cold process',
    `${(performance.now() - started).toFixed(0)} ms`,
    '',
    '(for reference)',
  ]);

  const markdown = [
    table(['measure', 'result', 'rate', 'target'], rows),
    '',
    `Retrieval quality, CrossCodeEval-style: ${tasks.length} Django functions whose bodies use definitions from other files; the body is hidden (the file re-indexed without it) and 2,000 tokens of context are assembled at it (beyond a 1,000-token cursor window). "Found" = a snippet from the definition's file shows its whole signature (a class: its header and its own constructor's), the rule of bench/context/target-surface.ts; "first-line rule" = the looser rule of earlier rounds (a snippet shows its first line).`,
    '',
    table(['configuration', 'tasks', 'definitions needed', 'found', 'first-line rule'], quality),
    '',
    `Of the definitions needed on the recorded sample, ${(100 * (1 - namedOutsideBody)).toFixed(0)}% are named only inside the hidden body (nothing in the file around it mentions them), which bounds what any context assembled before the body is written can point at through names.`,
    '',
    `The machine is shared with other sessions (load average ${loadavg()[0]!.toFixed(1)} at the end of this run), so times are pessimistic.`,
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  recordResults('context', 'Codebase context (issue 3)', markdown, {
    origin:
      "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause); a large generated tree for search",
  });
}

await main();
