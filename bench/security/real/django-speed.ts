/**
 * vouch's engine beside Bandit on Debian's python3-django, wall and CPU time on the same files: the
 * Django row of bench:security's comparison (run.ts), alone, so a rule change can be checked without the
 * whole benchmark. vouch runs in-process on one thread (the cold first round, then the median of three warm ones);
 * Bandit in one child process.   tsx bench/security/real/django-speed.ts
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanSources } from '../../../src/security/index.js';

const DJANGO = '/usr/lib/python3/dist-packages/django';

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.py') ? [path] : [];
  });
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const files = walk(DJANGO);
const inputs = files.map((path) => ({
  path,
  source: readFileSync(path, 'utf8'),
  language: 'python' as const,
}));
const runs: { wallMs: number; cpuMs: number; findings: number }[] = [];
const byRule = new Map<string, number>();
for (let round = 0; round < 4; round++) {
  const cpu = cpuMs();
  const started = performance.now();
  const report = await scanSources(inputs, { external: false, parallel: false });
  runs.push({ wallMs: performance.now() - started, cpuMs: cpuMs() - cpu, findings: report.findings.length });
  if (round === 0)
    for (const finding of report.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
}
const cold = runs[0]!;
const own = runs.slice(1).sort((a, b) => a.wallMs - b.wallMs)[1]!;
const started = performance.now();
const bandit = spawnSync('/usr/bin/time', ['-f', '%U %S', 'bandit', '-q', '-f', 'json', ...files], {
  encoding: 'utf8',
  maxBuffer: 256 * 2 ** 20,
});
const banditWall = performance.now() - started;
const [user, system] = (bandit.stderr.trim().split('\n').pop() ?? '0 0').split(' ').map(Number);
const banditCpu = ((user ?? 0) + (system ?? 0)) * 1000;
process.stdout.write(
  `cold first run: ${(cold.wallMs / 1000).toFixed(2)} s wall, ${(cold.cpuMs / 1000).toFixed(2)} s CPU\n`,
);
process.stdout.write(
  `findings by rule: ${[...byRule]
    .sort((a, b) => b[1] - a[1])
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ')}\n`,
);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(
  `${files.length} files · vouch ${(own.wallMs / 1000).toFixed(2)} s wall, ${(own.cpuMs / 1000).toFixed(2)} s CPU, ${own.findings} findings · Bandit ${(banditWall / 1000).toFixed(2)} s wall, ${(banditCpu / 1000).toFixed(2)} s CPU · Bandit/vouch wall ${(banditWall / own.wallMs).toFixed(2)}×, CPU ${(banditCpu / own.cpuMs).toFixed(2)}× · load ${load}\n`,
);
