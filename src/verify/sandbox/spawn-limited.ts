import { type ChildProcess, spawn } from 'node:child_process';
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
}

export interface SpawnLimitedOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  /** written to fds 3, 4, … of the child and closed (bubblewrap's `--file FD` and `--seccomp FD` read them) */
  inputs?: (string | Buffer)[];
  /** pipes after stdio in all (default: one per input) */
  pipes?: number;
  /** bubblewrap started as root waits for vouch to map its user ids (identity.ts) */
  rootHandshake?: RootHandshake;
  /** bubblewrap writes its init's pid here: the outcome waits until the sandbox is gone (sandbox-init.ts) */
  infoFd?: number;
  wallMs: number;
  outputBytes: number;
  signal?: AbortSignal;
}

/** Feeds fds 3, 4, … of a child spawned with extra pipes. */
export function writeInputs(child: ChildProcess, inputs: (string | Buffer)[] | undefined): void {
  for (const [index, content] of (inputs ?? []).entries()) {
    const stream = child.stdio[3 + index] as NodeJS.WritableStream | null | undefined;
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
    const pipes = options.pipes ?? options.inputs?.length ?? 0;
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
    child.stdin.end(options.stdin ?? '');
    writeInputs(child, options.inputs);
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
      };
      void untilSandboxGone(init).then(() => resolve(outcome));
    });
  });
}
