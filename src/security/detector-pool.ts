import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../core/module-worker.js';
import type { DetectorRequest, DetectorResponse } from './detector-worker.js';

/**
 * The secrets detector run for a request of the team server, on a worker thread with a time budget
 * (issue 55: nothing one request does may stop the server). The detector is linear, but a large body is
 * still seconds of CPU that would hold every other request; on a worker the server's thread stays free,
 * and a run past its budget ends the worker and fails with DetectorBudgetError: the value was not
 * redacted, so the caller must not keep it. The CLI redacts in-process (no server shares its thread).
 */

/** How long one request's detection may run on the server (a megabyte body takes well under a second). */
export const DETECTOR_BUDGET_MS = 10_000;

/** A detection given a budget that was not done by then; its worker was ended. */
export class DetectorBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the secrets detector ran past its time budget of ${budgetMs} ms and was stopped`);
    this.name = 'DetectorBudgetError';
  }
}

const idle: Worker[] = [];
const IDLE_MS = 60_000;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;

function startWorker(): Worker {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const worker = startModuleWorker(new URL(`./detector-worker.${ext}`, import.meta.url));
  const forget = () => {
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
  };
  worker.on('exit', forget);
  worker.on('error', forget);
  return worker;
}

function release(worker: Worker): void {
  worker.unref();
  if (idle.length < availableParallelism()) idle.push(worker);
  else void worker.terminate();
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeDetectorPool(), IDLE_MS);
  idleTimer.unref();
}

/** Ends the idle workers now (tests, or a server shutting down). */
export async function closeDetectorPool(): Promise<void> {
  clearTimeout(idleTimer);
  await Promise.all(idle.splice(0).map((worker) => worker.terminate()));
}

/**
 * `withoutSecrets(value)` on a worker thread: the value with every secret the detector finds replaced by
 * a placeholder. Fails with DetectorBudgetError past `budgetMs` (the worker is ended: a regex stuck in
 * it is stopped only that way).
 */
export async function withoutSecretsOffThread<T>(
  value: T,
  { budgetMs = DETECTOR_BUDGET_MS, signal }: { budgetMs?: number; signal?: AbortSignal } = {},
): Promise<T> {
  signal?.throwIfAborted();
  const worker = idle.pop() ?? startWorker();
  worker.ref();
  const id = nextId++;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  let onMessage = (_response: DetectorResponse) => {};
  let onError = (_error: Error) => {};
  let onAbort = () => {};
  try {
    const result = await new Promise<T>((resolve, reject) => {
      onMessage = (response) => {
        if (response.id !== id) return;
        settled = true;
        if ('error' in response) reject(new Error(`the secrets detector failed: ${response.error}`));
        else resolve(response.value as T);
      };
      onError = reject;
      onAbort = () => reject(signal?.reason ?? new Error('aborted'));
      worker.on('message', onMessage);
      worker.on('error', onError);
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => reject(new DetectorBudgetError(budgetMs)), budgetMs);
      worker.postMessage({ id, value } satisfies DetectorRequest);
    });
    return result;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    worker.off('message', onMessage);
    worker.off('error', onError);
    // a worker still holding the request (over budget, aborted, failed) is not reused
    if (settled) release(worker);
    else await worker.terminate();
  }
}
