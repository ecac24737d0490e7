import { Worker } from 'node:worker_threads';
import type { TaskSession } from '../tasks/index.js';
import { answerImportProbes, isImportProbeRequest } from './forwarded-import-probe.js';
import { type GateBuffer, type GateContext, type GateDepth, type GateRun, runGate } from './gate.js';
import type { GateWorkerRequest, GateWorkerResponse } from './gate-worker.js';

/**
 * Runs the gate off the editor's thread. The whole gate on open and save takes seconds of CPU in-process
 * (the TypeScript compiler, the taint engine) and the quick gate tens of milliseconds; on the thread that
 * answers `textDocument/inlineCompletion` either would hold up a completion asked for meanwhile. One
 * worker thread, started on first use and kept (it is warm after its first run), takes every gate run;
 * an aborted run is aborted there too. If the worker dies, the runs it had fail with the reason and the
 * next run starts a new one. From TypeScript sources (no compiled worker beside this file) the gate runs
 * in-process. The worker's imports checks are answered by this thread's warm import probe when the
 * server keeps one (forwarded-import-probe.ts).
 */
export class GateRunner {
  private worker: Worker | undefined;
  /** the worker's thread id, once it said it (Linux) */
  private tid: number | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (run: GateRun) => void; reject: (error: Error) => void }
  >();

  /**
   * `session`: the face's task session of a workspace, if any: its warm import probe answers the worker's
   * imports checks of that workspace (a multi-root workspace: each folder's own, never the first's)
   */
  constructor(
    private readonly session: (workspaceRoot: string) => TaskSession | undefined = () => undefined,
  ) {}

  run(buffer: GateBuffer, depth: GateDepth, context: Omit<GateContext, 'session'>): Promise<GateRun> {
    if (import.meta.url.endsWith('.ts')) {
      const session = this.session(context.workspaceRoot);
      return runGate(buffer, depth, { ...context, ...(session ? { session } : {}) });
    }
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<GateRun>((resolve, reject) => {
      const onAbort = () => worker.postMessage({ type: 'abort', id } satisfies GateWorkerRequest);
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (run) => {
          context.signal.removeEventListener('abort', onAbort);
          resolve(run);
        },
        reject: (error) => {
          context.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      worker.postMessage({
        type: 'run',
        id,
        buffer,
        depth,
        workspaceRoot: context.workspaceRoot,
        config: context.config,
      } satisfies GateWorkerRequest);
      if (context.signal.aborted) onAbort();
    });
  }

  /**
   * The server started: the gate's thread is started now and loads what its first run needs (the check
   * task and its checks, the security rules, the sandbox), so the first file opened does not wait for
   * that (issue 60: first diagnostics within 3 s; the first file of a run was the slow one). Nothing is
   * published. From TypeScript sources (the gate in-process) there is no thread to warm.
   */
  warm(context: Pick<GateContext, 'workspaceRoot' | 'config'>): void {
    if (import.meta.url.endsWith('.ts')) return;
    this.start().postMessage({
      type: 'warm',
      workspaceRoot: context.workspaceRoot,
      config: context.config,
    } satisfies GateWorkerRequest);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./gate-worker.js', import.meta.url));
    const probes = answerImportProbes(
      (answer) => {
        if (this.worker === worker) worker.postMessage(answer satisfies GateWorkerRequest);
      },
      (workspaceRoot) => this.session(workspaceRoot)?.importProbe(),
    );
    worker.on('message', (response: GateWorkerResponse) => {
      if (isImportProbeRequest(response)) {
        probes(response);
        return;
      }
      if (response.type === 'thread') {
        if (this.worker === worker) this.tid = response.tid;
        return;
      }
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (response.type === 'done') waiting.resolve(response.run);
      else {
        const error = new Error(response.message);
        if (response.aborted) error.name = 'AbortError';
        waiting.reject(error);
      }
    });
    const lost = (reason: string) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.tid = undefined;
      }
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(new Error(`the gate's worker thread stopped (${reason})`));
      }
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    // the editor's session, not the worker, decides when the server ends
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** A workspace folder was removed: the gate's thread lets go of what it kept for it. */
  forget(workspaceRoot: string): void {
    this.worker?.postMessage({ type: 'forget', workspaceRoot } satisfies GateWorkerRequest);
  }

  /** The gate's thread, for pausing what it started while a completion is in flight (gate-yield.ts). */
  threads(): number[] {
    return this.tid === undefined ? [] : [this.tid];
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.tid = undefined;
    if (worker) await worker.terminate();
  }
}
