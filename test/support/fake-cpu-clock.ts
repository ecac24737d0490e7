import { vi } from 'vitest';

/** The clock and this process's CPU time as a test moves them. */
export interface FakeCpuClock {
  /** `ms` pass on the clock (performance.now), of which this process works `ownMs` (process.cpuUsage) */
  pass(ms: number, { ownMs }?: { ownMs?: number }): void;
}

/**
 * `performance.now` and `process.cpuUsage` made to read a clock the test moves, from 1,000 s and no CPU
 * time: the scan pool (security/scan-pool.ts, core/cpu-reading.ts) reads both to tell how idle the other
 * cores were over a window, so a test of that decision needs no real wait and no real load. The cores'
 * idle time is each test's mock of node:os. `vi.restoreAllMocks()` puts the real ones back.
 */
export function fakeCpuClock(): FakeCpuClock {
  const at = { now: 1_000_000, ownMs: 0 };
  vi.spyOn(performance, 'now').mockImplementation(() => at.now);
  vi.spyOn(process, 'cpuUsage').mockImplementation(() => ({ user: at.ownMs * 1000, system: 0 }));
  return {
    pass(ms, { ownMs = 0 } = {}) {
      at.now += ms;
      at.ownMs += ownMs;
    },
  };
}
