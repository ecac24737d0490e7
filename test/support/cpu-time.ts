/**
 * What a synchronous run costs in CPU time (user + system of this process, in ms), not wall time. A
 * liveness bound on a scan ("linear, not quadratic") holds on CPU time whatever the machine's load: a
 * loaded CI runner stretched a 2 s wall bound past 7 s by scheduling alone (bench/notes/2026-11-29-ci-time.md),
 * while the work, and so the CPU time, stays what it was. Other threads of the process (the GC's helpers)
 * count too: they work for the run measured.
 */
export function cpuTimed<T>(run: () => T): { value: T; ms: number } {
  const before = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}

/**
 * `cpuTimed` for an asynchronous run: the CPU time this process spends until `run` settles. Anything else
 * the process does meanwhile counts too, so the test must not run other work beside it.
 */
export async function cpuTimedAsync<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const before = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}
