import { parentPort } from 'node:worker_threads';
import { runTask, type TaskHost } from '../tasks/index.js';
import { toHttpError } from './http-error.js';

/**
 * A worker thread of check-pool.ts: runs one request's `check` or `licence` task off the thread that
 * serves every user (the parsers, the TypeScript compiler, the harness rules and the walks over the
 * request's code). It has no model (these tasks ask none) and no task session: the server's warm import
 * probe lives on the server's thread, so the imports check here runs its cold probe.
 */

export type CheckTaskName = 'check' | 'licence';

export type CheckWorkerRequest =
  | {
      type: 'run';
      id: number;
      name: CheckTaskName;
      input: Record<string, unknown>;
      workspaceRoot: string;
      config: Record<string, unknown>;
      detectorBudgetMs?: number;
    }
  | { type: 'abort'; id: number };

export type CheckWorkerResponse =
  | { type: 'done'; id: number; result: unknown }
  /**
   * the task failed: `http` is the answer the route gives (http-error.ts, mapped here: the error's class
   * does not cross threads); a 500's own message (`internal`) is for the server's log only
   */
  | {
      type: 'failed';
      id: number;
      http: { status: number; code: string; message: string; hint?: string };
      internal?: string;
      aborted: boolean;
    };

const running = new Map<number, AbortController>();

parentPort?.on('message', (request: CheckWorkerRequest) => {
  if (request.type === 'abort') {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  const host: TaskHost = {
    workspaceRoot: request.workspaceRoot,
    config: request.config,
    model: () => Promise.reject(new Error(`the ${request.name} task asks no model on the check worker`)),
    ...(request.detectorBudgetMs ? { detectorBudgetMs: request.detectorBudgetMs } : {}),
  };
  // the input was validated by the route; the task's own schema reads it again
  runTask({ name: request.name, input: request.input, host, options: { signal: controller.signal } })
    .then((result) =>
      parentPort!.postMessage({ type: 'done', id: request.id, result } satisfies CheckWorkerResponse),
    )
    .catch((error: unknown) => {
      const http = toHttpError(error);
      parentPort!.postMessage({
        type: 'failed',
        id: request.id,
        http: {
          status: http.status,
          code: http.code,
          message: http.message,
          ...(http.hint ? { hint: http.hint } : {}),
        },
        ...(http.code === 'internal_error'
          ? { internal: error instanceof Error ? (error.stack ?? error.message) : String(error) }
          : {}),
        aborted: controller.signal.aborted,
      } satisfies CheckWorkerResponse);
    })
    .finally(() => running.delete(request.id));
});
