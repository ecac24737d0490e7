import type { ChildProcess } from 'node:child_process';
import { EnvironmentError } from '../../core/errors.js';
import { newReportKey, REPORT_FD_ENV, REPORT_KEY_FD_ENV, readReport } from '../../core/report-channel.js';
import { admitSandbox } from './admission.js';
import { requireSandbox } from './availability.js';
import {
  bwrapArgs,
  cleanEnvironment,
  descriptorPlan,
  isNodeCommand,
  limitArgs,
  planDescriptors,
} from './bwrap-args.js';
import { classify, signalFromExitCode } from './classify.js';
import { hiddenProjectFiles } from './hidden-files.js';
import { errorResult } from './pool-slot.js';
import { createScratch } from './scratch.js';
import { type ReportPipes, spawnLimited } from './spawn-limited.js';
import { type ToolCaches, toolCaches } from './tool-caches.js';
import { findTool } from './tools.js';
import {
  resolveLimits,
  SANDBOX_WORK_DIR,
  type SandboxLimits,
  type SandboxRequest,
  type SandboxResult,
} from './types.js';

/** For an interactive run (sandbox-session.ts): the child once spawned, and report lines as they come. */
export interface SandboxHooks {
  /** stdin is left open: the caller writes to it and ends it */
  onSpawn?: (child: ChildProcess) => void;
  /** each report line's payload as it comes; undefined for a line without the run's key */
  onReportLine?: (payload: string | undefined) => void;
}

export const UNSAFE_REASON = 'ran WITHOUT a sandbox (--unsafe-no-sandbox): the program could reach the host';

/**
 * Runs one command in a fresh bubblewrap sandbox: own network/PID/IPC/UTS/user namespaces, read-only
 * system, fresh writable work dir at /sandbox (also HOME), the project read-only without its secrets
 * files, a clean environment, RLIMITs and a seccomp filter; as root, the program runs as an unprivileged
 * uid (identity.ts). Without bubblewrap it refuses (EnvironmentError with a hint) unless `unsafeNoSandbox`.
 */
export async function runInSandbox(
  request: SandboxRequest,
  hooks: SandboxHooks = {},
): Promise<SandboxResult> {
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
  // a place among the process's sandboxes (admission.ts): its memory and its tmpfs count against the cap
  const release = await admitSandbox(limits.memoryMb + limits.diskMb, request.signal, request.urgent);
  try {
    return await runAdmitted(request, hooks, { sandboxed, limits });
  } finally {
    release();
  }
}

async function runAdmitted(
  request: SandboxRequest,
  hooks: SandboxHooks,
  { sandboxed, limits }: { sandboxed: boolean; limits: SandboxLimits },
): Promise<SandboxResult> {
  let hidden: string[] = [];
  if (sandboxed && request.projectDir) {
    try {
      hidden = hiddenProjectFiles(request.projectDir);
    } catch (error) {
      return errorResult(
        `the project could not be screened for secrets files, so it is not shown to the sandbox: ${(error as Error).message}`,
        sandboxed,
      );
    }
  }
  // the tools' caches go to the sandbox's tmpfs, never to the read-only project (tool-caches.ts)
  const caches: ToolCaches | undefined =
    sandboxed && request.projectDir ? toolCaches(request.projectDir, request.env) : undefined;
  // Sandboxed, the work dir is a tmpfs filled by bubblewrap; only the unsafe path writes files on the host.
  const scratch = createScratch(sandboxed ? {} : request.files, request.overlay);
  const descriptors = planDescriptors(request.files, { sandboxed, extraPipes: request.report ? 2 : 0 });
  // unsandboxed, the scratch dir holds the files and only the two report pipes follow stdio
  const key = newReportKey();
  const onReportLine = hooks.onReportLine;
  const report: ReportPipes | undefined = request.report
    ? {
        keyFd: sandboxed ? (descriptors.extra[0] as number) : 3,
        reportFd: sandboxed ? (descriptors.extra[1] as number) : 4,
        key,
        ...(onReportLine
          ? {
              onLine: (line: string) =>
                onReportLine(line.startsWith(`${key} `) ? line.slice(key.length + 1) : undefined),
            }
          : {}),
      }
    : undefined;
  try {
    const node = isNodeCommand(request.command);
    const env = cleanEnvironment(sandboxed ? SANDBOX_WORK_DIR : scratch.workDir, {
      ...(node ? { NODE_OPTIONS: `--max-old-space-size=${limits.memoryMb}` } : {}),
      ...caches?.env,
      ...request.env,
      ...(caches?.env.PYTEST_ADDOPTS ? { PYTEST_ADDOPTS: caches.env.PYTEST_ADDOPTS } : {}),
      ...(report
        ? { [REPORT_FD_ENV]: String(report.reportFd), [REPORT_KEY_FD_ENV]: String(report.keyFd) }
        : {}),
    });
    const limited = [...limitArgs(limits, findTool('prlimit'), node), ...request.command];
    const outcome = sandboxed
      ? await spawnLimited({
          file: 'bwrap',
          args: bwrapArgs({
            files: descriptors.files,
            diskMb: limits.diskMb,
            projectDir: request.projectDir,
            overlay: scratch.overlay,
            hidden,
            ...(caches ? { writable: caches } : {}),
            readOnlyPaths: request.readOnlyPaths ?? [],
            env,
            cwd: request.cwd ?? SANDBOX_WORK_DIR,
            command: limited,
            ...descriptorPlan(descriptors),
          }),
          cwd: scratch.workDir,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
          stdin: request.stdin,
          inputs: descriptors.inputs,
          inputFd: descriptors.inputFd,
          pipes: descriptors.count,
          ...(descriptors.rootHandshake ? { rootHandshake: descriptors.rootHandshake } : {}),
          ...(descriptors.infoFd === undefined ? {} : { infoFd: descriptors.infoFd }),
          ...(descriptors.liveFd === undefined ? {} : { liveFd: descriptors.liveFd }),
          wallMs: limits.wallMs,
          outputBytes: limits.outputBytes,
          signal: request.signal,
          ...(report ? { report } : {}),
          ...(hooks.onSpawn ? { onSpawn: hooks.onSpawn } : {}),
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
          ...(report ? { report, pipes: 2 } : {}),
          ...(hooks.onSpawn ? { onSpawn: hooks.onSpawn } : {}),
        });
    const startError = outcome.spawnError ?? outcome.setupError;
    if (startError) {
      return {
        ...errorResult(
          `could not start the ${sandboxed ? 'sandbox' : 'program'}: ${startError.message}`,
          sandboxed,
        ),
        stderr: outcome.stderr,
        durationMs: outcome.durationMs,
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
      ...(report && outcome.report
        ? { report: readReport(outcome.report.text, report.key, outcome.report.truncated) }
        : {}),
    };
  } finally {
    scratch.remove();
  }
}
