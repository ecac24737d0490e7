/**
 * Cold `vouch index` of Django, this build against another built checkout, in alternating pairs (issue 24):
 * each run a fresh process on a copy of the tree with no index, the pair's order swapped every other
 * pair, run at `nice -n 10`. Prints the medians of wall and CPU time (user + system of the whole process:
 * every thread and `git`), the ratios pair by pair, files/s, and the load before and after.
 *
 *   npm run build && BASELINE=/path/to/a/built/checkout node --import tsx bench/context/index-rate.ts [pairs]
 *
 * With THREADS=1 each process also reports its CPU per thread (sampled from /proc/self/task every 20
 * ms by a preloaded script, so a thread's last 20 ms may be missing): the main thread, the worker
 * threads (parsing), and the others (V8's compiler and GC threads, libuv's).
 * Without BASELINE only this build runs. Records its table (bench/results/index-rate.jsonl).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordResults, table } from '../results.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const REPO = join(import.meta.dirname, '..', '..');
const PAIRS = Number(process.argv[2] ?? 6);
const BIN = join(REPO, 'bin', 'vouch.js');
const BASELINE = process.env.BASELINE ? join(process.env.BASELINE, 'bin', 'vouch.js') : undefined;
if (!existsSync(join(REPO, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
if (BASELINE && !existsSync(BASELINE)) throw new Error(`no built vouch at ${BASELINE}`);

const work = mkdtempSync(join(tmpdir(), 'vouch-index-rate-'));
const django = join(work, 'django');
cpSync(treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!), django, { recursive: true });

// Per-thread CPU: the latest /proc/self/task/<tid>/stat of each thread, written at exit.
const probe = join(work, 'threads.cjs');
writeFileSync(
  probe,
  `const fs = require('node:fs');
const wt = require('node:worker_threads');
const tidFile = process.env.VOUCH_THREADS_OUT + '.workers';
if (!wt.isMainThread) {
  fs.appendFileSync(tidFile, fs.readlinkSync('/proc/thread-self').split('/').pop() + '\\n');
} else {
  const seen = new Map();
  const tick = 1e3 / 100;
  const sample = () => {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        const stat = fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        seen.set(tid, (Number(fields[11]) + Number(fields[12])) * tick);
      } catch {}
    }
  };
  setInterval(sample, 20).unref();
  process.on('exit', () => {
    sample();
    let workers = [];
    try { workers = fs.readFileSync(tidFile, 'utf8').split('\\n').filter(Boolean); } catch {}
    const byKind = { main: 0, workers: 0, other: 0 };
    for (const [tid, ms] of seen) {
      const kind = tid === String(process.pid) ? 'main' : workers.includes(tid) ? 'workers' : 'other';
      byKind[kind] += ms;
    }
    fs.writeFileSync(process.env.VOUCH_THREADS_OUT, JSON.stringify(byKind));
  });
}
`,
);
const THREADS = process.env.THREADS === '1';

interface Run {
  wall: number;
  cpu: number;
  files: number;
  threads?: Record<string, number>;
}
function coldIndex(bin: string): Run {
  rmSync(join(django, '.vouch'), { recursive: true, force: true });
  const out = join(work, 'threads.json');
  rmSync(out, { force: true });
  rmSync(`${out}.workers`, { force: true });
  const result = spawnSync(
    'bash',
    [
      '-c',
      `TIMEFORMAT='%R %U %S'; time nice -n 10 '${process.execPath}' ${THREADS ? `--require '${probe}'` : ''} '${bin}' index --json 2>/dev/null`,
    ],
    { cwd: django, encoding: 'utf8', env: { ...process.env, VOUCH_THREADS_OUT: out } },
  );
  const [seconds, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const summary = JSON.parse(result.stdout) as { files: number };
  return {
    wall: seconds!,
    cpu: user! + system!,
    files: summary.files,
    ...(THREADS && existsSync(out) ? { threads: JSON.parse(readFileSync(out, 'utf8')) } : {}),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const pressure = () =>
  existsSync('/proc/pressure/cpu') ? readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0]! : '';

const loadBefore = loadavg()[0]!;
const pressureBefore = pressure();
const now: Run[] = [];
const before: Run[] = [];
for (let pair = 0; pair < PAIRS; pair++) {
  if (!BASELINE) now.push(coldIndex(BIN));
  else if (pair % 2 === 0) {
    before.push(coldIndex(BASELINE));
    now.push(coldIndex(BIN));
  } else {
    now.push(coldIndex(BIN));
    before.push(coldIndex(BASELINE));
  }
  const last = now.at(-1)!;
  const base = before.at(-1);
  process.stderr.write(
    `pair ${pair + 1}: this ${last.wall.toFixed(2)} s / ${last.cpu.toFixed(2)} CPU-s${base ? `, before ${base.wall.toFixed(2)} s / ${base.cpu.toFixed(2)} CPU-s` : ''}${THREADS ? ` ${JSON.stringify(last.threads)}${base ? ` ${JSON.stringify(base.threads)}` : ''}` : ''}\n`,
  );
}
rmSync(work, { recursive: true, force: true });

const files = now[0]!.files;
const describe = (runs: Run[]) => {
  const wall = median(runs.map((run) => run.wall));
  const cpu = median(runs.map((run) => run.cpu));
  return [
    `${wall.toFixed(2)} s (${Math.min(...runs.map((run) => run.wall)).toFixed(2)}–${Math.max(...runs.map((run) => run.wall)).toFixed(2)})`,
    `${cpu.toFixed(2)} s`,
    `${Math.round(files / wall)}`,
    `${Math.round(files / cpu)}`,
  ];
};
const threadRow = (runs: Run[]) => {
  if (!THREADS) return [];
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.threads ?? {})))].sort();
  return [
    names
      .map((name) => `${name} ${(median(runs.map((run) => run.threads?.[name] ?? 0)) / 1000).toFixed(2)}`)
      .join(', '),
  ];
};
const header = ['build', 'wall median (range)', 'CPU median', 'files/s (clock)', 'files per CPU-s'];
if (THREADS) header.push('CPU-s per thread (medians)');
const rows = [['this build', ...describe(now), ...threadRow(now)]];
if (BASELINE) {
  rows.push(['the build before', ...describe(before), ...threadRow(before)]);
  const ratio = (pick: (run: Run) => number) =>
    median(now.map((run, index) => pick(run) / pick(before[index]!))).toFixed(3);
  rows.push([
    'this ÷ before, pair by pair (medians)',
    `wall ${ratio((run) => run.wall)}`,
    `CPU ${ratio((run) => run.cpu)}`,
    '',
    '',
    ...(THREADS ? [''] : []),
  ]);
}
const markdown = [
  table(header, rows),
  '',
  `Cold \`vouch index\` of Django (${files} files), ${PAIRS} ${BASELINE ? 'alternating pairs' : 'runs'} at nice 10. Load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end; CPU pressure before: \`${pressureBefore}\`, after: \`${pressure()}\`. Two cores shared with other sessions: compare CPU time and the ratios pair by pair.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
recordResults('index-rate', 'Cold index of Django, alternating with the build before (issue 24)', markdown, {
  origin: "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause)",
});
