// end-to-end: scan-pool worker threads, on a machine made to look idle (its vi.mock of node:os needs a module
// registry of its own: in the unit tier's shared worker scan-pool.js was already imported with the real one)
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fakeCpuClock } from '../../test/support/fake-cpu-clock.js';
import { type ScanInput, scanSources } from './scan.js';
import {
  closeScanPool,
  PARALLEL_FROM,
  PARALLEL_FROM_CHARACTERS,
  PARTLY_FREE_FROM_CHARACTERS,
  poolPaysFor,
  poolSize,
  scanWorkersStarted,
  threadsFor,
} from './scan-pool.js';

/** what the mocked machine says: its load average, and its cores' idle time when a test sets it */
const machine = vi.hoisted(() => ({ load: 0, idleMs: undefined as number | undefined, counted: 2 }));

// an idle two-core machine, whatever the machine running the test is doing: the pool would take both cores
// (each core idle for as long as the clock has run, unless a test says otherwise)
vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => 2,
  loadavg: () => [machine.load, machine.load, machine.load],
  cpus: () =>
    Array.from({ length: machine.counted }, () => ({
      model: 'test',
      speed: 0,
      times: { user: 0, nice: 0, sys: 0, irq: 0, idle: machine.idleMs ?? performance.now() },
    })),
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
    // two cores: one worker, and this thread scans beside it (it would have been two workers)
    expect(scanWorkersStarted() - before).toBe(1);
  });
});

describe('poolPaysFor', () => {
  it('pays for enough files with enough source, and only then (the listing and scanSources ask it alike)', () => {
    expect(poolPaysFor(PARALLEL_FROM, PARALLEL_FROM_CHARACTERS)).toBe(true);
    expect(poolPaysFor(PARALLEL_FROM - 1, 10 * PARALLEL_FROM_CHARACTERS)).toBe(false);
    expect(poolPaysFor(10 * PARALLEL_FROM, PARALLEL_FROM_CHARACTERS - 1)).toBe(false);
  });
});

describe('poolSize', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    machine.load = 0;
    machine.idleMs = undefined;
    machine.counted = 2;
  });

  // Django's 859 files: enough for two threads
  const DJANGO = 859;

  /**
   * The clock, and a first reading of the cores (idle 0 ms each so far) taken by a call of poolSize: the
   * next call measures the cores over the time the test moves on from it (`later`).
   */
  function measured() {
    const clock = fakeCpuClock();
    machine.idleMs = 0;
    poolSize(DJANGO);
    return {
      /** `ms` pass, of which this process works `ownMs` on one core, and each core is idle `idleMs` more */
      later(ms: number, { ownMs = 0, idleMs = 0 } = {}) {
        clock.pass(ms, { ownMs });
        machine.idleMs = (machine.idleMs ?? 0) + idleMs;
      },
    };
  }

  it('takes both cores when they were idle just now, though the one-minute load average still counts the run before', () => {
    const { later } = measured();
    // half a second on which both cores were idle (500 ms each; the listing's own CPU time aside)
    later(500, { idleMs: 500 });
    // Bandit's run that just ended: one busy core for the load average
    machine.load = 1;
    expect(poolSize(DJANGO)).toBe(2);
  });

  it('scans in-process when the other core was busy just now, though the load average says idle', () => {
    const { later } = measured();
    // half a second of this process's own work on one core, the other core busy with someone else's
    later(500, { ownMs: 500 });
    machine.load = 0;
    expect(poolSize(DJANGO)).toBe(1);
    // a third of a core idle besides (100 ms on each of the two): still not a core to start a worker on
    later(600, { ownMs: 600, idleMs: 100 });
    expect(poolSize(DJANGO)).toBe(1);
  });

  it('gives a large scan a thread on the core left a third idle, a small scan none', () => {
    // Django's 5 M characters; 1.33 cores free, as above: this process's own core and a third of the other
    const { later } = measured();
    later(600, { ownMs: 600, idleMs: 100 });
    expect(poolSize(DJANGO, { characters: 5_000_000 })).toBe(2);
    later(600, { ownMs: 600, idleMs: 100 });
    expect(poolSize(DJANGO, { characters: PARTLY_FREE_FROM_CHARACTERS - 1 })).toBe(1);
    // under a quarter of a core idle: no thread, however large the scan
    later(600, { ownMs: 600, idleMs: 40 });
    expect(poolSize(DJANGO, { characters: 5_000_000 })).toBe(1);
  });

  it('starts a worker for a scan of a megabyte on the core left a third idle (scanSources gives its characters)', async () => {
    await closeScanPool();
    measured().later(600, { ownMs: 600, idleMs: 100 });
    const before = scanWorkersStarted();
    const count = 80;
    const report = await scanSources(files(count, Math.ceil(PARTLY_FREE_FROM_CHARACTERS / count) + 1), {
      external: false,
      fileBudgetMs: 60_000,
    });
    expect(report.findings.filter((finding) => finding.ruleId === 'command-injection')).toHaveLength(count);
    expect(scanWorkersStarted() - before).toBe(1);
  });

  it('reads the load average when the last reading is too old to say what the cores do now', () => {
    const { later } = measured();
    // a minute later (a server between scans), every core idle since: the load average decides
    later(60_000, { idleMs: 120_000 });
    machine.load = 1;
    expect(poolSize(DJANGO)).toBe(1);
    later(60_000);
    machine.load = 0;
    expect(poolSize(DJANGO)).toBe(2);
  });

  it('reads the load average when the machine has more cores than this process may use', () => {
    // a container given two of eight cores: the six others' idle time is not this process's to use
    machine.counted = 8;
    const { later } = measured();
    later(500, { idleMs: 500 });
    machine.load = 1;
    expect(poolSize(DJANGO)).toBe(1);
    machine.load = 0;
    later(500, { idleMs: 500 });
    expect(poolSize(DJANGO)).toBe(2);
  });

  it('reads the cores over a window as short as a listing of Django (90 ms), not the load average', () => {
    const { later } = measured();
    // 90 ms: both cores idle but for this process's own listing on one of them
    later(90, { ownMs: 90, idleMs: 45 });
    machine.load = 1.6;
    expect(poolSize(DJANGO)).toBe(2);
    // under 50 ms the ticks say too little: the load average decides
    later(40, { idleMs: 40 });
    expect(poolSize(DJANGO)).toBe(1);
  });

  it('starts no worker for a few files, whatever the machine', () => {
    fakeCpuClock();
    expect(poolSize(32)).toBe(1);
    expect(poolSize(33)).toBe(2);
  });
});

describe('threadsFor', () => {
  it('rounds the free cores for a small scan', () => {
    expect(threadsFor(1.49, 0)).toBe(1);
    expect(threadsFor(1.5, 0)).toBe(2);
    expect(threadsFor(1.4, 187_000)).toBe(1);
    expect(threadsFor(2, 0)).toBe(2);
  });

  it('takes a core a quarter idle or more for a scan of a megabyte of source or more', () => {
    // BenchmarkPython's 1,000 small files (1.9 M characters) with 1.4 cores free: the last record's case
    expect(threadsFor(1.4, 1_900_000)).toBe(2);
    expect(threadsFor(1.25, PARTLY_FREE_FROM_CHARACTERS)).toBe(2);
    expect(threadsFor(1.2, 5_000_000)).toBe(1);
    // a machine busy throughout: this process's share of a core alone
    expect(threadsFor(0.3, 5_000_000)).toBe(1);
    expect(threadsFor(0.2, 5_000_000)).toBe(0);
  });
});
