import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

/**
 * `vouch check` on a small Python file, with and without the types check's read-only cache of the standard
 * library's stubs (`VOUCH_MYPY_STDLIB_CACHE=0` turns it off), alternating, one warm-up that builds the
 * cache. CPU is the children's user+sys of a bash that runs the CLI (`times`): the CLI, its sandboxes and
 * every tool the checks run; only mypy's flags differ between the two arms. Prints one JSON line for
 * bench/results/sandbox.jsonl. Usage: tsx bench/sandbox/mypy-stdlib-cache.ts [pairs]
 */
const pairs = Number(process.argv[2] ?? 6);
const project = mkdtempSync(join(tmpdir(), 'vouch-bench-mypy-'));
const cacheHome = mkdtempSync(join(tmpdir(), 'vouch-bench-mypy-cache-'));
const file = join(project, 'label.py');
writeFileSync(
  file,
  'import os\nfrom typing import Optional\n\n\ndef label(x: int, base: Optional[str] = None) -> str:\n    return os.path.join(base or ".", x)\n',
);
const cli = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');

function run(cached: boolean): number {
  const out = spawnSync(
    'bash',
    ['-c', `node ${JSON.stringify(cli)} check ${JSON.stringify(file)} --json >/dev/null; times`],
    {
      cwd: project,
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, VOUCH_MYPY_STDLIB_CACHE: cached ? '1' : '0' },
      encoding: 'utf8',
    },
  );
  // `times`: the shell's own line, then its children's: "0m1.234s 0m0.123s"
  const children = out.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return (seconds[0] ?? Number.NaN) + (seconds[1] ?? Number.NaN);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const loadBefore = loadavg();
run(true); // builds the cache
const uncached: number[] = [];
const cached: number[] = [];
for (let i = 0; i < pairs; i++) {
  if (i % 2) {
    cached.push(run(true));
    uncached.push(run(false));
  } else {
    uncached.push(run(false));
    cached.push(run(true));
  }
}
const loadAfter = loadavg();
rmSync(project, { recursive: true, force: true });
rmSync(cacheHome, { recursive: true, force: true });
const figures = {
  pairs,
  uncachedMedianCpuS: Number(median(uncached).toFixed(3)),
  cachedMedianCpuS: Number(median(cached).toFixed(3)),
  savedMedianCpuS: Number((median(uncached) - median(cached)).toFixed(3)),
};
console.log(
  JSON.stringify({
    area: 'sandbox',
    title: "vouch check on a 6-line Python file: CPU with and without mypy's read-only stdlib cache",
    date: new Date().toISOString(),
    commit: spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    machine: `${availableParallelism()} cores, ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    load: `${loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    origin: 'synthetic: a 6-line Python file written by the benchmark (one call error on os.path.join)',
    figures,
    table: `| run | ${uncached.map((_, i) => i + 1).join(' | ')} |\n|---|${uncached.map(() => '---').join('|')}|\n| uncached CPU-s | ${uncached.map((v) => v.toFixed(2)).join(' | ')} |\n| cached CPU-s | ${cached.map((v) => v.toFixed(2)).join(' | ')} |`,
  }),
);
