import { availableParallelism } from 'node:os';
import {
  createWarmPool,
  type SandboxLimits,
  type SandboxResult,
  type WarmJob,
  type WarmPool,
} from '../verify/sandbox/index.js';

export type Runtime = 'python' | 'node';

/**
 * Runs untrusted programs: the sandbox's warm pools (one worker per core by default), one pool per runtime,
 * started on first use. Nothing here runs code outside bubblewrap unless `unsafeNoSandbox` is set, which
 * only the user's explicit `--unsafe-no-sandbox` does.
 */
export interface Executor {
  run(runtime: Runtime, job: WarmJob): Promise<SandboxResult>;
  /** how many programs run at once (per runtime) */
  readonly concurrency: number;
  close(): Promise<void>;
}

export interface ExecutorOptions {
  size?: number;
  unsafeNoSandbox?: boolean;
  limits?: Partial<SandboxLimits>;
}

export function createExecutor(options: ExecutorOptions = {}): Executor {
  // Two workers per core: a worker spends part of each job in process set-up and IPC, which the other
  // worker on the same core fills (measured: ~1.6x the throughput of one per core on HumanEval).
  const size = Math.max(1, options.size ?? availableParallelism() * 2);
  const pools = new Map<Runtime, Promise<WarmPool>>();
  const pool = (runtime: Runtime): Promise<WarmPool> => {
    let pending = pools.get(runtime);
    if (!pending) {
      pending = createWarmPool({
        runtime,
        size,
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
      });
      pools.set(runtime, pending);
    }
    return pending;
  };
  return {
    concurrency: size,
    async run(runtime, job) {
      return (await pool(runtime)).run(job);
    },
    async close() {
      const started = [...pools.values()];
      pools.clear();
      await Promise.all(started.map(async (pending) => (await pending.catch(() => undefined))?.close()));
    },
  };
}
