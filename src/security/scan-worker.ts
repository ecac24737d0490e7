import { parentPort } from 'node:worker_threads';
import type { Finding } from '../core/check.js';
import { type ScanInput, scanSource } from './scan.js';

/** A worker thread of the scan pool: scans the batches it is sent, one at a time. */
export interface WorkerRequest {
  batch: number;
  inputs: ScanInput[];
}

export type WorkerResponse = { batch: number; findings: Finding[] } | { batch: number; error: string };

// Batches arrive ahead of time (the pool keeps two with each worker); they run in order, one at a time.
let queue = Promise.resolve();
parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => scanBatch(request));
});

async function scanBatch(request: WorkerRequest): Promise<void> {
  try {
    const findings: Finding[] = [];
    for (const input of request.inputs) findings.push(...(await scanSource(input)));
    parentPort?.postMessage({ batch: request.batch, findings } satisfies WorkerResponse);
  } catch (error) {
    parentPort?.postMessage({
      batch: request.batch,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
