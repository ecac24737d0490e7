import { readFileSync } from 'node:fs';

/**
 * While an inline completion is in flight, the processes the gate's thread started — the whole gates'
 * mypy, flake8 and Bandit in their sandboxes, each its own session and so its own scheduling group —
 * are stopped (SIGSTOP) and continued (SIGCONT) as soon as the completion is answered or cancelled, so
 * the editor's thread is not queued behind them for a core (issue 60: a completion waited p95 ~36–60 ms
 * for a core on two cores while the opened files' gates ran; a trace of the bench showed mypy runnable in
 * 94% of the samples taken during completions). Lowering their priority for good instead made the whole
 * gate 3.3× slower in VS Code under load; here they lose only the completion's milliseconds.
 *
 * Bounded, so the gates are never starved: one pause lasts at most `maxPauseMs` (then they run on, the
 * completion still in flight), and after a pause of d ms the next begins no sooner than d ms after it
 * ended — the gates get at least half the time, however often completions come. Completions that overlap
 * share one pause.
 *
 * Only what cannot be left stopped is stopped: a child of the gate's thread that is bubblewrap with
 * `--die-with-parent` (the sandbox), with everything under it. If the server is killed mid-pause the
 * kernel kills those (a stopped process still dies of SIGKILL); an exit of the server continues them
 * first. A process outside the sandbox (an unsandboxed warm worker the user accepted) is never stopped:
 * nothing would continue it after a kill. Linux only (`/proc`); elsewhere nothing is paused.
 */
export interface GateYieldOptions {
  /** the threads whose child processes (and theirs) are paused: the gate's thread, once it said its id */
  threads: () => number[];
  /** the longest one pause lasts (default 250 ms) */
  maxPauseMs?: number;
  /** the clock the budget is kept with (default `Date.now`) */
  now?: () => number;
}

const DEFAULT_MAX_PAUSE_MS = 250;

export class GateYield {
  private holders = 0;
  private stopped: number[] = [];
  private pausedAt: number | undefined;
  /** the next pause begins no sooner than this */
  private notBefore = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private readonly threads: () => number[];
  private readonly onExit = () => this.resume();

  constructor(options: GateYieldOptions) {
    this.threads = options.threads;
    this.maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS;
    this.now = options.now ?? Date.now;
  }

  /** A completion starts: the gate's processes pause (budget allowing); the function returned ends it. */
  hold(): () => void {
    this.holders++;
    if (this.holders === 1) this.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0) this.resume();
    };
  }

  /** How many of the gate's processes are stopped now (for the timing log). */
  get paused(): number {
    return this.stopped.length;
  }

  /** The server ends: whatever is stopped continues, and no pause begins. */
  close(): void {
    this.resume();
    this.notBefore = Number.POSITIVE_INFINITY;
  }

  private pause(): void {
    if (process.platform !== 'linux') return;
    const now = this.now();
    if (now < this.notBefore) return;
    const stopped: number[] = [];
    for (const pid of sandboxTrees(this.threads()))
      try {
        process.kill(pid, 'SIGSTOP');
        stopped.push(pid);
      } catch {
        // gone meanwhile
      }
    if (stopped.length === 0) return;
    this.stopped = stopped;
    this.pausedAt = now;
    process.once('exit', this.onExit);
    this.timer = setTimeout(() => this.resume(), this.maxPauseMs);
    this.timer.unref();
  }

  private resume(): void {
    if (this.pausedAt === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    process.off('exit', this.onExit);
    for (const pid of this.stopped)
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile (killed by its time limit, or the gate's abort)
      }
    const now = this.now();
    this.notBefore = now + Math.max(0, now - this.pausedAt);
    this.pausedAt = undefined;
    this.stopped = [];
  }
}

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** The children of one task (a thread, or a process's threads), from Linux's `/proc/…/children`. */
function childrenOf(pid: number, tid: number): number[] {
  return read(`/proc/${pid}/task/${tid}/children`)
    .split(' ')
    .filter((word) => word.trim() !== '')
    .map(Number);
}

/** A sandbox's root: bubblewrap that dies with its parent (its arguments from `/proc/…/cmdline`). */
function diesWithParent(pid: number): boolean {
  const args = read(`/proc/${pid}/cmdline`).split('\0');
  return /(^|\/)bwrap$/.test(args[0] ?? '') && args.includes('--die-with-parent');
}

/** Every process of the sandboxes the threads started, parents before their children. */
export function sandboxTrees(threads: number[]): number[] {
  const found: number[] = [];
  const walk = (pid: number) => {
    found.push(pid);
    // a sandbox's processes start theirs from their main thread (bubblewrap, the shell, Python's
    // subprocess): each is asked once, not each of its threads (half the reads of /proc)
    for (const child of childrenOf(pid, pid)) walk(child);
  };
  for (const tid of threads)
    for (const child of childrenOf(process.pid, tid)) if (diesWithParent(child)) walk(child);
  return found;
}
