/**
 * A cold `vouch context` on Django, phase by phase (CPU and wall of each step, medians of several fresh
 * processes): see phases-child.mjs for the steps. With `BASELINE=/path/to/another/built/checkout`, that
 * build runs too, alternating with this one (A B A B …), on the same index. Prints a table; records
 * nothing (the totals are in the `startup` section, from run.ts).
 *
 *   npm run build && node --import tsx bench/startup/phases.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { EVALUATION_TREES, treeDir } from '../context/trees.js';
import { table } from '../results.js';

const RUNS = Number(process.argv[2] ?? 7);
const CURSOR = 'django/db/models/query.py:300';
const here = join(import.meta.dirname, '..', '..');
const django = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
spawnSync(process.execPath, [join(here, 'bin', 'vouch.js'), 'index', '--json'], { cwd: django });
// `vouch context` keeps the listing snapshot it reuses, trusted once its times are two seconds old.
spawnSync(process.execPath, [join(here, 'bin', 'vouch.js'), 'context', CURSOR, '--json'], { cwd: django });
await new Promise((done) => setTimeout(done, 2_100));
const builds = [here, ...(process.env.BASELINE ? [process.env.BASELINE] : [])];
type Phase = [name: string, cpu: number, wall: number];
const samples = builds.map(() => [] as Phase[][]);
const load = loadavg()[0]!;
for (let run = -1; run < RUNS; run++) {
  builds.forEach((build, index) => {
    const child = spawnSync(
      process.execPath,
      [join(here, 'bench', 'startup', 'phases-child.mjs'), build, django, CURSOR],
      {
        cwd: django,
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) throw new Error(`phases-child failed for ${build}: ${child.stderr}`);
    if (run >= 0) samples[index]!.push((JSON.parse(child.stdout) as { phases: Phase[] }).phases);
  });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// Builds may differ in their phases (a refresh, or a check on a worker): rows by name, blank where a
// build has no such phase.
const names = [...new Set(samples.flatMap((runs) => runs[0]!.map(([name]) => name)))];
const rows = names.map((name) => [
  name,
  ...samples.flatMap((runs) => {
    const at = runs[0]!.findIndex(([phase]) => phase === name);
    if (at < 0) return ['', ''];
    return [
      `${median(runs.map((phases) => phases[at]![1])).toFixed(0)} ms`,
      `${median(runs.map((phases) => phases[at]![2])).toFixed(0)} ms`,
    ];
  }),
]);
rows.push([
  'total',
  ...samples.flatMap((runs) => [
    `${median(runs.map((phases) => phases.reduce((sum, phase) => sum + phase[1], 0))).toFixed(0)} ms`,
    `${median(runs.map((phases) => phases.reduce((sum, phase) => sum + phase[2], 0))).toFixed(0)} ms`,
  ]),
]);
const headers = [
  'phase',
  'CPU, this build',
  'wall, this build',
  ...(builds.length > 1 ? ['CPU, baseline', 'wall, baseline'] : []),
];
process.stdout.write(
  `${table(headers, rows)}\n\n${RUNS} runs of each, medians; load average ${load.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end. CPU is this process's (every thread, not git's).\n`,
);
