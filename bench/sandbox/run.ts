import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWarmPool, runInSandbox, sandboxAvailability } from '../../src/verify/index.js';
import { cannotRunAsUser, prepareUserMirror } from '../../test/support/as-user.js';
import { recordResults, table } from '../results.js';

/**
 * Per-program cost of running a trivial program: plain (unsandboxed) start, a fresh bubblewrap sandbox
 * per program, and the warm pool (one sandboxed worker per core, a fresh limited child per program).
 * Medians of end-to-end latency as the caller sees it, plus warm-pool throughput with all workers busy.
 * Both ways the sandbox runs: as root (the program drops to an unprivileged uid inside its own user
 * namespace) and as an ordinary user; run as root, the benchmark runs itself again as a user it creates.
 * Every sandboxed run sees a private project folder (mode 0700) with a `.env` to hide, as real runs do.
 */

const PROGRAMS = {
  python: {
    source: 'print(sum(range(100)))\n',
    plain: ['/usr/bin/python3', '-c'],
    file: 'main.py',
    command: ['python3', 'main.py'],
  },
  node: {
    source: 'console.log([...Array(100).keys()].reduce((a, b) => a + b, 0));\n',
    plain: [process.execPath, '-e'],
    file: 'main.js',
    command: ['node', 'main.js'],
  },
} as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function time(runs: number, once: () => Promise<void> | void): Promise<number[]> {
  const samples: number[] = [];
  await once(); // warm caches
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return samples;
}

const format = (ms: number) => `${ms.toFixed(1)} ms`;

