import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { REPORT_BYTES } from '../../core/report-channel.js';
import { completeRootHandshake, type RootHandshake } from './identity.js';
import { OutputBuffer } from './output-buffer.js';
import { readSandboxInit, untilSandboxGone } from './sandbox-init.js';

export interface SpawnOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** the process could not be started at all */
  spawnError?: Error;
  /** the sandbox's identity handshake failed (the process group was killed) */
  setupError?: Error;
  /** with `report`: the raw text of the report channel, and whether it was cut at REPORT_BYTES */
  report?: { text: string; truncated: boolean };
}

/** The report channel of a run (report-channel.ts): the fd the key is read from, the fd reports come on. */
export interface ReportPipes {
  keyFd: number;
  reportFd: number;
  key: string;
  /** called with each complete raw line as it arrives (an interactive driver's answers) */
  onLine?: (line: string) => void;
}

export interface SpawnLimitedOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  /** written to fds `inputFd`, `inputFd` + 1, … of the child and closed (bubblewrap's `--file FD` and `--seccomp FD` read them) */
  inputs?: (string | Buffer)[];
  /** the first input's descriptor (default 3; a sandbox's is 4: planDescriptors) */
  inputFd?: number;
  /** pipes after stdio in all (default: up to the last input) */
  pipes?: number;
  /** bubblewrap started as root waits for vouch to map its user ids (identity.ts) */
  rootHandshake?: RootHandshake;
  /** bubblewrap writes its init's pid here: the outcome waits until the sandbox is gone (sandbox-init.ts) */
  infoFd?: number;
  /** the launcher's sign that vouch is alive (close-inherited-fds.ts): vouch closes its end once bubblewrap has exited */
  liveFd?: number;
  wallMs: number;
  outputBytes: number;
  signal?: AbortSignal;
  report?: ReportPipes;
  /** stdin stays open for the caller (an interactive session), who gets the child here */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * Once bubblewrap's outer process has exited (the program has, or the sandbox is being ended), vouch
 * closes its end of the launcher's `liveFd`: the watcher reads end-of-file, kills what is left in the
 * sandbox and exits, so the init ends at once, and the child's 'close' (which waits for every pipe, the
 * watcher's copy of this one among them) comes without waiting for that teardown.
 */
export function endLiveOnExit(child: ChildProcess, liveFd: number): void {
  child.once('exit', () => (child.stdio[liveFd] as Socket | null | undefined)?.destroy());
}

/** Feeds fds `inputFd`, `inputFd` + 1, … of a child spawned with extra pipes. */
export function writeInputs(
  child: ChildProcess,
  inputs: (string | Buffer)[] | undefined,
  inputFd: number,
): void {
  for (const [index, content] of (inputs ?? []).entries()) {
    const stream = child.stdio[inputFd + index] as NodeJS.WritableStream | null | undefined;
    if (!stream) continue;
    stream.on('error', () => undefined);
    stream.end(content);
  }
}

/** Kills the whole process group of `child` (it was started detached, so it leads its own group). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs one process in its own process group with a wall-time limit, capped output and cancellation.
 * bubblewrap is that process for sandboxed runs: killing its group kills the sandbox's init, and the
 * kernel then kills every process left in the sandbox's PID namespace; with `infoFd` the outcome waits
 * for that.
 */
export function spawnLimited(options: SpawnLimitedOptions): Promise<SpawnOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout = new OutputBuffer(options.outputBytes);
    const stderr = new OutputBuffer(options.outputBytes);
    let timedOut = false;
    let aborted = false;
    let spawnError: Error | undefined;
    let setupError: Error | undefined;
    const pipes = options.pipes ?? (options.inputFd ?? 3) - 3 + (options.inputs?.length ?? 0);
    const child = spawn(options.file, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', ...Array.from({ length: pipes }, () => 'pipe' as const)],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.wallMs);
    const onAbort = () => {
      aborted = true;
      killGroup(child);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {
      // the program may exit without reading its input (EPIPE)
    });
    if (options.onSpawn) options.onSpawn(child);
    else child.stdin.end(options.stdin ?? '');
    writeInputs(child, options.inputs, options.inputFd ?? 3);
    const report = options.report ? readReportPipe(child, options.report) : undefined;
    const init = options.infoFd === undefined ? undefined : readSandboxInit(child, options.infoFd);
    if (options.rootHandshake) {
      completeRootHandshake(child, options.rootHandshake, init ?? Promise.resolve(undefined)).catch(
        (error: Error) => {
          setupError = error;
          killGroup(child);
        },
      );
    }
    child.on('error', (error) => {
      spawnError = error;
    });
    if (options.liveFd !== undefined) endLiveOnExit(child, options.liveFd);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Anything the program left in its group, then whatever is left in the sandbox: the outcome comes
      // only once nothing the program started is alive.
      killGroup(child);
      const outcome: SpawnOutcome = {
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        timedOut,
        aborted,
        durationMs: performance.now() - started,
        ...(spawnError ? { spawnError } : {}),
        ...(setupError ? { setupError } : {}),
        ...(report ? { report: report() } : {}),
      };
      void untilSandboxGone(init).then(() => resolve(outcome));
    });
  });
}

/**
 * Gives the program its key (written, then the pipe closed) and collects its report channel, capped at
 * REPORT_BYTES. Returns what came, read when the program has closed.
 */
function readReportPipe(child: ChildProcess, pipes: ReportPipes): () => { text: string; truncated: boolean } {
  const keyStream = child.stdio[pipes.keyFd] as NodeJS.WritableStream | null | undefined;
  keyStream?.on('error', () => undefined);
  keyStream?.end(`${pipes.key}\n`);
  const stream = child.stdio[pipes.reportFd] as NodeJS.ReadableStream | null | undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let pending = '';
  stream?.on('error', () => undefined);
  stream?.on('data', (chunk: Buffer) => {
    if (size + chunk.length > REPORT_BYTES) {
      truncated = true;
      chunk = chunk.subarray(0, Math.max(0, REPORT_BYTES - size));
    }
    size += chunk.length;
    chunks.push(chunk);
    if (pipes.onLine) {
      pending += chunk.toString('utf8');
      let index = pending.indexOf('\n');
      while (index >= 0) {
        pipes.onLine(pending.slice(0, index));
        pending = pending.slice(index + 1);
        index = pending.indexOf('\n');
      }
    }
  });
  return () => ({ text: Buffer.concat(chunks).toString('utf8'), truncated });
}
