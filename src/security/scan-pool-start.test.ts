// end-to-end: the scan pool's start on a mocked two-core machine (its vi.mock of node:os and vi.resetModules need a
// module registry of its own: in the unit tier's shared worker they re-imported modules under the files after it, and
// test/support/run-main.ts's capture of stdout/stderr came back empty for chat and explain in two CI runs)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeCpuClock } from '../../test/support/fake-cpu-clock.js';

/** the mocked machine's two cores: how long each has been idle (ms) */
const machine = vi.hoisted(() => ({ idleMs: [0, 0] }));

// a two-core machine whose one-minute load average still counts the run that just ended (Bandit's, in an
// alternating benchmark): only the cores' idle time can say whether the second core is free now
vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => 2,
  loadavg: () => [1, 1, 1],
  cpus: () =>
    machine.idleMs.map((idle) => ({
      model: 'test',
      speed: 0,
      times: { user: 0, nice: 0, sys: 0, irq: 0, idle },
    })),
}));

const AT_START = Symbol.for('vouch.cpuReadingAtStart');

afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as { [AT_START]?: unknown })[AT_START];
  machine.idleMs = [0, 0];
});

/**
 * `vouch scan` as it starts: a reading noted (cli/start.ts), then `busyMs` of this process's own work on
 * core 1 (the bundle's load) while core 0 is idle or not, then the pool's module loads (scan-pool.js, fresh),
 * then the listing and reading of 1,000 files, 30 ms: alone, a window under the pool's 50 ms.
 */
async function scanStart({ otherCoreIdle }: { otherCoreIdle: boolean }) {
  const clock = fakeCpuClock();
  // this process works on one core throughout; the other is idle or not
  const pass = (ms: number) => {
    clock.pass(ms, { ownMs: ms });
    if (otherCoreIdle) machine.idleMs[0]! += ms;
  };
  vi.resetModules();
  const { noteCpuReadingAtStart } = await import('../core/cpu-reading.js');
  noteCpuReadingAtStart();
  pass(200);
  const { poolSize } = await import('./scan-pool.js');
  pass(30);
  return poolSize(1000);
}

describe('the pool’s first reading of the cores', () => {
  it('is the one `vouch scan` took as it started: the bundle’s load makes the window long enough to read the idle core', async () => {
    // before: measured from the module's load, 30 ms, so the load average (1) decided: one thread
    expect(await scanStart({ otherCoreIdle: true })).toBe(2);
  });

  it('still keeps to one thread when the other core was busy over that window', async () => {
    expect(await scanStart({ otherCoreIdle: false })).toBe(1);
  });
});

/**
 * `vouch scan` as it reads its files (tasks/scan `prepareScan`): the reading at the start, 200 ms of the bundle's
 * load and the listing with core 0 idle or not, then `prepareScanPool` for 1,000 files; then 10 ms of the task's
 * start (settings, validation) before the scan's own `poolSize`: alone, a window under the pool's 50 ms, where the
 * load average (1) would decide.
 */
async function preparedScan({ otherCoreIdle }: { otherCoreIdle: boolean }) {
  const clock = fakeCpuClock();
  // this process works on one core throughout; the other is idle or not
  const pass = (ms: number) => {
    clock.pass(ms, { ownMs: ms });
    if (otherCoreIdle) machine.idleMs[0]! += ms;
  };
  vi.resetModules();
  const { noteCpuReadingAtStart } = await import('../core/cpu-reading.js');
  noteCpuReadingAtStart();
  pass(200);
  const pool = await import('./scan-pool.js');
  const started = pool.scanWorkersStarted();
  const prepared = pool.prepareScanPool(1000);
  const early = { idle: pool.idleScanWorkers(), started: pool.scanWorkersStarted() - started };
  pass(10);
  const decided = pool.poolSize(1000);
  vi.restoreAllMocks();
  return { pool, prepared, early, decided, started };
}

describe('the pool prepared as `vouch scan` reads its files', () => {
  it('starts the scan’s worker then, and the scan keeps that decision and takes that worker', async () => {
    const { pool, prepared, early, decided, started } = await preparedScan({ otherCoreIdle: true });
    try {
      // two threads: this one and one worker, started before the scan and waiting for it
      expect(prepared).toBe(2);
      expect(early).toEqual({ idle: 1, started: 1 });
      // before: no such step; the scan's own decision, 10 ms later, was the load average's (one thread)
      expect(decided).toBe(2);
      const inputs = Array.from({ length: 40 }, (_, index) => ({
        path: `p${index}.py`,
        source: `import os\nfrom flask import request\n\ndef run():\n    os.system(request.args["cmd"])\n# ${'x'.repeat(index * 50)}\n`,
        language: 'python' as const,
      }));
      const result = await pool.scanInParallel(inputs, decided, { thisThread: true });
      expect(result.findings).toHaveLength(40);
      // the prepared worker scanned: no other was started
      expect(pool.scanWorkersStarted() - started).toBe(1);
      expect(result.scannedHere).toBeLessThan(inputs.length);
    } finally {
      await pool.closeScanPool();
    }
  });

  it('starts nothing, and the scan keeps to one thread, when the other core was busy', async () => {
    const { pool, prepared, early, decided } = await preparedScan({ otherCoreIdle: false });
    expect(prepared).toBe(1);
    expect(early).toEqual({ idle: 0, started: 0 });
    expect(decided).toBe(1);
    await pool.closeScanPool();
  });
});
