/**
 * Start-up of the CLI (issue 24): `vouch --help`, `vouch search` and a cold `vouch context` on the Django
 * index, against a bare `node -e 0`, each a whole process. Runs alternate (A B C D A B C D …) so a change
 * in the machine's load hits every command alike; medians of wall and CPU time (user + system, from
 * bash's `time`) are reported, and each command's median ratio to the bare node start.
 *
 * With `BASELINE=/path/to/another/checkout` (built, e.g. `git worktree add` of an older commit and
 * `npm ci && npm run build` there), that build's commands run in the same rounds, each right after this
 * one's, and the table gains its medians and the median of the pair-by-pair CPU ratios (after ÷ before).
 * Each build runs in a copy of the Django tree that it indexed itself, with its kept token counts filled
 * to their cap first (`treeFor`; the copies are removed at the end).
 *
 *   npm run build && node --import tsx bench/startup/run.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { staleContextBundle } from '../../test/support/build-once.js';
import { EVALUATION_TREES, indexedCopy, treeDir } from '../context/trees.js';
import { recordResults, table } from '../results.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const RUNS = Number(process.argv[2] ?? 7);

if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js'))) {
  throw new Error('run `npm run build` first: the benchmark runs the built CLI');
}
const source = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
const node = `'${process.execPath}'`;
const BASELINE = process.env.BASELINE ? join(process.env.BASELINE, 'bin', 'vouch.js') : undefined;
if (BASELINE && !existsSync(BASELINE)) throw new Error(`no built vouch at ${BASELINE}`);
// A build whose context bundle is older than what tsc wrote since runs `vouch context` unbundled (the
// previous round's "×1.21 after 46c" was most likely that): a figure of a path no user runs, so none.
for (const [build, root] of [
  ['this build', join(import.meta.dirname, '..', '..')],
  ...(process.env.BASELINE ? [['BASELINE', process.env.BASELINE]] : []),
]) {
  const stale = staleContextBundle(root);
  if (stale) throw new Error(`${build}: ${stale}; run \`npm run build\` in ${root} first`);
}

/**
 * A copy of the Django tree for one build (removed at the end), indexed by that build, whose kept token
 * counts are then filled by contexts at FILLER_FILES: each build reads only what its own code wrote in
 * `.vouch/` (two builds sharing one undo each other's snapshot and caches), the cursors of the fresh row
 * are new to both, and the counts file is as full as a user's workspace gets (its cap), not empty.
 */
function treeFor(bin: string): string {
  const tree = indexedCopy(source, bin, 'startup');
  for (const file of FILLER_FILES) {
    const lines = readFileSync(join(tree, file), 'utf8').split('\n').length;
    spawnSync(process.execPath, [bin, 'context', `${file}:${Math.ceil(lines / 2)}`, '--json'], { cwd: tree });
  }
  return tree;
}
// A cursor in a file no earlier run asked about, one per round (the untimed round first): what a cold
// process pays for lines no process counted before (`vouch context` keeps the token counts of the lines
// it counted beside the index, so the same cursor asked again, as in the row above, finds them all).
const FRESH_CURSORS = [
  'django/db/models/sql/query.py:1200',
  'django/contrib/admin/options.py:1200',
  'django/db/models/fields/__init__.py:900',
  'django/forms/forms.py:150',
  'django/http/request.py:200',
  'django/template/base.py:500',
  'django/utils/html.py:100',
  'django/core/handlers/base.py:60',
  'django/db/backends/base/schema.py:300',
  'django/views/generic/base.py:80',
  'django/test/client.py:400',
  'django/urls/resolvers.py:350',
  'django/contrib/auth/models.py:200',
  'django/core/management/base.py:300',
];
if (RUNS + 1 > FRESH_CURSORS.length) throw new Error(`at most ${FRESH_CURSORS.length - 1} runs`);
// Files whose contexts fill the kept token counts before the timed rounds (none of them asked there).
const FILLER_FILES = [
  'django/db/models/base.py',
  'django/db/models/expressions.py',
  'django/db/models/lookups.py',
  'django/db/models/aggregates.py',
  'django/db/models/deletion.py',
  'django/db/models/manager.py',
  'django/db/models/options.py',
  'django/db/models/sql/compiler.py',
  'django/db/models/sql/where.py',
  'django/db/models/fields/related.py',
  'django/db/models/fields/files.py',
  'django/db/migrations/autodetector.py',
  'django/db/migrations/executor.py',
  'django/db/migrations/loader.py',
  'django/db/migrations/state.py',
  'django/db/backends/base/base.py',
  'django/db/backends/base/operations.py',
  'django/db/backends/postgresql/operations.py',
  'django/db/backends/sqlite3/base.py',
  'django/forms/models.py',
  'django/forms/fields.py',
  'django/forms/widgets.py',
  'django/forms/formsets.py',
  'django/contrib/admin/sites.py',
  'django/contrib/admin/helpers.py',
  'django/contrib/admin/checks.py',
  'django/contrib/admin/views/main.py',
  'django/contrib/auth/backends.py',
  'django/contrib/auth/forms.py',
  'django/contrib/contenttypes/fields.py',
  'django/core/cache/backends/base.py',
  'django/core/checks/registry.py',
  'django/core/files/storage.py',
  'django/core/mail/message.py',
  'django/core/serializers/python.py',
  'django/core/validators.py',
  'django/http/response.py',
  'django/middleware/csrf.py',
  'django/template/defaulttags.py',
  'django/template/loader_tags.py',
  'django/test/testcases.py',
  'django/test/runner.py',
  'django/urls/base.py',
  'django/utils/functional.py',
  'django/utils/dateformat.py',
  'django/utils/translation/trans_real.py',
  'django/views/generic/edit.py',
  'django/views/debug.py',
];
const django = treeFor(BIN);
const baselineTree = BASELINE ? treeFor(BASELINE) : undefined;
interface Timed {
  label: string;
  shell: (round: number) => string;
  target?: string;
  /** the tree it runs in (the baseline has its own copy) */
  cwd?: string;
}
const vouchCommands = (bin: string, cwd = django): Timed[] =>
  (
    [
      { label: '`vouch --help`', shell: () => `${node} '${bin}' --help`, target: '≤ 200 ms' },
      {
        label: '`vouch search "queryset filter"` (Django index)',
        shell: () => `${node} '${bin}' search "queryset filter"`,
        target: '≤ 300 ms',
      },
      {
        label: '`vouch context django/db/models/query.py:300` (cold process, Django)',
        shell: () => `${node} '${bin}' context django/db/models/query.py:300 --json`,
        target: '< 300 ms',
      },
      {
        label:
          '`vouch context` at a cursor in a file not asked before (another file each run; cold process, Django)',
        shell: (round) => `${node} '${bin}' context ${FRESH_CURSORS[round]} --json`,
        target: '< 300 ms',
      },
    ] as Timed[]
  ).map((command) => ({ ...command, cwd }));
