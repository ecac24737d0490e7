import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';
import { newReportKey, readReport } from '../../core/report-channel.js';
import { cleanEnvironment, planDescriptors } from './bwrap-args.js';
import { classify } from './classify.js';
import { errorResult, type PendingJob, type PoolSlot } from './pool-slot.js';
import { pythonWorkerSource } from './python-worker-source.js';
import { UNSAFE_REASON } from './run-in-sandbox.js';
import { createScratch, type Scratch } from './scratch.js';
import { killGroup } from './spawn-limited.js';
import { spawnWarm } from './spawn-warm.js';
import { SANDBOX_WORK_DIR, type SandboxLimits, type SandboxResult } from './types.js';
import type { PoolSlotSetup, WarmPoolOptions } from './warm-pool.js';

type Pending = PendingJob;

const wireResult = z.object({
  id: z.number(),
  durationMs: z.number(),
  timedOut: z.boolean(),
  truncated: z.boolean(),
  memory: z.boolean(),
  exitCode: z.number().nullable(),
  signal: z.string().optional(),
  stdout: z.string(),
  stderr: z.string(),
  /** `checkHeld`: a module file the worker holds changed since it imported it (nothing ran) */
  stale: z.string().optional(),
  /** a job with `reportKey`: its report channel, as written */
  report: z.string().optional(),
  reportTruncated: z.boolean().optional(),
});
/** A line of the worker (python/sandbox_worker.py): ready, a job's result, or why the worker failed it. */
const WIRE_MESSAGE = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.number(), error: z.string() }),
  wireResult,
]);

/**
 * Programs of jobs with a `cwd` (vouch's probes, sent over and over) go to a worker process once, with an
 * id, and by the id after: the import probe is 20 kB that the worker would otherwise read, parse and hash
 * again for every check. At most this many per process; others are sent whole every time.
 */
const MAX_PROGRAMS = 8;

/** Extra time the host allows beyond a job's own timeout before it declares the worker hung. */
const WORKER_GRACE_MS = 5_000;

/** One sandboxed Python worker process and the job it is running; restarts itself when the process dies. */
export class PythonWorkerSlot implements PoolSlot {
  busy = false;
  get warm(): boolean {
    return this.process !== undefined && this.starting !== undefined && this.isReady;
  }
  private isReady = false;
  private process: ChildProcessWithoutNullStreams | undefined;
  /** resolves once nothing that ran in the current process's sandbox is alive (after it exited) */
  private untilGone: (() => Promise<void>) | undefined;
  private scratch: Scratch | undefined;
  private starting: Promise<void> | undefined;
  private current: (Pending & { id: number; timer?: NodeJS.Timeout; reportKey?: string }) | undefined;
  private nextId = 1;
  private buffer = '';
  private stopped = false;
  /** the programs the current worker process has (see MAX_PROGRAMS), by source */
  private programs = new Map<string, number>();
  /** ids are never reused within a worker process, so a program forgotten here cannot take another's id */
  private lastProgramId = 0;

  private readonly options: WarmPoolOptions;
  private readonly limits: SandboxLimits;
  private readonly sandboxed: boolean;
  private readonly onIdle: () => void;

  constructor({ options, limits, sandboxed, onIdle }: PoolSlotSetup) {
    this.options = options;
    this.limits = limits;
    this.sandboxed = sandboxed;
    this.onIdle = onIdle;
  }

  ready(): Promise<void> {
    this.starting ??= this.start();
    return this.starting;
  }

  take(pending: Pending): void {
    this.busy = true;
    void this.ready()
      .then(() => this.send(pending))
      .catch((error: unknown) => {
        this.finish(errorResult(`the sandbox worker could not start: ${String(error)}`, this.sandboxed));
      });
    this.current = { ...pending, id: 0 };
  }

