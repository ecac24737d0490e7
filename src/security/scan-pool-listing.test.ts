// the scan pool prepared from a folder's listing, on a mocked two-core machine (vi.mock of node:os and
// vi.resetModules: a module registry of its own, as scan-pool-start.test.ts)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeCpuClock } from '../../test/support/fake-cpu-clock.js';

/** the mocked machine: each core's idle time (ms), its one-minute load average, and what loaded the engine */
const machine = vi.hoisted(() => ({ idleMs: [0, 0], load: 1, engineLoads: 0 }));

vi.mock('node:os', async (original) => ({
  ...(await original<typeof import('node:os')>()),
  availableParallelism: () => 2,
  loadavg: () => [machine.load, machine.load, machine.load],
  cpus: () =>
    machine.idleMs.map((idle) => ({
      model: 'test',
      speed: 0,
      times: { user: 0, nice: 0, sys: 0, irq: 0, idle },
    })),
}));

// the engine's entry on the pool's side: counted when it is imported
vi.mock('./scan-batch.js', async (original) => {
  machine.engineLoads++;
  return await original();
});

const AT_START = Symbol.for('vouch.cpuReadingAtStart');

afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as { [AT_START]?: unknown })[AT_START];
  machine.idleMs = [0, 0];
  machine.load = 1;
});

/**
 * `vouch scan DIR` as it lists the folder: the reading at the start, 200 ms of the bundle's load and the
 * listing (core 0 idle or not), the pool's module loaded, then `prepareScanListing` for what the listing
 * found; then 10 ms of reading before the scan's own `poolSize`.
 */
async function listedScan({
  otherCoreIdle,
  files,
  bytes,
}: {
  otherCoreIdle: boolean;
  files: number;
  bytes: number;
}) {
  const clock = fakeCpuClock();
  // this process works on one core throughout; the other is idle or not
  const pass = (ms: number) => {
    clock.pass(ms, { ownMs: ms });
    if (otherCoreIdle) machine.idleMs[0]! += ms;
  };
  vi.resetModules();
  machine.engineLoads = 0;
  const { noteCpuReadingAtStart } = await import('../core/cpu-reading.js');
  noteCpuReadingAtStart();
  pass(200);
  const pool = await import('./scan-pool.js');
  const started = pool.scanWorkersStarted();
  const prepared = pool.prepareScanListing(files, bytes);
  const early = {
    idle: pool.idleScanWorkers(),
    started: pool.scanWorkersStarted() - started,
    engineLoads: machine.engineLoads,
  };
  pass(10);
  const decided = pool.poolSize(files, { characters: bytes });
  vi.restoreAllMocks();
  return { pool, prepared, early, decided };
}

describe('the pool prepared from a folder’s listing', () => {
  it('starts the worker before the files are read, and loads no engine to do it', async () => {
    const { pool, prepared, early, decided } = await listedScan({
      otherCoreIdle: true,
      files: 859,
      bytes: 5_000_000,
    });
    try {
      expect(prepared).toBe(2);
      // before: the pool's module imported the engine (scan-batch.js, scan.js) as it loaded
      expect(early).toEqual({ idle: 1, started: 1, engineLoads: 0 });
      expect(decided).toBe(2);
    } finally {
      await pool.closeScanPool();
    }
  });

  it('starts nothing for a listing the pool would not pay for (64 files, 512 K)', async () => {
    for (const [files, bytes] of [
      [63, 5_000_000],
      [859, 500_000],
    ] as const) {
      const { pool, prepared, early } = await listedScan({ otherCoreIdle: true, files, bytes });
      expect(prepared).toBe(1);
      expect(early).toEqual({ idle: 0, started: 0, engineLoads: 0 });
      await pool.closeScanPool();
    }
  });

  it('keeps its decision of one thread: the scan does not decide again over the few ms since', async () => {
    // the other core busy over the listing; the load average, a minute behind, says both are free
    machine.load = 0;
    const { pool, prepared, early, decided } = await listedScan({
      otherCoreIdle: false,
      files: 859,
      bytes: 5_000_000,
    });
    expect(prepared).toBe(1);
    expect(early.started).toBe(0);
    // before: the 10 ms window was too short for the cores' idle time, and the load average (0) gave two
    expect(decided).toBe(1);
    await pool.closeScanPool();
  });
});
