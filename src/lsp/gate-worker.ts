import { parentPort } from 'node:worker_threads';
import { type GateBuffer, type GateDepth, type GateRun, runGate } from './gate.js';

/**
 * The language server's gate thread: runs the gate on buffers so the thread that answers the editor
 * (inline completions, code actions) never waits behind a type check or a security scan.
 */

export type GateWorkerRequest =
  | {
      type: 'run';
      id: number;
      buffer: GateBuffer;
      depth: GateDepth;
      workspaceRoot: string;
      config: Record<string, unknown>;
    }
  | { type: 'abort'; id: number };

export type GateWorkerResponse =
  | { type: 'done'; id: number; run: GateRun }
  | { type: 'failed'; id: number; message: string; aborted: boolean };

const running = new Map<number, AbortController>();

parentPort?.on('message', (request: GateWorkerRequest) => {
  if (request.type === 'abort') {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  runGate(request.buffer, request.depth, {
    workspaceRoot: request.workspaceRoot,
    config: request.config,
    signal: controller.signal,
  })
    .then((run) =>
      parentPort!.postMessage({ type: 'done', id: request.id, run } satisfies GateWorkerResponse),
    )
    .catch((error: unknown) =>
      parentPort!.postMessage({
        type: 'failed',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
        aborted: controller.signal.aborted,
      } satisfies GateWorkerResponse),
    )
    .finally(() => running.delete(request.id));
});
