import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../core/thread-priority.js';
import { TaskSession } from '../tasks/index.js';
import {
  ForwardedImportProbe,
  type ImportProbeAnswer,
  type ImportProbeRequest,
} from './forwarded-import-probe.js';
import { type GateBuffer, type GateDepth, type GateRun, runGate } from './gate.js';

/**
 * The language server's gate thread: runs the gate on buffers so the thread that answers the editor
 * (inline completions, code actions) never waits behind a type check or a security scan. Its imports
 * checks ask the editor's thread's warm import probe (forwarded-import-probe.ts).
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
  | { type: 'abort'; id: number }
  /** the server started: load what the first run needs now (gate-runner.ts, `warm`) */
  | { type: 'warm'; workspaceRoot: string; config: Record<string, unknown> }
  /** a workspace folder removed: the session kept for it is let go */
  | { type: 'forget'; workspaceRoot: string }
  | ImportProbeAnswer;

export type GateWorkerResponse =
  | { type: 'done'; id: number; run: GateRun }
  | { type: 'failed'; id: number; message: string; aborted: boolean }
  /** this thread's id (Linux): what it starts is paused while a completion is in flight (gate-yield.ts) */
  | { type: 'thread'; tid: number }
  | ImportProbeRequest;

// Background work: on a busy machine the thread that answers the editor (an inline completion while the
// gate type-checks a buffer) gets the core first, and so do the checkers this thread starts.
lowerThreadPriority();

// `/proc/thread-self` names this thread: `<pid>/task/<tid>` (Linux; elsewhere nothing is said)
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
  if (Number.isInteger(tid)) parentPort?.postMessage({ type: 'thread', tid } satisfies GateWorkerResponse);
} catch {
  // no /proc: the gate's processes are never paused
}

const running = new Map<number, AbortController>();
/** what the warm-up checks: a buffer of one line, in no file of the workspace */
const WARM_UP_BUFFER: GateBuffer = { path: 'vouch-warm-up.py', language: 'python', text: 'value = 1\n' };
/** per workspace: the warm probe asked of the editor's thread */
const probes = new Map<string, ForwardedImportProbe>();
/** per workspace: this thread's task session, its imports checks handed the forwarded probe */
const sessions = new Map<string, TaskSession>();

function sessionFor(workspaceRoot: string): TaskSession {
  let session = sessions.get(workspaceRoot);
  if (!session) {
    const probe = new ForwardedImportProbe(workspaceRoot, (message) =>
      parentPort!.postMessage(message satisfies GateWorkerResponse),
    );
    probes.set(workspaceRoot, probe);
    session = new TaskSession(workspaceRoot, { importProbe: probe });
    sessions.set(workspaceRoot, session);
  }
  return session;
}

parentPort?.on('message', (request: GateWorkerRequest) => {
  if (request.type === 'abort') {
    running.get(request.id)?.abort();
    return;
  }
  if (request.type === 'probe-result') {
    for (const probe of probes.values()) probe.answered(request);
    return;
  }
  if (request.type === 'forget') {
    const session = sessions.get(request.workspaceRoot);
    sessions.delete(request.workspaceRoot);
    // its forwarded probe stays: a run still going there gets its answers (a few bytes kept)
    void session?.close();
    return;
  }
  if (request.type === 'warm') {
    // the quick gate on a line of code nobody wrote: what the first run loads (the check task, its checks,
    // the security rules compiled, the sandbox found) is loaded now; its result goes nowhere
    runGate(WARM_UP_BUFFER, 'typing', {
      workspaceRoot: request.workspaceRoot,
      config: request.config,
      signal: new AbortController().signal,
      session: sessionFor(request.workspaceRoot),
    }).catch(() => {});
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  runGate(request.buffer, request.depth, {
    workspaceRoot: request.workspaceRoot,
    config: request.config,
    signal: controller.signal,
    session: sessionFor(request.workspaceRoot),
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
