/**
 * Whether a change to the matching engine changed any finding: every finding vouch's engine reports, as
 * whole JSON (rule, file, line, column, severity, message, hint, CWE), on three sets of files, one line
 * per finding, sorted, so two builds' outputs can be diffed byte for byte:
 *
 *   django  Debian's python3-django (/usr/lib/python3/dist-packages/django, 859 files)
 *   bench   every Python, JavaScript and TypeScript file under bench/security/ (the labelled corpora)
 *   sallm   SALLM's development half (../shared/datasets/security-real, 5,559 programs; read from there)
 *
 * vouch's engine only (no Bandit, no cache), on one thread; each file of bench and sallm is its own project. The engine comes from this checkout's src/,
 * or from a built checkout's dist/ with --dist, so a build of the code before a change can be compared
 * with the change without checking it out:
 *
 *   tsx bench/security/findings-equivalence.ts --out /tmp/after            (this checkout)
 *   tsx bench/security/findings-equivalence.ts --dist /tmp/base --out /tmp/before
 *   tsx bench/security/findings-equivalence.ts --compare /tmp/before /tmp/after
 *
 * `--parallel` scans on the pool's workers. `--file-budget MS` scans with a budget per file (w66: the engine's own deadline, in-process; a file
 * stopped at it has no findings, so a difference shows it). `--out` writes `<set>.jsonl` there; `--compare` diffs two such folders and exits 1 on any difference.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanInput, ScanReport } from '../../src/security/index.js';
import { inputs, SETS } from './finding-sets.js';

/** The same value with every object's keys in order: equal findings print equal. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

const compare = option('--compare');
if (compare) {
  const other = process.argv[process.argv.indexOf('--compare') + 2];
  if (!other) throw new Error('--compare needs two folders: --compare BEFORE AFTER');
  let differ = false;
  for (const set of SETS) {
    const read = (folder: string) =>
      existsSync(join(folder, `${set}.jsonl`))
        ? readFileSync(join(folder, `${set}.jsonl`), 'utf8')
        : undefined;
    const before = read(compare);
    const after = read(other);
    if (before === undefined || after === undefined) {
      process.stdout.write(`${set}: missing in ${before === undefined ? compare : other}\n`);
      differ = true;
      continue;
    }
    const count = (text: string) => text.split('\n').filter(Boolean).length;
    const same = before === after;
    differ ||= !same;
    process.stdout.write(
      `${set}: ${same ? 'identical' : 'DIFFERENT'} (${count(before)} findings before, ${count(after)} after)\n`,
    );
    if (!same) {
      const lines = new Set(after.split('\n'));
      const gone = before.split('\n').filter((line) => line && !lines.has(line));
      const kept = new Set(before.split('\n'));
      const added = after.split('\n').filter((line) => line && !kept.has(line));
      for (const line of gone.slice(0, 10)) process.stdout.write(`  - ${line}\n`);
      for (const line of added.slice(0, 10)) process.stdout.write(`  + ${line}\n`);
    }
  }
  process.exit(differ ? 1 : 0);
}

const out = option('--out');
if (!out) throw new Error('say where to write: --out FOLDER (or --compare BEFORE AFTER)');
const dist = option('--dist');
const { scanSources } = (
  dist
    ? await import(pathToFileURL(join(dist, 'dist', 'security', 'index.js')).href)
    : await import('../../src/security/index.js')
) as { scanSources: (inputs: ScanInput[], options: object) => Promise<ScanReport> };
mkdirSync(out, { recursive: true });
const only = option('--sets')?.split(',');
for (const set of SETS) {
  if (only && !only.includes(set)) continue;
  const fileBudget = option('--file-budget');
  const report = await scanSources(inputs(set), {
    external: false,
    // bench and SALLM are sets of unrelated programs, each its own project (one's Flask settings say nothing
    // of another's: engine/project-settings.ts); Django is one project. A build before projects ignores it.
    ...(set === 'django' ? {} : { projectOf: (path: string) => path }),
    // `--parallel`: on the scan pool's workers (two threads whatever the load), one thread otherwise
    parallel: process.argv.includes('--parallel'),
    ...(fileBudget ? { fileBudgetMs: Number(fileBudget) } : {}),
  });
  const lines = report.findings.map((finding) => JSON.stringify(sortedKeys(finding))).sort();
  writeFileSync(join(out, `${set}.jsonl`), lines.length ? `${lines.join('\n')}\n` : '');
  const python = report.findings.filter((finding) => finding.file.endsWith('.py')).length;
  process.stdout.write(`${set}: ${report.findings.length} findings (${python} in Python files)\n`);
}
