import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority (its nice value) by `steps`, on Linux only: there the
 * nice value belongs to a thread (setpriority(2) with pid 0 is the calling thread under NPTL), elsewhere
 * to the whole process, which must keep its own. The language server's background threads (the gate,
 * the telemetry) call it so that on a busy machine the thread answering the editor gets the core first;
 * what they start (a type checker, a linter) inherits the lower priority. Where it is not permitted, the
 * thread stays as it was.
 */
export function lowerThreadPriority(steps = 10): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, Math.min(19, getPriority(0) + steps));
  } catch {
    // not permitted here: background work just competes as before
  }
}
