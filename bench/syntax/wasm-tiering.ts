/**
 * Issue 59: what V8's compile of tree-sitter's WebAssembly costs a scan, against what the optimised code
 * saves. One scan (`scanSources`, in-process as a loaded machine runs it, no external scanners) of every
 * `.py` file under a folder, in a fresh process, under each set of V8 flags in turn (A B C A B C …, so the
 * machine's load falls on all alike); prints the process's CPU (all threads: V8 compiles WebAssembly on
 * background threads) and wall per run, the medians, and a digest of the findings (the same for every flag
 * set, or the flags changed what was found).
 *
 *   npx tsx bench/syntax/wasm-tiering.ts <folder> [--runs 3] [--build .]
 *   (one run: npx tsx bench/syntax/wasm-tiering.ts --child <folder> <build>)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanInput, ScanReport } from '../../src/security/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;

function pythonFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(path, found);
    else if (entry.name.endsWith('.py')) found.push(path);
  }
  return found;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

if (args[0] === '--child') {
  const [, folder, build] = args as [string, string, string];
  const { scanSources } = (await import(
    pathToFileURL(join(resolve(build), 'dist/security/index.js')).href
  )) as {
    scanSources: (inputs: ScanInput[], options: object) => Promise<ScanReport>;
  };
  const inputs: ScanInput[] = pythonFiles(folder).map((path) => ({
    path: relative(folder, path),
    source: readFileSync(path, 'utf8'),
    language: 'python',
  }));
  const started = performance.now();
  const startedCpu = cpuMs();
  const report = await scanSources(inputs, { parallel: false, external: false });
  const scanCpuMs = cpuMs() - startedCpu;
  const wallMs = performance.now() - started;
  const digest = createHash('sha256').update(JSON.stringify(report.findings)).digest('hex').slice(0, 12);
  process.stdout.write(
    `${JSON.stringify({ files: inputs.length, scanCpuMs: Math.round(scanCpuMs), processCpuMs: Math.round(cpuMs()), wallMs: Math.round(wallMs), findings: report.findings.length, digest })}\n`,
  );
  process.exit(0);
}

const folder = args[0];
if (!folder) {
  process.stderr.write('usage: wasm-tiering.ts <folder> [--runs 3] [--build .]\n');
  process.exit(2);
}
const RUNS = Number(option('--runs', '3'));
const BUILD = option('--build', join(import.meta.dirname, '..', '..'));
const FLAG_SETS: Record<string, string[]> = {
  default: [],
  'liftoff-only': ['--liftoff-only'],
};
const TSX = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
const runs: Record<
  string,
  { scanCpuMs: number; processCpuMs: number; wallMs: number; digest: string; load: number }[]
> = {};
for (let run = 0; run < RUNS; run++) {
  for (const [name, flags] of Object.entries(FLAG_SETS)) {
    const load = loadavg()[0]!;
    const out = execFileSync(
      process.execPath,
      [...flags, TSX, import.meta.filename, '--child', folder, BUILD],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    const result = JSON.parse(out.trim().split('\n').pop()!);
    runs[name] ??= [];
    runs[name].push({ ...result, load });
    process.stderr.write(`${name} ${JSON.stringify(result)} load ${load.toFixed(1)}\n`);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [name, list] of Object.entries(runs))
  process.stdout.write(
    `${name}: scan CPU median ${median(list.map((r) => r.scanCpuMs))} ms, process CPU ${median(list.map((r) => r.processCpuMs))} ms, wall ${median(list.map((r) => r.wallMs))} ms, digests ${[...new Set(list.map((r) => r.digest))].join(',')}\n`,
  );
