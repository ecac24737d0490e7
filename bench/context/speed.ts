/**
 * Index and context speed on Django (issue 24): a cold `vouch index` from the CLI (a fresh process, no
 * index), run several times, with the medians of wall and CPU time of the whole process (every thread);
 * and context assembly for a cursor, warm (as in the server and language server: one process, the index
 * open) on the same index. Cold context from the CLI is in bench/startup.
 *
 *   npm run build && node --import tsx bench/context/speed.ts [runs]
 *
 * With `--warm`, only the warm part: no cold index runs (the tree is indexed once if it has no index),
 * the cursors' slowest five listed, and a second sample of 60 cursors that no change was tuned on (the
 * next 60 of the same spread) timed after the first; recorded in its own section (`context-warm`).
 * With `--checkout DIR`, the warm part assembles through that built checkout's dist/ instead of this
 * one's src/; with `--against DIR` too, a second build assembles at every cursor in the same process, the
 * two in turn, and the table gives both and their ratios cursor by cursor (at the load of a shared
 * machine, separate runs differ by more than the builds do). CPU is the whole process's (every thread)
 * and, on Linux, this thread's own (the scheduler's count, without V8's compiler and collector helpers).
 *
 *   node --import tsx bench/context/speed.ts --warm [--checkout /path/to/built/checkout] [--against /other/one]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assembleContext as ownAssembleContext } from '../../src/context/index.js';
import { indexPath, IndexStore as OwnIndexStore } from '../../src/index/index.js';
import { recordResults, table } from '../results.js';
import { closeTables, findTasks } from './quality.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const args = process.argv.slice(2);
const WARM_ONLY = args.includes('--warm');
const checkoutAt = args.indexOf('--checkout');
const CHECKOUT = checkoutAt >= 0 ? resolve(args[checkoutAt + 1] ?? '') : undefined;
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const RUNS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 5);
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
if (!WARM_ONLY) {
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
} else if (!existsSync(indexPath(django))) {
  coldIndex(BIN);
}

// Warm context assembly, as a long-running process sees it: this checkout's src/, or another build's dist/.
type Assemble = typeof ownAssembleContext;
interface Engine {
  assembleContext: Assemble;
  IndexStore: typeof OwnIndexStore;
}
async function builtEngine(checkout: string): Promise<Engine> {
  const load = (path: string) => import(pathToFileURL(join(checkout, 'dist', path)).href);
  return {
    assembleContext: ((await load('context/assemble-context.js')) as { assembleContext: Assemble })
      .assembleContext,
    IndexStore: ((await load('index/index-store.js')) as { IndexStore: typeof OwnIndexStore }).IndexStore,
  };
}
const engine: Engine = CHECKOUT
  ? await builtEngine(CHECKOUT)
  : { assembleContext: ownAssembleContext, IndexStore: OwnIndexStore };
// With `--against DIR` (warm only), a second build assembles at each cursor too, in the same process, the
// two in turn (which goes first alternates): both meet the machine's load at the same moments, and the
// ratio cursor by cursor compares them where separate runs at this load cannot.
const againstAt = args.indexOf('--against');
const AGAINST = againstAt >= 0 ? resolve(args[againstAt + 1] ?? '') : undefined;
const other = AGAINST ? await builtEngine(AGAINST) : undefined;
const store = engine.IndexStore.open(django);
const otherStore = other?.IndexStore.open(django);
const tasks = findTasks(store, django, 200);
interface Timed {
  cursor: string;
  wall: number;
  cpu: number;
  /** this thread's own CPU time (Linux; not the compiler's and collector's helper threads), else NaN */
  thread: number;
}
/** This thread's CPU time in ms, from the scheduler's own count (nanoseconds), where Linux gives it. */
function threadCpu(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}
async function timeOne(
  which: Engine,
  index: OwnIndexStore,
  task: (typeof tasks)[number],
  lineAfter = 0,
): Promise<Timed> {
  // With `lineAfter`, the cursor `lineAfter` lines further down is timed, right after an untimed call at
  // the first: the next cursor in the same file, as an editor asks while its user moves and types.
  if (lineAfter > 0)
    await which.assembleContext({
      workspaceRoot: django,
      cursor: { path: task.path, line: task.startLine + 1 },
      store: index,
      budgetTokens: 4000,
    });
  const line = task.startLine + 1 + lineAfter;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const thread0 = threadCpu();
  await which.assembleContext({
    workspaceRoot: django,
    cursor: { path: task.path, line },
    store: index,
    budgetTokens: 4000,
  });
  const thread = threadCpu() - thread0;
  const used = process.cpuUsage(cpu0);
  return {
    cursor: `${task.path}:${line}`,
    wall: performance.now() - t0,
    cpu: (used.user + used.system) / 1000,
    thread,
  };
}
const others: Timed[] = [];
async function timeCursors(list: typeof tasks, warmUp: number, lineAfter = 0): Promise<Timed[]> {
  const out: Timed[] = [];
  for (const [index, task] of list.entries()) {
    let timed: Timed;
    if (other && otherStore) {
      const first = index % 2 === 0;
      const before = first ? undefined : await timeOne(other, otherStore, task, lineAfter);
      timed = await timeOne(engine, store, task, lineAfter);
      const after = first ? await timeOne(other, otherStore, task, lineAfter) : before!;
      if (index >= warmUp) others.push(after);
    } else timed = await timeOne(engine, store, task, lineAfter);
    if (index >= warmUp) out.push(timed);
  }
  return out;
}
const measured = await timeCursors(tasks.slice(0, 60), 5);
const measuredOthers = others.splice(0);
// Not tuned on: the next 60 cursors of the same spread, after the first sample (the process warm).
const heldOut = WARM_ONLY ? await timeCursors(tasks.slice(60, 120), 0) : [];
const heldOutOthers = others.splice(0);
// The next cursor in the same file (8 lines down, the function's body), for 30 further functions.
const nextInFile = WARM_ONLY ? await timeCursors(tasks.slice(120, 150), 0, 8) : [];
const nextInFileOthers = others.splice(0);
otherStore?.close();
store.close();
closeTables(django);

