import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { newReportKey, REPORT_BYTES, readReport, type SandboxReport } from '../../core/report-channel.js';
import { isEsmSource } from '../runners/transpile-typescript.js';
import { cleanEnvironment, limitArgs, planDescriptors } from './bwrap-args.js';
import { classify, signalFromExitCode } from './classify.js';
import { nodeSpareSource } from './node-worker-source.js';
import { OutputBuffer } from './output-buffer.js';
import { errorResult, type PendingJob, type PoolSlot } from './pool-slot.js';
import { UNSAFE_REASON } from './run-in-sandbox.js';
import { createScratch, type Scratch } from './scratch.js';
import { killGroup } from './spawn-limited.js';
import { spawnWarm } from './spawn-warm.js';
import { findTool } from './tools.js';
import { SANDBOX_WORK_DIR, type SandboxLimits, type SandboxResult } from './types.js';
import type { PoolSlotSetup, WarmPoolOptions } from './warm-pool.js';

const BOOTSTRAP = '.vouch-bootstrap.js';

interface Spare {
  child: ChildProcess;
  /** the job's report channel (report-channel.ts): where its key goes, and what came back */
  reportKeyFd: number;
  reportChunks: Buffer[];
  /** resolves once nothing that ran in the spare's sandbox is alive (after `done`) */
  untilGone(): Promise<void>;
  stdout: OutputBuffer;
  stderr: OutputBuffer;
  scratch: Scratch;
  booted: boolean;
  exited: boolean;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  /** resolves when the spare has booted or died */
  boot: Promise<void>;
  done: Promise<void>;
}

/**
 * A warm-pool slot for Node. Node cannot fork and `vm` contexts are no isolation, so every program gets a
 * whole fresh sandbox of its own (own PID namespace and tmpfs, gone with the program: no cleanup to get
 * wrong). The start-up cost is moved off the critical path: a spare sandbox with `node` already booted
 * waits for its job on stdin, and the next spare is started the moment a job takes the current one. A
 * running program cannot reach the next spare: it lives in another PID namespace.
 */
export class NodeSpareSlot implements PoolSlot {
  busy = false;
  private spare: Spare | undefined;
  private stopped = false;

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

  get warm(): boolean {
    return Boolean(this.spare?.booted && !this.spare.exited);
  }

  ready(): Promise<void> {
    if (!this.spare || this.spare.exited) this.spare = this.startSpare();
    return this.spare.boot;
  }

