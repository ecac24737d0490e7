import { availableParallelism, totalmem } from 'node:os';

/**
 * A process-wide cap on one-shot sandboxes: how many run at once and how much memory they may pin. Each
 * is charged its memory limit plus its work dir's tmpfs (`diskMb`: tmpfs is RAM); beyond either cap a run
 * waits its turn, in order. Ten concurrent `/v1/check` pinned 2.56 GB of tmpfs before. A run larger than
 * the whole budget still runs, alone.
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

let capacity: SandboxCapacity = defaultCapacity();
let running = 0;
let claimedMb = 0;
const waiting: { costMb: number; start: () => void }[] = [];

/** Sets the caps (a server's configuration, or tests); what runs already keeps running. */
export function setSandboxCapacity(next: Partial<SandboxCapacity>): void {
  capacity = { ...defaultCapacity(), ...next };
  admitWaiting();
}

/** What runs and waits now. */
export function sandboxLoad(): { running: number; claimedMb: number; waiting: number } {
  return { running, claimedMb, waiting: waiting.length };
}

function fits(costMb: number): boolean {
  if (running === 0) return true;
  return running < capacity.sandboxes && claimedMb + costMb <= capacity.memoryMb;
}

function admitWaiting(): void {
  // strictly in order: a large run at the head is not overtaken for ever by small ones
  while (waiting.length > 0 && fits(waiting[0]!.costMb)) waiting.shift()!.start();
}

/** Waits for room for a sandbox costing `costMb`; the returned function frees it. */
export function admitSandbox(costMb: number, signal?: AbortSignal): Promise<() => void> {
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
  if (waiting.length === 0 && fits(costMb)) {
    take();
    return Promise.resolve(release);
  }
  return new Promise((resolve, reject) => {
    const entry = {
      costMb,
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
    waiting.push(entry);
  });
}