const commands: Timed[] = [{ label: 'bare `node -e 0`', shell: () => `${node} -e 0` }, ...vouchCommands(BIN)];
// The baseline's commands follow, in the same rounds (this build's command, then the baseline's, …).
const baselineCommands = BASELINE ? vouchCommands(BASELINE, baselineTree) : [];
const all = [...commands, ...baselineCommands];

function timed(command: Timed, round: number): { wall: number; cpu: number } {
  const shell = command.shell(round);
  const result = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time ${shell} > /dev/null 2>&1`], {
    cwd: command.cwd ?? django,
    encoding: 'utf8',
  });
  const [wall, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: (wall ?? Number.NaN) * 1000, cpu: ((user ?? 0) + (system ?? 0)) * 1000 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const load = loadavg()[0]!;
for (const command of all) timed(command, 0); // warm the file cache
const samples = all.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
const ratios = all.map(() => [] as number[]);
// Interleaved: bare node, then each command of this build followed by the baseline's.
const order = [0, ...commands.slice(1).flatMap((_, index) => [index + 1, commands.length + index])].filter(
  (index) => index < all.length,
);
for (let run = 0; run < RUNS; run++) {
  const round = new Map<number, { wall: number; cpu: number }>();
  for (const index of order) round.set(index, timed(all[index]!, run + 1));
  for (const [index, sample] of round) {
    samples[index]!.wall.push(sample.wall);
    samples[index]!.cpu.push(sample.cpu);
    ratios[index]!.push(sample.wall / round.get(0)!.wall);
  }
}
const cpuRatio = (index: number) =>
  median(samples[index]!.cpu.map((cpu, run) => cpu / samples[commands.length + index - 1]!.cpu[run]!));
const rows = commands.map((command, index) => [
  command.label,
  `${median(samples[index]!.wall).toFixed(0)} ms`,
  `${Math.min(...samples[index]!.wall).toFixed(0)}–${Math.max(...samples[index]!.wall).toFixed(0)} ms`,
  `${median(samples[index]!.cpu).toFixed(0)} ms`,
  index === 0 ? '1' : `${median(ratios[index]!).toFixed(2)}×`,
  ...(BASELINE
    ? index === 0
      ? ['', '']
      : [
          `${median(samples[commands.length + index - 1]!.cpu).toFixed(0)} ms (wall ${median(samples[commands.length + index - 1]!.wall).toFixed(0)} ms)`,
          cpuRatio(index).toFixed(2),
        ]
    : []),
  command.target ?? '',
]);
const markdown = [
  table(
    [
      'command',
      'wall, median',
      'wall, range',
      'CPU (user + sys), median',
      'wall ÷ bare node',
      ...(BASELINE ? ['before: CPU median', 'CPU after ÷ before (pair by pair, median)'] : []),
      'target',
    ],
    rows,
  ),
  '',
  `${RUNS} alternating runs of each, after one untimed round${BASELINE ? '; "before" is the build of an earlier commit, run right after each command of this one in the same rounds, in its own copy of the tree that it indexed itself' : ''}. Load average ${load.toFixed(1)} when the run started and ${loadavg()[0]!.toFixed(1)} at its end, on 2 cores shared with other sessions: wall times are inflated by the load, the ratio to a bare node start in the same round much less; CPU time is the measure that load disturbs least.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
recordResults('startup', 'CLI start-up (issues 24 and 45)', markdown, {
  origin: "real code: Django 3.2 (Debian's python3-django, BSD-3-Clause), indexed by the benchmark",
});
for (const tree of [django, baselineTree]) if (tree) rmSync(tree, { recursive: true, force: true });
