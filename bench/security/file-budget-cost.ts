/**
 * Issue 59: what `vouch scan`'s budget per file costs. w65: with a budget vouch's engine ran on scan-pool
 * workers, one file at a time each (a worker past the budget ended). w66: the engine stops itself at the
 * budget (engine/deadline.ts), so a budget scans in-process like no budget (the pool where `poolSize`
 * gives idle cores and 64 files or more). One scan per process, as the CLI runs it:
 *
 *   tsx bench/security/file-budget-cost.ts --mode budget|none --set small|django
 *
 * prints {mode, set, files, wallMs, cpuMs, findings}; run each mode several times, alternating, under
 * `/usr/bin/time` for the process's own start. Built worker (dist/) when up to date, as the CLI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { closeScanPool, type ScanInput, scanSources } from '../../src/security/index.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

const DJANGO = '/usr/lib/python3/dist-packages/django';

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.py') ? [path] : [];
  });
}

const mode = option('--mode') ?? 'budget';
const set = option('--set') ?? 'small';
const inputs: ScanInput[] =
  set === 'django'
    ? walk(DJANGO).map((path) => ({ path, source: readFileSync(path, 'utf8'), language: 'python' }))
    : [
        {
          path: 'app.py',
          source: 'import os\nfrom flask import request\n\ndef run():\n    os.system(request.args["cmd"])\n',
          language: 'python',
        },
      ];
const started = performance.now();
const cpu = process.cpuUsage();
const report = await scanSources(inputs, {
  external: false,
  ...(mode === 'budget' ? { fileBudgetMs: 60_000 } : {}),
});
const used = process.cpuUsage(cpu);
await closeScanPool();
process.stdout.write(
  `${JSON.stringify({ mode, set, files: inputs.length, wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), findings: report.findings.length })}\n`,
);
