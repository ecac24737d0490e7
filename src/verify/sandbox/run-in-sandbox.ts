import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { EnvironmentError } from '../../core/errors.js';
import { requireSandbox, runsAsRoot, SANDBOX_UID } from './availability.js';
import { bwrapArgs, cleanEnvironment, fileDescriptors, isNodeCommand, limitArgs } from './bwrap-args.js';
import { classify, signalFromExitCode } from './classify.js';
import { createScratch } from './scratch.js';
import { spawnLimited } from './spawn-limited.js';
import { resolveLimits, SANDBOX_WORK_DIR, type SandboxRequest, type SandboxResult } from './types.js';

export const UNSAFE_REASON = 'ran WITHOUT a sandbox (--unsafe-no-sandbox): the program could reach the host';

let prlimitPath: string | undefined;

/** util-linux `prlimit`, which must live in the read-only system view so the sandbox can run it. */
export function findPrlimit(): string {
  if (prlimitPath) return prlimitPath;
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', ...(process.env.PATH ?? '').split(delimiter)]) {
    const candidate = join(dir, 'prlimit');
    try {
      accessSync(candidate, constants.X_OK);
      prlimitPath = candidate;
      return candidate;
    } catch {
      // next
    }
  }
  throw new EnvironmentError('`prlimit` (util-linux) is missing, so sandbox limits cannot be set', {
    hint: 'install util-linux (`apt-get install util-linux`)',
  });
}

/**
 * As root the sandbox runs as an unprivileged uid (see availability.ts), which must be able to reach the
 * project: every parent traversable by others, the project itself readable by others.
 */
export function assertReadableBySandbox(path: string): void {
  if (!runsAsRoot()) return;
  let current = resolve(path);
  let first = true;
  for (;;) {
    let mode: number;
    try {
      mode = statSync(current).mode;
    } catch {
      return; // a missing path is reported by bubblewrap itself
    }
    const needed = first ? 0o005 : 0o001;
    if ((mode & needed) !== needed) {
      throw new EnvironmentError(
        `the sandbox runs as an unprivileged user (vouch runs as root) and cannot read ${path}: ${current} is not ${first ? 'readable' : 'traversable'} by others`,
        { hint: `make it readable (\`chmod o+rX ${current}\`), or run vouch as a normal user` },
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
    first = false;
  }
}

/**
 * Runs one command in a fresh bubblewrap sandbox: own network/PID/IPC/UTS/user namespaces, read-only
 * system, fresh writable work dir at /sandbox (also HOME), the project read-only, a clean environment and
 * RLIMITs. Without bubblewrap it refuses (EnvironmentError with a hint) unless `unsafeNoSandbox`.
 */
export async function runInSandbox(request: SandboxRequest): Promise<SandboxResult> {
  if (request.command.length === 0) throw new EnvironmentError('runInSandbox needs a command');
  const sandboxed = await requireSandbox(request.unsafeNoSandbox);
  if (!sandboxed && request.overlay && Object.keys(request.overlay).length > 0) {
    // Without a sandbox there is no private view of the project to lay files over; writing them into
    // the user's tree is never an option.
    throw new EnvironmentError('running code inside the project needs the sandbox (its overlay view)', {
      hint: 'install bubblewrap (`apt-get install bubblewrap`); --unsafe-no-sandbox only runs standalone snippets',
    });
  }
  const limits = resolveLimits(request.limits);
  if (sandboxed)
    for (const path of [request.projectDir, ...(request.readOnlyPaths ?? [])])
      if (path) assertReadableBySandbox(path);
  // Sandboxed, the work dir is a tmpfs filled by bubblewrap; only the unsafe path writes files on the host.
  const scratch = createScratch(sandboxed ? {} : request.files, request.overlay);
  const inputs = fileDescriptors(request.files);
  try {
    const node = isNodeCommand(request.command);
    const env = cleanEnvironment(sandboxed ? SANDBOX_WORK_DIR : scratch.workDir, {
      ...(node ? { NODE_OPTIONS: `--max-old-space-size=${limits.memoryMb}` } : {}),
      ...request.env,
    });
    const limited = [...limitArgs(limits, findPrlimit(), node), ...request.command];
    const identity = runsAsRoot() ? { uid: SANDBOX_UID, gid: SANDBOX_UID } : {};
    const outcome = sandboxed
      ? await spawnLimited({
          file: 'bwrap',
          args: bwrapArgs({
            files: inputs.map,
            diskMb: limits.diskMb,
            projectDir: request.projectDir,
            overlay: scratch.overlay,
            readOnlyPaths: request.readOnlyPaths ?? [],
            env,
            cwd: request.cwd ?? SANDBOX_WORK_DIR,
            command: limited,
          }),
          cwd: scratch.workDir,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
          ...identity,
          stdin: request.stdin,
          inputs: inputs.contents,
          wallMs: limits.wallMs,
          outputBytes: limits.outputBytes,
          signal: request.signal,
        })
      : await spawnLimited({
          file: limited[0] as string,
          args: limited.slice(1),
          cwd:
            !request.cwd || request.cwd.startsWith(SANDBOX_WORK_DIR)
              ? scratch.workDir + (request.cwd ?? SANDBOX_WORK_DIR).slice(SANDBOX_WORK_DIR.length)
              : request.cwd,
          env,
          stdin: request.stdin,
          wallMs: limits.wallMs,
          outputBytes: limits.outputBytes,
          signal: request.signal,
        });
    if (outcome.spawnError) {
      return {
        status: 'error',
        exitCode: null,
        stdout: '',
        stderr: outcome.stderr,
        durationMs: outcome.durationMs,
        truncated: false,
        sandboxed,
        reason: `could not start the ${sandboxed ? 'sandbox' : 'program'}: ${outcome.spawnError.message}`,
      };
    }
    const signal = outcome.signal ?? (sandboxed ? signalFromExitCode(outcome.exitCode) : undefined) ?? null;
    const exitCode = signal ? null : outcome.exitCode;
    let { status, reason } = classify({ ...outcome, exitCode, signal });
    // bubblewrap's own setup failures (a bind source missing or unreadable) come before the program.
    if (sandboxed && outcome.exitCode === 1 && /^bwrap: /m.test(outcome.stderr) && !outcome.stdout) {
      status = 'error';
      reason = `the sandbox could not be set up: ${outcome.stderr.trim().split('\n')[0]}`;
    }
    if (!sandboxed) reason = reason ? `${reason}; ${UNSAFE_REASON}` : UNSAFE_REASON;
    return {
      status,
      exitCode,
      ...(signal ? { signal } : {}),
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      durationMs: Math.round(outcome.durationMs * 10) / 10,
      truncated: outcome.truncated,
      sandboxed,
      ...(reason ? { reason } : {}),
    };
  } finally {
    scratch.remove();
  }
}
