import { availableParallelism } from 'node:os';
import { EnvironmentError } from '../../core/errors.js';
import { requireSandbox } from './availability.js';
import { hiddenProjectFiles } from './hidden-files.js';
import { NodeSpareSlot } from './node-spare-slot.js';
import { errorResult, type PendingJob, type PoolSlot, type WarmJob } from './pool-slot.js';
import { PythonWorkerSlot } from './python-worker-slot.js';
import { resolveLimits, type SandboxLimits, type SandboxResult } from './types.js';

export type { WarmJob } from './pool-slot.js';

type Pending = PendingJob;

/** What a slot of the pool is made with: the pool's options and limits, and whom it tells when it is free. */
export interface PoolSlotSetup {
  options: WarmPoolOptions;
  limits: SandboxLimits;
  sandboxed: boolean;
  onIdle: () => void;
}

export interface WarmPoolOptions {
  runtime: 'python' | 'node';
  /** workers, each running one program at a time; default: the number of cores */
  size?: number;
  /** limits of every program (wallMs is the default per-job timeout) */
  limits?: Partial<SandboxLimits>;
  /** interpreter for `python` (e.g. a project's `.venv/bin/python`); default `python3` on the sandbox PATH */
  pythonPath?: string;
  /** mounted read-only (so a project's virtualenv and modules are importable) */
  projectDir?: string;
  /** extra read-only mounts, e.g. an interpreter installed outside /usr */
  readOnlyPaths?: string[];
  unsafeNoSandbox?: boolean;
}

export interface WarmPool {
  run(job: WarmJob): Promise<SandboxResult>;
  close(): Promise<void>;
}

/**
 * A pool of long-lived sandboxed workers (one bubblewrap sandbox each, default one per core), each running
 * one program at a time in a fresh, limited child. A program that kills its worker, or a worker that stops
 * answering, costs only that program: the worker is replaced transparently.
 */
export async function createWarmPool(options: WarmPoolOptions): Promise<WarmPool> {
  const sandboxed = await requireSandbox(options.unsafeNoSandbox);
  const limits = resolveLimits(options.limits);
  if (sandboxed && options.projectDir) {
    try {
      hiddenProjectFiles(options.projectDir);
    } catch (error) {
      throw new EnvironmentError(
        `the project could not be screened for secrets files, so it is not shown to the sandbox: ${(error as Error).message}`,
        { hint: 'point vouch at the project folder itself, not a folder above it' },
      );
    }
  }
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
  const queue: Pending[] = [];
  const workers: PoolSlot[] = [];
  let closed = false;
  const dispatch = () => {
    // slots that can start at once first (a booted spare), then any idle one
    for (const warmOnly of [true, false]) {
      for (const worker of workers) {
        if (queue.length === 0) return;
        if (!worker.busy && (worker.warm || !warmOnly)) worker.take(queue.shift() as Pending);
      }
    }
  };
  for (let index = 0; index < size; index++) {
    workers.push(
      options.runtime === 'node'
        ? new NodeSpareSlot({ options, limits, sandboxed, onIdle: dispatch })
        : new PythonWorkerSlot({ options, limits, sandboxed, onIdle: dispatch }),
    );
  }
  await Promise.all(workers.map((worker) => worker.ready()));
  return {
    run(job) {
      if (closed) return Promise.reject(new Error('the warm pool is closed'));
      return new Promise((resolve) => {
        const behind = job.urgent ? queue.findIndex((pending) => !pending.job.urgent) : -1;
        queue.splice(behind < 0 ? queue.length : behind, 0, { job, resolve });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0))
        pending.resolve(errorResult('the warm pool was closed', sandboxed));
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}