const describe = (timed: Timed[]) => {
  const latencies = timed.map((entry) => entry.wall);
  const latencyCpu = timed.map((entry) => entry.cpu);
  const thread = timed.map((entry) => entry.thread);
  const threadPart = thread.some(Number.isNaN)
    ? ''
    : `; this thread's CPU median ${median(thread).toFixed(1)} ms, p95 ${percentile(thread, 95).toFixed(1)} ms`;
  return `median ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (${timed.length} cursors); CPU median ${median(latencyCpu).toFixed(1)} ms, p95 ${percentile(latencyCpu, 95).toFixed(1)} ms${threadPart}`;
};
/** This build against the other, cursor by cursor: the median ratio of each measure, and of the totals. */
const compare = (mine: Timed[], theirs: Timed[]) => {
  const ratio = (measure: (entry: Timed) => number) => {
    const pairs = mine.map((entry, index) => measure(entry) / measure(theirs[index]!));
    const total = mine.reduce((sum, entry) => sum + measure(entry), 0);
    const otherTotal = theirs.reduce((sum, entry) => sum + measure(entry), 0);
    return `${median(pairs).toFixed(2)} (totals ${(total / otherTotal).toFixed(2)})`;
  };
  return `÷ the other build, cursor by cursor, median: wall ${ratio((entry) => entry.wall)}, CPU ${ratio((entry) => entry.cpu)}, this thread's CPU ${ratio((entry) => entry.thread)}`;
};
const warmRow = [
  `context for a cursor, warm (one process, index open; Django, 4,000-token budget)${CHECKOUT ? ', the build given by --checkout' : ''}`,
  describe(measured),
  '',
  '< 30 ms',
];
const loadLine = (what: string) =>
  `Load average ${loadBefore.toFixed(1)} when the run started, ${loadavg()[0]!.toFixed(1)} at its end, on 2 cores shared with other sessions: ${what}`;

if (WARM_ONLY) {
  const slowest = [...measured]
    .sort((a, b) => b.cpu - a.cpu)
    .slice(0, 5)
    .map((entry) => `${entry.cursor} (${entry.cpu.toFixed(1)} ms CPU, ${entry.wall.toFixed(1)} ms)`);
  const markdown = [
    table(
      ['measure', 'result', 'target'],
      [
        [warmRow[0]!, warmRow[1]!, warmRow[3]!],
        [
          'the same, 60 further cursors not tuned on (timed after the first 55)',
          describe(heldOut),
          '< 30 ms',
        ],
        [
          'the next cursor in the same file (8 lines below one just asked; 30 further functions)',
          describe(nextInFile),
          '< 30 ms',
        ],
        ...(AGAINST
          ? [
              [
                'the 55 cursors, the build given by --against (in turn with this one, same process)',
                describe(measuredOthers),
                '',
              ],
              ['this build ÷ that one, the 55', compare(measured, measuredOthers), ''],
              ['the 60 not tuned on, the build given by --against', describe(heldOutOthers), ''],
              ['this build ÷ that one, the 60', compare(heldOut, heldOutOthers), ''],
              [
                'the next cursor in the same file, the build given by --against',
                describe(nextInFileOthers),
                '',
              ],
              [
                'this build ÷ that one, the next cursor in the same file',
                compare(nextInFile, nextInFileOthers),
                '',
              ],
            ]
          : []),
      ],
    ),
    '',
    `Slowest of the 55 by CPU: ${slowest.join('; ')}.`,
    '',
    loadLine(
      'wall-clock times include waiting for a core; CPU time (every thread of the process) is the load-independent measure.',
    ),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (!CHECKOUT || AGAINST)
    recordResults('context-warm', 'Context for a cursor, warm (issues 24 and 45)', markdown, {
      origin:
        "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause); the cursors of bench/context/speed.ts",
    });
  process.exit(0);
}

const files = summary!.files;
const py = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '*.py'], {
  cwd: django,
  encoding: 'utf8',
})
  .stdout.split('\n')
  .filter(Boolean).length;

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
  warmRow,
];
const markdown = [
  table(['measure', 'result', 'rate', 'target'], rows),
  '',
  loadLine(
    'wall-clock rates are pessimistic; the CPU time (all threads of the process) is the load-independent measure.',
  ),
].join('\n');
process.stdout.write(`${markdown}\n`);
recordResults('context-speed', 'Index and context speed (issue 24)', markdown, {
  origin:
    "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause); the cursors of bench/context/speed.ts",
});
