import { cpus } from 'node:os';

/** the machine's idle CPU time over all its cores and this process's own CPU time, at `at` (ms) */
export interface CpuReading {
  at: number;
  idleMs: number;
  ownMs: number;
  /** how many cores the idle time is summed over (`os.cpus()`: every online core of the machine) */
  counted: number;
}

export function readCpu(): CpuReading {
  const { user, system } = process.cpuUsage();
  const all = cpus();
  let idleMs = 0;
  for (const cpu of all) idleMs += cpu.times.idle;
  return { at: performance.now(), idleMs, ownMs: (user + system) / 1000, counted: all.length };
}

/**
 * Where `vouch scan`'s first reading waits for the pool (security/scan-pool.ts `poolSize`). It is taken by
 * dist/cli/start.cjs and read by the scan bundle: two scripts, each with its own copy of this module, in
 * one process and one global object.
 */
const AT_START = Symbol.for('vouch.cpuReadingAtStart');

/**
 * Takes a reading as `vouch scan` starts, before its bundle is read and compiled, for the pool's
 * decision to measure the cores from (`cpuReadingAtStart`). Taken only at the module's load, the window
 * to the decision was a 1,000-file scan's listing and reading alone: 36–59 ms, under the pool's 50 ms,
 * so the one-minute load average decided, and on a quiet two-core machine just after another run (load
 * average ≈ 1) the scan kept to one core (bench/notes/2026-11-28-scan-wall.md).
 */
export function noteCpuReadingAtStart(): void {
  (globalThis as { [AT_START]?: CpuReading })[AT_START] = readCpu();
}

/** The reading `noteCpuReadingAtStart` took in this process, if any. */
export function cpuReadingAtStart(): CpuReading | undefined {
  return (globalThis as { [AT_START]?: CpuReading })[AT_START];
}
