import { getPriority, setPriority } from 'node:os';

/** the thread called lowerThreadPriority: its work is background work (read by the sandbox, below) */
let background = false;

/**
 * Lowers the calling thread's scheduling priority (its nice value) by `steps`, on Linux only: there the
 * nice value belongs to a thread (setpriority(2) with pid 0 is the calling thread under NPTL), elsewhere
 * to the whole process, which must keep its own. The language server's background threads (the gate,
 * the telemetry) call it so that on a busy machine the thread answering the editor gets the core first;
 * what they start (a type checker, a linter) inherits the lower priority, and a sandbox they start that
 * nobody waits for carries it into the sandbox's own session (`backgroundNice`). Where it is not
 * permitted, the thread stays as it was.
 */
export function lowerThreadPriority(steps = 10): void {
  if (process.platform !== 'linux') return;
  background = true;
  try {
    setPriority(0, Math.min(19, getPriority(0) + steps));
  } catch {
    // not permitted here: background work just competes as before
  }
}

/**
 * The calling thread's nice value if it lowered its priority (a background thread of the language
 * server), else undefined: a one-shot command's threads never did, so its sandboxes keep the priority
 * they have (issue 60: priority only for the language server's background work).
 *
 * Why a sandbox needs it: the nice value a child inherits only orders it against the processes of its
 * own session. With the kernel's automatic grouping (`CONFIG_SCHED_AUTOGROUP`, on by default in the
 * common distributions' kernels), every session is one scheduling group weighed as nice 0 against the
 * others, and each sandbox is a new session (spawned detached, then bubblewrap's `--new-session`): a
 * mypy started by the niced gate thread still took the core as often as the whole language server did
 * (seen in /proc/PID/autogroup during bench/lsp/typing.ts: one group per sandbox, all at nice 0).
 */
export function backgroundNice(): number | undefined {
  if (!background) return undefined;
  try {
    return getPriority(0);
  } catch {
    return undefined;
  }
}
