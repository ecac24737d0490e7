import { availableParallelism, totalmem } from 'node:os';

/**
 * A process-wide cap on one-shot sandboxes: how many run at once and how much memory they may pin. Each
 * is charged its memory limit plus its work dir's tmpfs (`diskMb`: tmpfs is RAM); beyond either cap a run
 * waits its turn, in order. Ten concurrent `/v1/check` pinned 2.56 GB of tmpfs before. A run larger than
 * the whole budget still runs, alone.
 *
 * An urgent run (someone waits for it now: the quick checks of a buffer just opened or typed in, a
 * completion's compile) waits ahead of the runs that are not, and up to URGENT_EXTRA of them may run
 * beyond the count: the language server's whole gate on a few files opened keeps every place taken for
 * seconds (mypy, flake8, Bandit), and the next file's quick checks waited behind all of it — 11 s for
 * their first diagnostics on a busy machine (issue 60). Their memory still counts against the cap.
 */
export interface SandboxCapacity {
  /** sandboxes at once (default: twice the cores, at least 4) */
  sandboxes: number;
  /** memory and tmpfs in MB that running sandboxes may claim together (default: half the machine's RAM) */
  memoryMb: number;
}

function defaultCapacity(): SandboxCapacity {
  return {
    sandboxes: Math.max(4, 2 * availableParallelism()),
    memoryMb: Math.max(1024, Math.floor(totalmem() / (2 * 1024 * 1024))),
  };
}

/** urgent runs that may run beyond the count cap (small: a quick check's compile, not a test run) */
const URGENT_EXTRA = 2;

let capacity: SandboxCapacity = defaultCapacity();
let running = 0;
let claimedMb = 0;
const waiting: { costMb: number; urgent: boolean; start: () => void }[] = [];

/** Sets the caps (a server's configuration, or tests); what runs already keeps running. */
export function setSandboxCapacity(next: Partial<SandboxCapacity>): void {
  capacity = { ...defaultCapacity(), ...next };
  admitWaiting();
}

/** What runs and waits now. */
export function sandboxLoad(): { running: number; claimedMb: number; waiting: number } {
  return { running, claimedMb, waiting: waiting.length };
}

function fits(costMb: number, urgent: boolean): boolean {
  if (running === 0) return true;
  return (
    running < capacity.sandboxes + (urgent ? URGENT_EXTRA : 0) && claimedMb + costMb <= capacity.memoryMb
  );
}

function admitWaiting(): void {
  // strictly in order (urgent ones are queued first): a large run at the head is not overtaken for ever
  // by small ones
  while (waiting.length > 0 && fits(waiting[0]!.costMb, waiting[0]!.urgent)) waiting.shift()!.start();
}

/**
 * Waits for room for a sandbox costing `costMb`; the returned function frees it. `urgent`: someone waits
 * for this run now (see above).
 */
export function admitSandbox(costMb: number, signal?: AbortSignal, urgent = false): Promise<() => void> {
  signal?.throwIfAborted();
  let freed = false;
  const release = () => {
    if (freed) return;
    freed = true;
    running--;
    claimedMb -= costMb;
    admitWaiting();
  };
  const take = () => {
    running++;
    claimedMb += costMb;
  };
  // an urgent run goes ahead of every run that is not urgent, so only urgent ones can be ahead of it
  if ((urgent ? !waiting.some((entry) => entry.urgent) : waiting.length === 0) && fits(costMb, urgent)) {
    take();
    return Promise.resolve(release);
  }
  return new Promise((resolve, reject) => {
    const entry = {
      costMb,
      urgent,
      start: () => {
        signal?.removeEventListener('abort', onAbort);
        take();
        resolve(release);
      },
    };
    const onAbort = () => {
      const index = waiting.indexOf(entry);
      if (index >= 0) waiting.splice(index, 1);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const behind = urgent ? waiting.findIndex((other) => !other.urgent) : -1;
    waiting.splice(behind < 0 ? waiting.length : behind, 0, entry);
  });
}
