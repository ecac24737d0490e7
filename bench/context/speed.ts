/**
 * Index and context speed on Django (issue 24): a cold `vouch index` from the CLI (a fresh process, no
 * index), run several times, with the medians of wall and CPU time of the whole process (every thread);
 * and context assembly for a cursor, warm (as in the server and language server: one process, the index
 * open) on the same index. Cold context from the CLI is in bench/startup.
 *
 *   npm run build && node --import tsx bench/context/speed.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { assembleContext } from '../../src/context/assemble-context.js';
import { IndexStore } from '../../src/index/index-store.js';
import { recordResults, table } from '../results.js';
import { closeTables, findTasks } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const RUNS = Number(process.argv[2] ?? 5);
if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js'))) {
  throw new Error('run `npm run build` first: the benchmark runs the built CLI');
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

const django = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
const loadBefore = loadavg()[0]!;
// With BASELINE=/path/to/another/built/checkout, that build indexes too, right before this one in each
// run (this build's index is the one left for the warm measure below).
const BASELINE = process.env.BASELINE ? join(process.env.BASELINE, 'bin', 'vouch.js') : undefined;
if (BASELINE && !existsSync(BASELINE)) throw new Error(`no built vouch at ${BASELINE}`);
function coldIndex(bin: string): { wall: number; cpu: number; stdout: string } {
  rmSync(join(django, '.vouch'), { recursive: true, force: true });
  const result = spawnSync(
    'bash',
    ['-c', `TIMEFORMAT='%R %U %S'; time '${process.execPath}' '${bin}' index --json 2>/dev/null`],
    { cwd: django, encoding: 'utf8' },
  );
  const [seconds, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: seconds!, cpu: user! + system!, stdout: result.stdout };
}
const wall: number[] = [];
const cpu: number[] = [];
const baselineWall: number[] = [];
const baselineCpu: number[] = [];
let summary: { files: number; chunks: number; symbols: number } | undefined;
for (let run = 0; run < RUNS; run++) {
  if (BASELINE) {
    const before = coldIndex(BASELINE);
    baselineWall.push(before.wall);
    baselineCpu.push(before.cpu);
  }
  const result = coldIndex(BIN);
  wall.push(result.wall);
  cpu.push(result.cpu);
  summary = JSON.parse(result.stdout) as typeof summary;
}
const files = summary!.files;
const py = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '*.py'], {
  cwd: django,
  encoding: 'utf8',
})
  .stdout.split('\n')
  .filter(Boolean).length;

// Warm context assembly, as a long-running process sees it.
const store = IndexStore.open(django);
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
    latencies.push(performance.now() - t0);
    const used = process.cpuUsage(cpu0);
    latencyCpu.push((used.user + used.system) / 1000);
  }
}
store.close();
closeTables(django);

const rows = [
  [
    `cold \`vouch index\` of Django, whole process (${RUNS} runs)`,
    `${files} files (${py} .py): wall median ${median(wall).toFixed(2)} s (${Math.min(...wall).toFixed(2)}–${Math.max(...wall).toFixed(2)}), CPU median ${median(cpu).toFixed(2)} s`,
    `${Math.round(files / median(wall))} files/s by the clock; ${Math.round(files / median(cpu))} files per CPU-second (≈ ${Math.round((2 * files) / median(cpu))} files/s on 2 cores of our own)`,
    '≥ 1,000 files/s',
  ],
  ...(BASELINE
    ? [
        [
          'the same, the build before (alternating runs)',
          `wall median ${median(baselineWall).toFixed(2)} s, CPU median ${median(baselineCpu).toFixed(2)} s; CPU now ÷ before, pair by pair: median ${median(cpu.map((value, run) => value / baselineCpu[run]!)).toFixed(2)}`,
          `${Math.round(files / median(baselineCpu))} files per CPU-second`,
          '',
        ],
      ]
    : []),
  [
    'context for a cursor, warm (one process, index open; Django, 4,000-token budget)',
    `median ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (${latencies.length} cursors); CPU median ${median(latencyCpu).toFixed(1)} ms, p95 ${percentile(latencyCpu, 95).toFixed(1)} ms`,
    '',
    '< 30 ms',
  ],
];
const markdown = [
  table(['measure', 'result', 'rate', 'target'], rows),
  '',
  `Load average ${loadBefore.toFixed(1)} when the run started, ${loadavg()[0]!.toFixed(1)} at its end, on 2 cores shared with other sessions: wall-clock rates are pessimistic; the CPU time (all threads of the process) is the load-independent measure.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
recordResults('context-speed', 'Index and context speed (issue 24)', markdown);
