// end-to-end: scan-pool worker threads, on a machine made to look idle (its vi.mock of node:os needs a module
// registry of its own: in the unit tier's shared worker scan-pool.js was already imported with the real one)
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PARALLEL_FROM_CHARACTERS, type ScanInput, scanSources } from './scan.js';
import { closeScanPool, scanWorkersStarted } from './scan-pool.js';

// an idle two-core machine, whatever the machine running the test is doing: the pool would take both cores
vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => 2,
  loadavg: () => [0, 0, 0],
}));

afterAll(closeScanPool);

const vulnerable = 'import os, sys\nos.system("ls " + sys.argv[1])\n';

/** `count` files of `characters` each, every one with a finding (a comment pads them out). */
function files(count: number, characters: number): ScanInput[] {
  const padding = `# ${'x'.repeat(Math.max(0, characters - vulnerable.length - 3))}\n`;
  return Array.from({ length: count }, (_, index) => ({
    path: `f${index}.py`,
    source: `${vulnerable}${padding}`,
    language: 'python',
  }));
}

describe('scanSources on an idle machine', () => {
  it('scans many small files in-process: two cold workers cost more than their analysis', async () => {
    await closeScanPool();
    const before = scanWorkersStarted();
    // BenchmarkPython's shape: 100 files of about 2 KB
    const report = await scanSources(files(100, 2000), { external: false, fileBudgetMs: 60_000 });
    expect(report.findings.filter((finding) => finding.ruleId === 'command-injection')).toHaveLength(100);
    expect(scanWorkersStarted() - before).toBe(0);
  });

  it('still takes the idle cores for as much source as pays for their start', async () => {
    await closeScanPool();
    const before = scanWorkersStarted();
    const count = 80;
    const report = await scanSources(files(count, Math.ceil(PARALLEL_FROM_CHARACTERS / count) + 1), {
      external: false,
      fileBudgetMs: 60_000,
    });
    expect(report.findings.filter((finding) => finding.ruleId === 'command-injection')).toHaveLength(count);
    expect(scanWorkersStarted() - before).toBe(2);
  });
});
