import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../core/module-worker.js';
import { DETECTOR_BUDGET_MS } from '../security/detector-pool.js';
import type { TaskResultOf } from '../tasks/index.js';
import type { CheckTaskName, CheckWorkerRequest, CheckWorkerResponse } from './check-worker.js';
import { HttpError } from './http-error.js';

/**
 * `/v1/check` and `/v1/licence` run their task on a worker thread with a deadline (w213). The budgets in
 * the checks bound the quadratic shapes found so far (bench/notes/2026-11-28-server-freeze*.md), but a
 * shape nobody found yet (r49: a TypeScript union of 2,500 string literals) held the server's only thread,
 * so every user's requests and `/v1/health` waited. On a worker the server's thread only passes messages;
 * a run past its deadline is answered "not verified" (CheckDeadlineError, never a pass) and its worker is
 * ended (a parse or a regular expression that never looks at a clock is stopped only that way) and not
 * reused; the next run starts a fresh one. Finished workers are kept warm for the next request (the checks'
 * modules take about a second to load). How many run at once is the server's admission (admission.ts):
 * every run here holds one of its slots, so the fairness between users is decided there, unchanged.
 * The pattern of security/detector-pool.ts, one run per worker at a time.
 */

/** How long one request's check may take on the server by default (`[server] check_deadline_seconds`). */
export const CHECK_DEADLINE_MS = 120_000;

/** A check not done by its deadline; its worker was ended. The request is answered "not verified". */
export class CheckDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`not verified: the check took longer than ${formatSeconds(deadlineMs)} s and was stopped`);
    this.name = 'CheckDeadlineError';
  }
}

function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(2)));
}

/** after a deadline or an abort, how long a worker may take to end its run (its sandboxes) before it is ended */
const GRACE_MS = 1_000;
const IDLE_MS = 60_000;

export interface CheckPoolOptions {
  workspaceRoot: string;
  config: Record<string, unknown>;
  /** the detectors' own budget on their worker (default: detector-pool.ts DETECTOR_BUDGET_MS, as app.ts) */
  detectorBudgetMs?: number;
  deadlineMs?: number;
  /** idle workers kept warm (default 2: the server's admission bounds how many run) */
  keep?: number;
}

export class CheckPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private started = 0;
  private closed = false;
  readonly deadlineMs: number;

  constructor(private readonly options: CheckPoolOptions) {
    this.deadlineMs = options.deadlineMs ?? CHECK_DEADLINE_MS;
  }

  /** workers started since the pool was made (tests: a worker past its deadline is replaced) */
  workersStarted(): number {
    return this.started;
  }

  /**
   * The task `name` on `input` (validated by the route) on a worker: its result, or CheckDeadlineError
   * past the deadline, the signal's reason when the request is abandoned, the HttpError the task's
   * failure maps to (http-error.ts).
   */
  async run<Name extends CheckTaskName>(
    name: Name,
    input: Record<string, unknown>,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<TaskResultOf<Name>> {
    signal?.throwIfAborted();
    if (this.closed) throw new Error('the check pool is closed');
    const worker = this.take();
    const id = this.nextId++;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let onMessage = (_response: CheckWorkerResponse) => {};
    let onError = (_error: Error) => {};
    let onExit = (_code: number) => {};
    let onAbort = () => {};
    try {
      return await new Promise<TaskResultOf<Name>>((resolve, reject) => {
        onMessage = (response) => {
          if (response.type !== 'done' && response.type !== 'failed') return;
          if (response.id !== id) return;
          settled = true;
          if (response.type === 'done') resolve(response.result as TaskResultOf<Name>);
          else if (response.aborted && signal?.aborted) reject(signal.reason);
          else if (response.internal !== undefined)
            // a 500: its message goes to the server's log (app.ts onError), never to the client
            reject(new Error(`the check worker's task failed: ${response.internal}`));
          else
            reject(
              new HttpError({
                status: response.http.status as HttpError['status'],
                code: response.http.code,
                message: response.http.message,
                hint: response.http.hint,
              }),
            );
        };
        onError = (error) => reject(new Error(`the check worker failed: ${error.message}`));
        onExit = (code) =>
          reject(
            this.closed
              ? new HttpError({
                  status: 503,
                  code: 'server_stopping',
                  message: 'the server is stopping: the check was not finished',
                  hint: 'send it again when the server is back',
                })
              : new Error(`the check worker stopped (exit code ${code})`),
          );
        onAbort = () => reject(signal?.reason ?? new Error('aborted'));
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        signal?.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(() => reject(new CheckDeadlineError(this.deadlineMs)), this.deadlineMs);
        worker.postMessage({
          type: 'run',
          id,
          name,
          input,
          workspaceRoot: this.options.workspaceRoot,
          config: this.options.config,
          detectorBudgetMs: this.options.detectorBudgetMs ?? DETECTOR_BUDGET_MS,
        } satisfies CheckWorkerRequest);
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.busy.delete(worker);
      if (settled) this.release(worker);
      else this.end(worker, id);
    }
  }

  private take(): Worker {
    const worker = this.idle.pop() ?? this.start();
    worker.ref();
    this.busy.add(worker);
    return worker;
  }

  private start(): Worker {
    this.started++;
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const worker = startModuleWorker(new URL(`./check-worker.${ext}`, import.meta.url));
    const forget = () => {
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      this.busy.delete(worker);
    };
    worker.on('exit', forget);
    worker.on('error', forget);
    return worker;
  }

  private release(worker: Worker): void {
    worker.unref();
    if (!this.closed && this.idle.length < (this.options.keep ?? 2)) this.idle.push(worker);
    else void worker.terminate();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.closeIdle(), IDLE_MS);
    this.idleTimer.unref();
  }

  /**
   * A worker still holding a run (past its deadline, or its request gone): told to abort, so its sandboxes
   * end, then ended after a moment whether it answered or not (a thread stuck in a parse never reads the
   * message). Never reused: its answer would come during another request's run.
   */
  private end(worker: Worker, id: number): void {
    worker.unref();
    worker.postMessage({ type: 'abort', id } satisfies CheckWorkerRequest);
    const timer = setTimeout(() => void worker.terminate(), GRACE_MS);
    timer.unref();
  }

  private async closeIdle(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  /** Ends every worker, idle or running (the server shutting down). */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.busy];
    this.busy.clear();
    await Promise.all([this.closeIdle(), ...running.map((worker) => worker.terminate())]);
  }
}