  private send(pending: Pending): void {
    const id = this.nextId++;
    const timeoutMs = pending.job.timeoutMs ?? this.limits.wallMs;
    const timer = setTimeout(() => {
      // The worker enforces the timeout itself; this only fires when the worker is wedged.
      this.restart({ status: 'timeout', reason: 'wall-time limit reached; the sandbox worker was replaced' });
    }, timeoutMs + WORKER_GRACE_MS);
    const reportKey = pending.job.report ? newReportKey() : undefined;
    this.current = { ...pending, id, timer, ...(reportKey ? { reportKey } : {}) };
    const source = pending.job.source;
    let programId = pending.job.cwd ? this.programs.get(source) : undefined;
    const known = programId !== undefined;
    if (!known && pending.job.cwd && this.programs.size < MAX_PROGRAMS) {
      programId = ++this.lastProgramId;
      this.programs.set(source, programId);
    }
    const wire = {
      id,
      ...(known ? {} : { source }),
      ...(programId !== undefined ? { programId } : {}),
      stdin: pending.job.stdin ?? '',
      files: pending.job.files ?? {},
      ...(pending.job.cwd ? { cwd: pending.job.cwd } : {}),
      ...(pending.job.preload ? { preload: pending.job.preload } : {}),
      ...(pending.job.preloadMemoryMb ? { memoryMb: pending.job.preloadMemoryMb } : {}),
      ...(pending.job.preloadDistributions ? { distributions: true } : {}),
      ...(pending.job.inWorker ? { inWorker: true } : {}),
      ...(pending.job.checkHeld ? { checkHeld: true } : {}),
      ...(reportKey ? { reportKey } : {}),
      timeoutMs,
      outputBytes: this.limits.outputBytes,
      limits: {
        cpuSec: Math.max(1, Math.ceil(this.limits.cpuMs / 1000)),
        memoryMb: this.limits.memoryMb,
        // the worker (and, as an ordinary user, the sandbox's init) share the program's uid
        processes: this.limits.processes + 3,
        fileSizeMb: this.limits.fileSizeMb,
      },
    };
    this.process?.stdin.write(`${JSON.stringify(wire)}\n`);
  }

  private finish(result: SandboxResult): void {
    const current = this.current;
    this.current = undefined;
    this.busy = false;
    if (current?.timer) clearTimeout(current.timer);
    current?.resolve(result);
    this.onIdle();
  }

  private onLine(line: string): void {
    let message: z.output<typeof WIRE_MESSAGE>;
    try {
      message = parseExternalJson({ text: line, schema: WIRE_MESSAGE, source: 'the sandbox worker' });
    } catch {
      this.restart({
        status: 'killed',
        reason: 'the program corrupted its sandbox worker; the worker was replaced',
      });
      return;
    }
    if ('ready' in message) return;
    if (!this.current || message.id !== this.current.id) return;
    if ('error' in message) {
      // whatever went wrong, the program goes whole next time: a worker that somehow lacks it (an id it
      // never got) would otherwise fail every later job that names it
      if (this.current.job.cwd) this.programs.delete(this.current.job.source);
      this.finish(errorResult(`the sandbox worker failed: ${message.error}`, this.sandboxed));
      return;
    }
    const { status, reason } = classify({
      exitCode: message.exitCode,
      signal: message.signal ?? null,
      stderr: message.stderr,
      timedOut: message.timedOut,
      aborted: false,
      memory: message.memory,
    });
    const unsafe = this.sandboxed ? reason : reason ? `${reason}; ${UNSAFE_REASON}` : UNSAFE_REASON;
    this.finish({
      status,
      exitCode: message.exitCode,
      ...(message.signal ? { signal: message.signal } : {}),
      stdout: message.stdout,
      stderr: message.stderr,
      durationMs: Math.round(message.durationMs * 100) / 100,
      truncated: message.truncated,
      sandboxed: this.sandboxed,
      ...(unsafe ? { reason: unsafe } : {}),
      ...(typeof message.stale === 'string' ? { stale: message.stale } : {}),
      ...(this.current.reportKey
        ? {
            report: readReport(
              message.report ?? '',
              this.current.reportKey,
              message.reportTruncated === true,
            ),
          }
        : {}),
    });
  }

