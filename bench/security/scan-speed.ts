/**
 * `vouch scan` against Bandit on Debian's python3-django, each a whole process (start-up included), in
 * alternating rounds (vouch, [BASELINE vouch], Bandit, vouch, …) so a change in the machine's load hits
 * each alike: one warm-up round, then RUNS counted ones. Wall, CPU (user + system) and peak memory come
 * from GNU time (`/usr/bin/time -f`); the table gives the medians and the median of the round-by-round
 * ratios Bandit ÷ vouch (CPU is the steadier figure on a shared machine). Neither tool's cache is used:
 * `vouch scan --no-external --no-cache`, `bandit -q -r`. The tree is copied to a scratch folder (Debian
 * links some static files out of the package: Bandit and vouch read only the .py files).
 *
 *   npm run build && node --import tsx bench/security/scan-speed.ts [runs]
 *   BASELINE=/path/to/another/built/checkout node --import tsx bench/security/scan-speed.ts 3
 *
 * It prints a JSON line for bench/results/security-speed.jsonl; it records nothing itself.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCodeCacheRefused, staleContextBundle } from '../../test/support/build-once.js';
import { machineLine, table } from '../results.js';

const DJANGO = '/usr/lib/python3/dist-packages/django';
const RUNS = Number(process.argv[2] ?? 3);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const BASELINE = process.env.BASELINE ? join(process.env.BASELINE, 'bin', 'vouch.js') : undefined;
if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')))
  throw new Error('run `npm run build` first: the benchmark runs the built CLI');
// a bundle older than dist/ is not used: the scan would be timed on a path no install runs
const stale = staleContextBundle();
if (stale) throw new Error(`${stale}: run \`npm run build\` (or node scripts/bundle-context.mjs) first`);
// nor one compiled without the code cache the build makes for it (scripts/build-scan-cache.mjs)
const refused = scanCodeCacheRefused();
if (refused) throw new Error(`${refused}: run \`npm run build\` first`);
if (BASELINE && !existsSync(BASELINE)) throw new Error(`no built vouch at ${BASELINE}`);
if (!existsSync(DJANGO)) throw new Error(`${DJANGO} is missing: apt-get install python3-django`);
if (spawnSync('bandit', ['--version']).error)
  throw new Error('Bandit is not installed: apt-get install bandit');

interface Run {
  wall: number;
  cpu: number;
  peakMiB: number;
}

/** One whole process under GNU time, its output thrown away. */
function timed(command: string[], cwd: string): Run {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...command], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
  });
  const [wall, user, system, kib] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (![wall, user, system, kib].every(Number.isFinite))
    throw new Error(`${command.join(' ')}: no timing (${result.stderr.slice(-400)})`);
  return { wall: wall!, cpu: user! + system!, peakMiB: kib! / 1024 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const scratch = mkdtempSync(join(tmpdir(), 'vouch-scan-speed-'));
try {
  cpSync(DJANGO, join(scratch, 'django'), { recursive: true, verbatimSymlinks: true });
  const commands: Record<string, string[]> = {
    vouch: [
      process.execPath,
      BIN,
      'scan',
      'django',
      '--lang',
      'python',
      '--no-external',
      '--no-cache',
      '--json',
    ],
    ...(BASELINE
      ? {
          baseline: [
            process.execPath,
            BASELINE,
            ...['scan', 'django', '--lang', 'python', '--no-external', '--no-cache', '--json'],
          ],
        }
      : {}),
    bandit: ['bandit', '-q', '-r', 'django', '-f', 'json'],
  };
  const loadBefore = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 0; round <= RUNS; round++) {
    for (const [name, command] of Object.entries(commands)) {
      const run = timed(command, scratch);
      if (round > 0) runs[name]!.push(run);
      process.stderr.write(
        `${round === 0 ? 'warm-up' : `round ${round}`} ${name}: ${run.cpu.toFixed(2)} s CPU, ${run.wall.toFixed(2)} s wall\n`,
      );
    }
  }
  const loadAfter = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const ratio = (name: string, key: 'wall' | 'cpu') =>
    median(runs.bandit!.map((bandit, index) => bandit[key] / runs[name]![index]![key]));
  const rows = Object.keys(commands).map((name) => [
    name,
    median(runs[name]!.map((run) => run.cpu)).toFixed(3),
    median(runs[name]!.map((run) => run.wall)).toFixed(3),
    median(runs[name]!.map((run) => run.peakMiB)).toFixed(1),
    name === 'bandit' ? '' : `${ratio(name, 'cpu').toFixed(2)}×`,
    name === 'bandit' ? '' : `${ratio(name, 'wall').toFixed(2)}×`,
  ]);
  const markdown = table(
    ['command', 'CPU s (median)', 'wall s (median)', 'peak MiB', 'Bandit ÷ it, CPU', 'Bandit ÷ it, wall'],
    rows,
  );
  process.stdout.write(
    `${markdown}\n\nload ${loadBefore} at the start, ${loadAfter} at the end; ${machineLine()}\n`,
  );
  const figures: Record<string, number> = { pairs: RUNS };
  for (const name of Object.keys(commands)) {
    figures[`${name}_cpu_s`] = Number(median(runs[name]!.map((run) => run.cpu)).toFixed(3));
    figures[`${name}_wall_s`] = Number(median(runs[name]!.map((run) => run.wall)).toFixed(3));
    if (name !== 'bandit') {
      figures[`bandit_over_${name}_cpu`] = Number(ratio(name, 'cpu').toFixed(2));
      figures[`bandit_over_${name}_wall`] = Number(ratio(name, 'wall').toFixed(2));
    }
  }
  process.stdout.write(
    `${JSON.stringify({ area: 'security-speed', load: `${loadBefore} at the start, ${loadAfter} at the end`, figures, table: markdown })}\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
