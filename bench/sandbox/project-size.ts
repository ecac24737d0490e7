import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { VOUCH_BIN } from '../../test/support/run-cli.js';
import { recordResults, table } from '../results.js';

/**
 * What one check costs as the project grows around the file checked: `vouch check calc.py --json` and
 * `vouch sandbox run calc.py --json` in projects of N small Python modules (10, 300, 1,500), `calc.py`
 * importing nothing. Two layouts: `flat` (the modules beside calc.py at the project's root, as
 * test/cli/interrupt.test.ts made them) and `package` (the modules and calc.py in `pkg/`, the root holding
 * only vouch.toml and pkg/: a Django app's models or migrations folder). Wall time and CPU of the whole
 * process tree (GNU time), and each check's own duration from the report. Synthetic data.
 *
 *   tsx bench/sandbox/project-size.ts --label new --out /tmp/new.json    # one pass over every N and layout
 *   tsx bench/sandbox/project-size.ts --record /tmp/old.json /tmp/new.json --commit SHA
 */

const SIZES = [10, 300, 1500];
const LAYOUTS = ['flat', 'package'] as const;

interface Sample {
  label: string;
  layout: string;
  modules: number;
  command: 'check' | 'sandbox run';
  wallS: number;
  cpuS: number;
  checks: Record<string, number>;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function makeProject(layout: (typeof LAYOUTS)[number], modules: number): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), `vouch-bench-size-${layout}-${modules}-`));
  writeFileSync(join(root, 'vouch.toml'), '[model]\nchat = "ollama:qwen2.5-coder:7b"\n');
  const dir = layout === 'flat' ? root : join(root, 'pkg');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'calc.py'), 'def add(a, b):\n    return a + b\n\n\nprint(add(1, 2))\n');
  for (let index = 0; index < modules; index++)
    writeFileSync(
      join(dir, `module_${index}.py`),
      `import subprocess\n\n\ndef run_${index}(cmd):\n    return subprocess.call(cmd, shell=True)\n`,
    );
  return { root, file: layout === 'flat' ? 'calc.py' : 'pkg/calc.py' };
}

function timed(root: string, args: string[]): { wallS: number; cpuS: number; stdout: string } {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, VOUCH_BIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const match = /TIME (\S+) (\S+) (\S+)/.exec(run.stderr);
  if (!match) throw new Error(`no timing from /usr/bin/time: ${run.stderr.slice(-500)}`);
  return { wallS: Number(match[1]), cpuS: Number(match[2]) + Number(match[3]), stdout: run.stdout };
}

function measure(label: string): Sample[] {
  const samples: Sample[] = [];
  for (const layout of LAYOUTS)
    for (const modules of SIZES) {
      const { root, file } = makeProject(layout, modules);
      try {
        const check = timed(root, ['check', file, '--json']);
        const report = JSON.parse(check.stdout) as { checks: { name: string; durationMs: number }[] };
        const checks = Object.fromEntries(report.checks.map((c) => [c.name, c.durationMs]));
        samples.push({
          label,
          layout,
          modules,
          command: 'check',
          wallS: check.wallS,
          cpuS: check.cpuS,
          checks,
        });
        // a wall limit that leaves room for the set-up: the default 10 s ended the 1,500-module run before
        // its program printed anything
        const run = timed(root, ['sandbox', 'run', file, '--json', '--timeout', '120']);
        const ran = JSON.parse(run.stdout) as { durationMs: number; stdout: string; status: string };
        if (ran.stdout.trim() !== '3')
          throw new Error(`sandbox run ended ${ran.status} and printed ${JSON.stringify(ran.stdout)}`);
        samples.push({
          label,
          layout,
          modules,
          command: 'sandbox run',
          wallS: run.wallS,
          cpuS: run.cpuS,
          checks: { run: ran.durationMs },
        });
        process.stderr.write(`${label} ${layout} ${modules}: check ${check.wallS} s, run ${run.wallS} s\n`);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  return samples;
}

const recordPaths = process.argv.indexOf('--record');
if (recordPaths >= 0) {
  const [oldPath, newPath] = process.argv.slice(recordPaths + 1, recordPaths + 3) as [string, string];
  const old = JSON.parse(readFileSync(oldPath, 'utf8')) as { load: string; samples: Sample[] };
  const now = JSON.parse(readFileSync(newPath, 'utf8')) as { load: string; samples: Sample[] };
  const rows: (string | number)[][] = [];
  const figures: Record<string, number> = {};
  for (const before of old.samples) {
    const after = now.samples.find(
      (s) => s.layout === before.layout && s.modules === before.modules && s.command === before.command,
    );
    if (!after) continue;
    const key = `${before.layout} · ${before.modules} modules · ${before.command}`;
    figures[`${key} · wall before (s)`] = before.wallS;
    figures[`${key} · wall after (s)`] = after.wallS;
    const parts = (s: Sample) =>
      Object.entries(s.checks)
        .filter(([name]) => ['syntax', 'types', 'lint', 'run'].includes(name))
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`)
        .join(', ');
    rows.push([
      before.layout,
      before.modules,
      before.command,
      `${before.wallS} s`,
      `${after.wallS} s`,
      `${before.cpuS.toFixed(2)} s`,
      `${after.cpuS.toFixed(2)} s`,
      parts(before),
      parts(after),
    ]);
  }
  const markdown = table(
    [
      'layout',
      'modules',
      'command',
      'wall before',
      'wall after',
      'CPU before',
      'CPU after',
      'before: s by check',
      'after: s by check',
    ],
    rows,
  );
  recordResults('sandbox', "a check's cost by project size", markdown, {
    origin: 'synthetic: projects of N small Python modules made by bench/sandbox/project-size.ts',
    figures,
    commit: argument('--commit'),
    load: `before: ${old.load}; after: ${now.load}`,
  });
  process.stdout.write(`${markdown}\n`);
} else {
  const label = argument('--label') ?? 'run';
  const out = argument('--out');
  const start = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const samples = measure(label);
  const end = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const result = {
    label,
    load: `${start} at the start, ${end} at the end (1/5/15 min)`,
    machine: `${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    samples,
  };
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
