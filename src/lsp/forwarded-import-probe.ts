import type { ImportProbe } from '../core/check.js';

/**
 * The gate's imports check, on the gate's thread, answered by the warm import probe the editor's thread
 * keeps for completions (verify/checks/warm-import-probe.ts): one sandboxed worker per workspace, holding
 * the modules both have needed, instead of a cold sandbox and a new Python on every gate run (half a
 * second for a buffer importing `django.db.models`), or a second warm worker importing everything again.
 * Nothing is decided differently: the probe program and its freshness rules are the same, and whenever
 * the editor's probe cannot answer for sure (off, restarting, something changed) the gate runs the cold
 * probe as before. Its checks queue in the same worker as the completions' (one check at a time), as
 * background jobs: a completion's check asked for meanwhile goes first. A gate run is one check of the
 * buffer's own imports, which the worker mostly holds already (they are warmed when the buffer opens).
 */

/** gate thread → editor thread */
export type ImportProbeRequest =
  | { type: 'probe'; id: number; workspaceRoot: string; stdin: string }
  | { type: 'probe-abort'; id: number }
  | { type: 'probe-keep'; workspaceRoot: string; specs: string[] };

/** editor thread → gate thread */
export interface ImportProbeAnswer {
  type: 'probe-result';
  id: number;
  result: { stdout: string } | undefined;
  coldReason: string | undefined;
}

export function isImportProbeRequest(message: { type: string }): message is ImportProbeRequest {
  return message.type === 'probe' || message.type === 'probe-abort' || message.type === 'probe-keep';
}

/** ids of probe requests, unique in this thread (answers come back on one port for every workspace) */
let nextProbeId = 1;

/** On the gate's thread: the imports check's warm probe, asked of the editor's thread. */
export class ForwardedImportProbe implements ImportProbe {
  private readonly waiting = new Map<number, (answer: ImportProbeAnswer | undefined) => void>();
  private whyCold: string | undefined;

  constructor(
    private readonly workspaceRoot: string,
    private readonly post: (request: ImportProbeRequest) => void,
  ) {}

  get coldReason(): string | undefined {
    return this.whyCold;
  }

  run(stdin: string, signal?: AbortSignal): Promise<{ stdout: string } | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const id = nextProbeId++;
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiting.delete(id);
        this.post({ type: 'probe-abort', id });
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, (answer) => {
        signal?.removeEventListener('abort', onAbort);
        this.whyCold = answer?.coldReason;
        resolve(answer?.result);
      });
      this.post({ type: 'probe', id, workspaceRoot: this.workspaceRoot, stdin });
    });
  }

  keepModules(specs: readonly string[]): void {
    if (specs.length > 0)
      this.post({ type: 'probe-keep', workspaceRoot: this.workspaceRoot, specs: [...specs] });
  }

  /** the gate never warms buffers itself: the editor's thread does when they open */
  firstWarm(): boolean {
    return false;
  }

  /** The editor's thread answered a `probe`. */
  answered(answer: ImportProbeAnswer): void {
    const waiting = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    waiting?.(answer);
  }
}

/**
 * On the editor's thread: answers the gate thread's probe requests from this thread's warm probe, when
 * the server keeps one for the workspace (else "no answer": the gate runs the cold probe).
 */
export function answerImportProbes(
  post: (answer: ImportProbeAnswer) => void,
  probeFor: (workspaceRoot: string) => ImportProbe | undefined,
): (request: ImportProbeRequest) => void {
  const running = new Map<number, AbortController>();
  return (request) => {
    if (request.type === 'probe-abort') {
      running.get(request.id)?.abort();
      return;
    }
    const probe = probeFor(request.workspaceRoot);
    if (request.type === 'probe-keep') {
      probe?.keepModules(request.specs);
      return;
    }
    const { id } = request;
    if (!probe) {
      post({
        type: 'probe-result',
        id,
        result: undefined,
        coldReason: 'the language server keeps no warm imports check for this workspace',
      });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    probe
      // the gate's run: a completion's check asked for meanwhile goes ahead of it
      .run(request.stdin, controller.signal, true)
      .then(
        (result) =>
          post({
            type: 'probe-result',
            id,
            // only what the check reads crosses the threads
            result: result ? { stdout: result.stdout } : undefined,
            coldReason: result ? undefined : probe.coldReason,
          }),
        (error: unknown) =>
          post({
            type: 'probe-result',
            id,
            result: undefined,
            coldReason: `the warm probe failed: ${error instanceof Error ? error.message : String(error)}`,
          }),
      )
      .finally(() => running.delete(id));
  };
}
