import { type ChildProcess, spawn } from 'node:child_process';
import { OutputBuffer } from './output-buffer.js';

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
}

export interface SpawnLimitedOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  uid?: number;
  gid?: number;
  stdin?: string;
  /** written to fds 3, 4, … of the child and closed (bubblewrap's `--file FD` reads them) */
  inputs?: string[];
  wallMs: number;
  outputBytes: number;
  signal?: AbortSignal;
}

/** Feeds fds 3, 4, … of a child spawned with extra pipes. */
export function writeInputs(child: ChildProcess, inputs: string[] | undefined): void {
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
 * kernel then kills every process left in the sandbox's PID namespace.
 */
export function spawnLimited(options: SpawnLimitedOptions): Promise<SpawnOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const stdout = new OutputBuffer(options.outputBytes);
    const stderr = new OutputBuffer(options.outputBytes);
    let timedOut = false;
    let aborted = false;
    let spawnError: Error | undefined;
    const child = spawn(options.file, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', ...(options.inputs ?? []).map(() => 'pipe' as const)],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
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
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Anything the program left in its group (bubblewrap's children die with it anyway).
      killGroup(child);
      resolve({
        exitCode,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        timedOut,
        aborted,
        durationMs: performance.now() - started,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}
