import type { SandboxResult } from './types.js';

export interface WarmJob {
  /** the program: Python source, or JavaScript (CommonJS, or ESM when it has import/export statements) */
  source: string;
  stdin?: string;
  /** wall-time limit of this program; default the pool's `limits.wallMs` */
  timeoutMs?: number;
  /** extra files next to the program in its scratch dir (relative path → content) */
  files?: Record<string, string>;
  /**
   * Python only: the program works in this folder (inside the sandbox), which comes first on sys.path as
   * with `python -c` run there; its compiled code is kept by the worker for the next job with the same source
   */
  cwd?: string;
  /**
   * Python only: no program runs; the worker itself imports these modules, so later programs start with
   * them (see python/sandbox_worker.py); stdout is the worker's JSON report of what it now holds
   */
  preload?: string[];
  /** with `preload`: the worker's own memory cap (MB) */
  preloadMemoryMb?: number;
  /** with `preload`: the worker keeps `importlib.metadata.packages_distributions()` for the import probe */
  preloadDistributions?: boolean;
  /**
   * Python only, with `cwd`: the worker first asks the program's `answer_in_worker(stdin)` in ITSELF, with no
   * child forked (a fork of a worker holding Django costs 20–30 ms here); when it declines, the program runs
   * in a child as usual. Only for vouch's own programs whose answer runs no code of the project's or its
   * packages' (the import probe's `fast` mode; see python/sandbox_worker.py)
   */
  inWorker?: boolean;
  /**
   * Python only, with `cwd`: before the program runs, the worker compares every module file a `preload`
   * reported with the disk (mtime, size, inode); when one changed, nothing runs and the result's `stale`
   * says which (see python/sandbox_worker.py)
   */
  checkHeld?: boolean;
  /**
   * someone is waiting for this answer (a completion's check): it is queued ahead of the jobs that are
   * not urgent, behind the urgent ones already queued; a job already running is never interrupted
   */
  urgent?: boolean;
  /**
   * a report channel for the program's verdict (report-channel.ts): the result's `report` holds what came
   * on it. Not with `inWorker` answers (those run no program)
   */
  report?: boolean;
}

export interface PendingJob {
  job: WarmJob;
  resolve: (result: SandboxResult) => void;
}

/** One place in a warm pool that runs one program at a time. */
export interface PoolSlot {
  readonly busy: boolean;
  /** ready to start a program at once (a booted worker or spare) */
  readonly warm: boolean;
  ready(): Promise<void>;
  take(pending: PendingJob): void;
  stop(): Promise<void>;
}

export function errorResult(reason: string, sandboxed: boolean): SandboxResult {
  return {
    status: 'error',
    exitCode: null,
    stdout: '',
    stderr: '',
    durationMs: 0,
    truncated: false,
    sandboxed,
    reason,
  };
}
