/**
 * Reads what `cpu-by-file.config.ts` left in its cgroup: the whole run's CPU (Vitest, its workers and every
 * process they started, reaped or not), each test file's, and what no file held (Vitest's main process, the
 * global setup, the workers between files). Prints the heaviest files with their tier
 * (`test/support/test-tiers.ts`) as a markdown table. bench/notes/2026-11-26-suite-cpu-2.md.
 *
 *   npx tsx bench/suite/cpu-by-file.ts /sys/fs/cgroup/cpuacct/suite [files shown, 40] [the checkout that ran]
 *
 * A file's tier is read from the checkout that ran (default: this one).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isEndToEnd, sharesWorker } from '../../test/support/test-tiers.js';
import { table } from '../results.js';

const [group, shown = '40', ROOT = join(import.meta.dirname, '..', '..')] = process.argv.slice(2);
if (!group) {
  process.stderr.write("usage: npx tsx bench/suite/cpu-by-file.ts <the run's cgroup folder> [files shown]\n");
  process.exit(2);
}

/** cpuacct.usage, in CPU-seconds */
const usage = (folder: string) => Number(readFileSync(join(folder, 'cpuacct.usage'), 'utf8')) / 1e9;

function tier(path: string): string {
  let text = '';
  try {
    text = readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return '?';
  }
  if (!isEndToEnd(path, text)) return 'unit';
  return sharesWorker(path, text) ? 'e2e-shared' : 'e2e';
}

const files = readdirSync(group)
  .filter((name) => statSync(join(group, name)).isDirectory())
  .map((name) => {
    const path = name.replaceAll('__', '/');
    return { path, tier: tier(path), cpu: usage(join(group, name)) };
  })
  .sort((a, b) => b.cpu - a.cpu);
const total = usage(group);
const inFiles = files.reduce((sum, file) => sum + file.cpu, 0);
const byTier = new Map<string, { files: number; cpu: number }>();
for (const file of files) {
  const entry = byTier.get(file.tier) ?? { files: 0, cpu: 0 };
  entry.files++;
  entry.cpu += file.cpu;
  byTier.set(file.tier, entry);
}
const lines = [
  `the run: ${total.toFixed(1)} CPU-s; in the ${files.length} files ${inFiles.toFixed(1)}; outside them ${(total - inFiles).toFixed(1)}`,
  ...[...byTier].map(([name, entry]) => `- ${name}: ${entry.files} files, ${entry.cpu.toFixed(1)} CPU-s`),
  '',
  table(
    ['file', 'tier', 'CPU-s', 'share'],
    files
      .slice(0, Number(shown))
      .map((file) => [
        file.path,
        file.tier,
        file.cpu.toFixed(1),
        `${((100 * file.cpu) / total).toFixed(1)}%`,
      ]),
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
