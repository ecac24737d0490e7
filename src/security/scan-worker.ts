/**
 * A worker thread of the scan pool: scans the batches it is sent (scan-batch.ts), one at a time. Its
 * entry, bundled into dist/security/scan-worker-bundle.cjs (scripts/bundle-context.mjs), exports
 * `scanBatch` for the build that makes the bundle's code cache (cli/start.ts `buildScanWorkerCodeCache`).
 */
import { parentPort } from 'node:worker_threads';
import { scanBatch, type WorkerRequest } from './scan-batch.js';

export type { WorkerLoaded, WorkerRequest, WorkerResponse } from './scan-batch.js';
export { scanBatch };

// Batches arrive ahead of time (the pool keeps two with each worker); they run in order, one at a time.
let queue = Promise.resolve();
parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => scanBatch(request, (response) => parentPort?.postMessage(response)));
});
