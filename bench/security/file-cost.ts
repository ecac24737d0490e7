/**
 * Issue 59: what a small file costs vouch's scan past start-up, in-process (w208). The `.py` files of a folder
 * (BenchmarkPython's `testcode`, not in this repository) are scanned `copies` times over as one scan, on this
 * thread (`parallel: false`, no external scanners, a budget per file as the CLI gives), after one untimed scan
 * of the folder once (the grammar, the rules, the first compile). Prints one JSON line: CPU of the timed scan and
 * per file. For attribution run it under `node --cpu-prof` or `valgrind --tool=callgrind` (instructions, not
 * disturbed by the machine's load) with two values of `copies`: the difference over the difference in files is
 * the instructions a further file costs.
 *
 *   node --import tsx bench/security/file-cost.ts <folder> [copies=20] [build root, default: this checkout's dist] [budget ms, 0: none]
 *
 * Under valgrind a file runs ~50× slower than natively: give a budget of 0 (none) there, so no file stops at its
 * deadline and the two runs' findings stay equal (w208's 5-file run lost one file's findings to the 5 s budget).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanInput, ScanReport } from '../../src/security/index.js';

const [folder, copiesText = '20', build = join(import.meta.dirname, '..', '..'), budgetText = '5000'] =
  process.argv.slice(2);
if (!folder) {
  process.stderr.write('usage: file-cost.ts <folder of .py files> [copies] [build root]\n');
  process.exit(2);
}
const { scanSources } = (await import(
  pathToFileURL(join(resolve(build), 'dist/security/index.js')).href
)) as {
  scanSources: (inputs: ScanInput[], options: object) => Promise<ScanReport>;
};
const once: ScanInput[] = readdirSync(folder)
  .filter((name) => name.endsWith('.py'))
  .sort()
  .map((name) => ({ path: name, source: readFileSync(join(folder, name), 'utf8'), language: 'python' }));
const copies = Number(copiesText);
const inputs = Array.from({ length: copies }, (_, copy) =>
  once.map((input) => ({ ...input, path: `${copy}/${input.path}` })),
).flat();
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const budget = Number(budgetText);
const options = { parallel: false, external: false, ...(budget > 0 ? { fileBudgetMs: budget } : {}) };
let started = cpuMs();
await scanSources(once, options);
const firstCpuMs = cpuMs() - started;
started = cpuMs();
const report = await scanSources(inputs, options);
const timedCpuMs = cpuMs() - started;
process.stdout.write(
  `${JSON.stringify({
    files: inputs.length,
    firstScanCpuMs: Math.round(firstCpuMs),
    cpuMs: Math.round(timedCpuMs),
    cpuMsPerFile: Number((timedCpuMs / inputs.length).toFixed(3)),
    findings: report.findings.length,
  })}\n`,
);
