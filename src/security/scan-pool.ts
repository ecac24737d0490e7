import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../verify/check.js';
import type { ScanInput } from './scan.js';
import type { WorkerRequest, WorkerResponse } from './scan-worker.js';

/**
 * Scans many files on all cores: tree-sitter parsing dominates and is CPU-bound, so worker threads
 * scale it. Files go out in small batches to whichever worker is free, so one huge file does not hold
 * up the rest. Findings come back in input order.
 */
const BATCH = 16;

export function poolSize(files: number): number {
  return Math.max(1, Math.min(availableParallelism(), 8, Math.ceil(files / (BATCH * 2))));
}

function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scan-worker.js', import.meta.url));
  // Running from TypeScript sources (tests, benchmarks): register tsx inside the worker, then load the
  // TypeScript worker module. Resolved from here, not from the working directory, which may be any project.
  const api = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./scan-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export async function scanInParallel(
  inputs: ScanInput[],
  workers: number,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Finding[]> {
  const batches: ScanInput[][] = [];
  for (let start = 0; start < inputs.length; start += BATCH) batches.push(inputs.slice(start, start + BATCH));
  const results: Finding[][] = new Array(batches.length);
  const pool = Array.from({ length: Math.min(workers, batches.length) }, startWorker);
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const abort = () => reject(options.signal?.reason ?? new Error('aborted'));
      options.signal?.addEventListener('abort', abort, { once: true });
      const feed = (worker: Worker) => {
        if (next >= batches.length) return;
        const batch = next++;
        worker.postMessage({ batch, inputs: batches[batch]! } satisfies WorkerRequest);
      };
      for (const worker of pool) {
        worker.on('message', (response: WorkerResponse) => {
          if ('error' in response) {
            reject(new Error(`security scan worker failed: ${response.error}`));
            return;
          }
          results[response.batch] = response.findings;
          done++;
          options.onProgress?.(Math.min(inputs.length, done * BATCH), inputs.length);
          if (done === batches.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results.flat();
}