  /** Kills the worker, reports the running job with `outcome`, and starts a fresh worker. */
  private restart(outcome: Pick<SandboxResult, 'status' | 'reason'>): void {
    const dead = this.process;
    const gone = this.untilGone;
    this.process = undefined;
    this.untilGone = undefined;
    // its own 'exit' listener returns for a process that is no longer `this.process`; removing every
    // listener would also take others' (spawnWarm's end of liveFd, a caller waiting for the exit)
    if (dead) killGroup(dead);
    this.scratch?.remove();
    this.scratch = undefined;
    const job = this.current;
    if (job) {
      // Reported once the dead worker's sandbox is gone, with whatever the job had started in it. The slot
      // stays busy until then; the job's wedge timer must not restart the fresh worker meanwhile, and only
      // this job is finished (a pool closed meanwhile has reported it already, and the slot may have a
      // new job by then).
      if (job.timer) clearTimeout(job.timer);
      const result = { ...errorResult('', this.sandboxed), ...outcome };
      void (gone?.() ?? Promise.resolve()).then(() => {
        if (this.current === job) this.finish(result);
      });
    }
    this.starting = undefined;
    if (!this.stopped) void this.ready().catch(() => undefined);
  }

  private start(): Promise<void> {
    this.isReady = false;
    const files: Record<string, string> = { 'worker.py': pythonWorkerSource() };
    const scratch = createScratch(this.sandboxed ? {} : files);
    const descriptors = planDescriptors(this.sandboxed ? files : {}, { sandboxed: this.sandboxed });
    this.scratch = scratch;
    const home = this.sandboxed ? SANDBOX_WORK_DIR : scratch.workDir;
    const env = cleanEnvironment(home, {});
    // -I: the worker's own path is not importable by programs; the project (when given) is, after the job dir
    const command = [
      this.options.pythonPath ?? 'python3',
      '-I',
      `${home}/worker.py`,
      JSON.stringify(env),
      this.options.projectDir ?? '',
    ];
    const { child: spawned, untilGone } = spawnWarm({
      sandboxed: this.sandboxed,
      command,
      env,
      descriptors,
      scratchDir: scratch.workDir,
      diskMb: this.limits.diskMb,
      projectDir: this.options.projectDir,
      readOnlyPaths: this.options.readOnlyPaths,
    });
    // stdin, stdout and stderr are pipes (spawnWarm)
    const child = spawned as ChildProcessWithoutNullStreams;
    this.process = child;
    this.untilGone = untilGone;
    this.buffer = '';
    this.programs = new Map();
    this.lastProgramId = 0;
    let stderr = '';
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        // a replaced worker's late lines belong to no job
        if (this.process !== child) return;
        this.buffer += chunk;
        let index = this.buffer.indexOf('\n');
        while (index >= 0) {
          const line = this.buffer.slice(0, index);
          this.buffer = this.buffer.slice(index + 1);
          if (!ready && line.includes('"ready"')) {
            ready = true;
            this.isReady = true;
            resolve();
          }
          this.onLine(line);
          index = this.buffer.indexOf('\n');
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        if (stderr.length < 8192) stderr += chunk;
      });
      child.stdin.on('error', () => undefined);
      child.on('error', (error) => {
        if (!ready) reject(error);
      });
      child.on('exit', () => {
        if (this.process !== child) return;
        if (!ready) {
          this.process = undefined;
          this.scratch?.remove();
          this.scratch = undefined;
          this.starting = undefined;
          reject(new Error(`the sandbox worker exited before it was ready: ${stderr.trim() || 'no output'}`));
          return;
        }
        this.restart({
          status: 'killed',
          reason: 'the program killed its sandbox worker; the worker was replaced',
        });
      });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.process;
    const gone = this.untilGone;
    this.process = undefined;
    this.untilGone = undefined;
    if (child) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup(child);
      await Promise.race([exited.then(() => gone?.()), new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
    this.scratch?.remove();
    this.scratch = undefined;
    if (this.current) this.finish(errorResult('the warm pool was closed', this.sandboxed));
  }
}