async function measure(mode: string): Promise<(string | number)[][]> {
  const project = mkdtempSync(join(tmpdir(), 'vouch-bench-project-'));
  mkdirSync(join(project, 'pkg'));
  writeFileSync(join(project, 'pkg', '__init__.py'), '');
  writeFileSync(join(project, '.env'), 'KEY=not-for-sandboxes\n');
  try {
    return await measureIn(mode, project);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

async function measureIn(mode: string, projectDir: string): Promise<(string | number)[][]> {
  const runs = Number(process.env.BENCH_RUNS ?? 40);
  const warmRuns = Number(process.env.BENCH_WARM_RUNS ?? 300);
  const rows: (string | number)[][] = [];
  const spareRows: (string | number)[][] = [];
  for (const [runtime, program] of Object.entries(PROGRAMS) as [
    keyof typeof PROGRAMS,
    (typeof PROGRAMS)[keyof typeof PROGRAMS],
  ][]) {
    const expected = '4950';
    const plain = await time(runs, () => {
      // a clean environment, as in the sandbox: under tsx, NODE_OPTIONS would load tsx into every child
      const result = spawnSync(program.plain[0], [program.plain[1], program.source], {
        encoding: 'utf8',
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
      });
      if (result.stdout.trim() !== expected) throw new Error(`plain ${runtime} printed ${result.stdout}`);
    });
    const fresh = await time(runs, async () => {
      const result = await runInSandbox({
        command: [...program.command],
        files: { [program.file]: program.source },
        projectDir,
      });
      if (result.stdout.trim() !== expected)
        throw new Error(`sandboxed ${runtime}: ${result.status} ${result.stderr}`);
    });
    const pool = await createWarmPool({ runtime, projectDir });
    let warm: number[];
    let throughput: number;
    try {
      warm = await time(warmRuns, async () => {
        const result = await pool.run({ source: program.source });
        if (result.stdout.trim() !== expected)
          throw new Error(`warm ${runtime}: ${result.status} ${result.stderr}`);
      });
      if (runtime === 'node') {
        // The case the spare is built for: jobs arriving with gaps, so a booted `node` is waiting.
        const gapped: number[] = [];
        for (let index = 0; index < Math.min(runs, 30); index++) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          const started = performance.now();
          await pool.run({ source: program.source });
          gapped.push(performance.now() - started);
        }
        spareRows.push([
          mode,
          runtime,
          'warm pool, spare already booted (jobs 300 ms apart)',
          format(median(gapped)),
          format(percentile(gapped, 90)),
          '—',
        ]);
      }
      const batch = warmRuns;
      const started = performance.now();
      await Promise.all(Array.from({ length: batch }, () => pool.run({ source: program.source })));
      throughput = batch / ((performance.now() - started) / 1000);
    } finally {
      await pool.close();
    }
    rows.push(
      [
        mode,
        runtime,
        `plain ${runtime} start (no sandbox)`,
        format(median(plain)),
        format(percentile(plain, 90)),
        '—',
      ],
      [
        mode,
        runtime,
        'fresh bubblewrap sandbox per program',
        format(median(fresh)),
        format(percentile(fresh, 90)),
        '—',
      ],
      [
        mode,
        runtime,
        `warm pool (${availableParallelism()} workers), one program at a time`,
        format(median(warm)),
        format(percentile(warm, 90)),
        `${throughput.toFixed(0)} programs/s`,
      ],
      ...spareRows.splice(0),
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const availability = await sandboxAvailability();
  if (!availability.available) {
    process.stderr.write(`no sandbox: ${availability.reason}\n${availability.hint}\n`);
    process.exit(2);
  }
  const asRoot = process.getuid?.() === 0;
  if (process.argv.includes('--rows')) {
    // the second half of a run as root: this process is the ordinary user
    process.stdout.write(`${JSON.stringify(await measure('user'))}\n`);
    return;
  }
  const load = loadavg()[0]?.toFixed(1);
  const rows = await measure(asRoot ? 'root' : 'user');
  const notes: string[] = [];
  const userBlocked = asRoot ? cannotRunAsUser() : 'this run is the ordinary user';
  if (asRoot && !userBlocked) {
    const mirror = prepareUserMirror();
    try {
      const child = await mirror.run(
        [
          join(mirror.root, 'node_modules/tsx/dist/cli.mjs'),
          join(mirror.root, 'bench/sandbox/run.ts'),
          '--rows',
        ],
        {
          cwd: mirror.root,
          env: Object.fromEntries(
            Object.entries(process.env).filter(([key]) => key.startsWith('BENCH_')) as [string, string][],
          ),
          timeoutMs: 1_800_000,
        },
      );
      if (child.code !== 0) throw new Error(`the run as ${mirror.user} failed: ${child.stderr}`);
      rows.push(...(JSON.parse(child.stdout.trim().split('\n').pop() as string) as (string | number)[][]));
    } finally {
      mirror.cleanup();
    }
  } else if (asRoot) {
    notes.push(`The ordinary-user rows are missing: ${userBlocked}.`);
  }
  const markdown = [
    table(['vouch runs as', 'runtime', 'path', 'median', 'p90', 'throughput (all workers busy)'], rows),
    '',
    `Load average (1 min) when the run started: ${load} on ${availableParallelism()} cores — the machine is shared`,
    'with other sessions, so absolute numbers are inflated; compare rows with each other.',
    'Every sandboxed program sees a private project folder (0700) with a `.env` the sandbox hides. As root the',
    'program drops to an unprivileged uid inside its own user namespace (setpriv, one more exec) after vouch',
    "writes the namespace's id maps; as an ordinary user bubblewrap maps the user directly.",
    'Targets (Python): fresh sandbox < 60 ms median, warm path < 5 ms per program. Node cannot fork: each',
    'warm-pool program gets its own pre-booted sandbox (see src/verify/sandbox/README.md), so its latency is',
    "Node's exit plus the sandbox teardown, and its throughput is bounded by Node start-ups per core.",
    ...notes,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  recordResults('sandbox', 'Sandbox: cost per trivial program', markdown, {
    origin: 'synthetic: trivial Python and Node programs made by bench/sandbox/run.ts',
  });
}

await main();