  take(pending: PendingJob): void {
    this.busy = true;
    const spare = this.spare && !this.spare.exited ? this.spare : this.startSpare();
    this.spare = undefined;
    // runOn hands the job over synchronously; only then is the next spare spawned (spawning blocks the
    // event loop for a few ms, which must not delay the program that is ready to go)
    const running = this.runOn(spare, pending);
    if (!this.stopped) this.spare = this.startSpare();
    void running.then((result) => {
      this.busy = false;
      pending.resolve(result);
      this.onIdle();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const spare = this.spare;
    this.spare = undefined;
    if (spare) {
      killGroup(spare.child);
      await Promise.race([
        spare.done.then(() => spare.untilGone()),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]);
      spare.scratch.remove();
    }
  }

  private startSpare(): Spare {
    const sandboxed = this.sandboxed;
    const scratch = createScratch(sandboxed ? {} : { [BOOTSTRAP]: nodeSpareSource() });
    // unsandboxed, the bootstrap is a file in the scratch dir and only the three extra pipes follow stdio
    const descriptors = planDescriptors(sandboxed ? { [BOOTSTRAP]: nodeSpareSource() } : {}, {
      sandboxed,
      extraPipes: 3,
    });
    const [readyFd, reportKeyFd, reportFd] = descriptors.extra as [number, number, number];
    const workDir = sandboxed ? SANDBOX_WORK_DIR : scratch.workDir;
    const env = cleanEnvironment(workDir, {});
    const command = [
      ...limitArgs(this.limits, findTool('prlimit'), true),
      'node',
      `--max-old-space-size=${this.limits.memoryMb}`,
      `${workDir}/${BOOTSTRAP}`,
      String(readyFd),
      String(reportKeyFd),
      String(reportFd),
    ];
    const { child, untilGone } = spawnWarm({
      sandboxed,
      command,
      env,
      descriptors,
      scratchDir: scratch.workDir,
      diskMb: this.limits.diskMb,
      projectDir: this.options.projectDir,
      readOnlyPaths: this.options.readOnlyPaths,
    });
    const reportChunks: Buffer[] = [];
    const reportStream = child.stdio[reportFd] as Readable | null;
    reportStream?.on('error', () => undefined);
    reportStream?.on('data', (chunk: Buffer) => {
      if (reportChunks.reduce((sum, part) => sum + part.length, 0) < REPORT_BYTES) reportChunks.push(chunk);
    });
    const spare: Spare = {
      child,
      untilGone,
      reportKeyFd,
      reportChunks,
      stdout: new OutputBuffer(this.limits.outputBytes),
      stderr: new OutputBuffer(this.limits.outputBytes),
      scratch,
      booted: false,
      exited: false,
      boot: Promise.resolve(),
      done: Promise.resolve(),
    };
    spare.done = new Promise((resolve) => {
      child.on('error', () => undefined);
      child.on('close', (code, signal) => {
        spare.exited = true;
        spare.exit = { code, signal };
        resolve();
      });
    });
    spare.boot = new Promise((resolve) => {
      (child.stdio[readyFd] as Readable).once('data', () => {
        spare.booted = true;
        resolve();
      });
      void spare.done.then(() => resolve());
    });
    (child.stdio[readyFd] as Readable).on('error', () => undefined);
    child.stdout?.on('data', (chunk: Buffer) => spare.stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => spare.stderr.push(chunk));
    (child.stdin as Writable).on('error', () => undefined);
    return spare;
  }

  private async runOn(spare: Spare, pending: PendingJob): Promise<SandboxResult> {
    const { job } = pending;
    const header = Buffer.from(
      JSON.stringify({
        source: job.source,
        esm: isEsmSource(job.source),
        files: job.files ?? {},
        ...(job.report ? { report: true } : {}),
      }),
    );
    const reportKey = job.report ? newReportKey() : undefined;
    const keyStream = spare.child.stdio[spare.reportKeyFd] as Writable | null;
    keyStream?.on('error', () => undefined);
    keyStream?.end(reportKey ? `${reportKey}\n` : '');
    const stdin = spare.child.stdin as Writable;
    const started = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(spare.child);
    }, job.timeoutMs ?? this.limits.wallMs);
    stdin.write(String(header.length).padStart(12, '0'));
    stdin.write(header);
    stdin.end(job.stdin ?? '');
    await spare.done;
    clearTimeout(timer);
    const durationMs = performance.now() - started;
    killGroup(spare.child);
    // a daemon the program left behind may outlive the pipes and bubblewrap's outer process
    await spare.untilGone();
    spare.scratch.remove();
    const raw = spare.exit ?? { code: null, signal: null };
    const signal = raw.signal ?? (this.sandboxed ? signalFromExitCode(raw.code) : undefined) ?? null;
    const exitCode = signal ? null : raw.code;
    const stderr = spare.stderr.text();
    if (!spare.booted && !timedOut) {
      return {
        ...errorResult(
          `the Node sandbox could not start: ${stderr.trim().split('\n')[0] ?? ''}`,
          this.sandboxed,
        ),
        stderr,
      };
    }
    const { status, reason } = classify({ exitCode, signal, stderr, timedOut, aborted: false });
    const why = this.sandboxed ? reason : reason ? `${reason}; ${UNSAFE_REASON}` : UNSAFE_REASON;
    return {
      status,
      exitCode,
      ...(signal ? { signal } : {}),
      stdout: spare.stdout.text(),
      stderr,
      durationMs: Math.round(durationMs * 100) / 100,
      truncated: spare.stdout.truncated || spare.stderr.truncated,
      sandboxed: this.sandboxed,
      ...(why ? { reason: why } : {}),
      ...(reportKey ? { report: reportOf(spare.reportChunks, reportKey) } : {}),
    };
  }
}

function reportOf(chunks: Buffer[], key: string): SandboxReport {
  const raw = Buffer.concat(chunks);
  return readReport(raw.subarray(0, REPORT_BYTES).toString('utf8'), key, raw.length > REPORT_BYTES);
}
