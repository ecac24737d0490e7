import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, isVouchError } from '../../core/errors.js';
import { bwrapArgs, descriptorPlan, planDescriptors } from './bwrap-args.js';
import { sweepOrphanedSandboxes } from './orphans.js';
import { spawnLimited } from './spawn-limited.js';
import { findTool } from './tools.js';
import { SANDBOX_WORK_DIR } from './types.js';

export interface SandboxAvailability {
  available: boolean;
  reason?: string;
  hint?: string;
}

const INSTALL_HINT =
  'install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`) and allow user namespaces, or pass --unsafe-no-sandbox to run untrusted code without one';

let cached: Promise<SandboxAvailability> | undefined;

/**
 * One real round trip through the path every run takes (namespaces, seccomp filter, limits and, as root,
 * the identity handshake and the drop to an unprivileged uid): a `bwrap` binary that exists is not enough
 * when user namespaces are disabled or the kernel refuses a part of the set-up.
 */
async function probe(): Promise<SandboxAvailability> {
  if (process.platform !== 'linux') {
    return { available: false, reason: `no sandbox backend for ${process.platform}`, hint: INSTALL_HINT };
  }
  let command: string[];
  try {
    command = [findTool('prlimit'), '--nproc=8', '--', 'true'];
  } catch (error) {
    if (!isVouchError(error)) throw error;
    return { available: false, reason: error.message, hint: error.hint ?? INSTALL_HINT };
  }
  const scratch = mkdtempSync(join(tmpdir(), 'vouch-probe-'));
  try {
    const descriptors = planDescriptors({}, { sandboxed: true });
    let args: string[];
    try {
      args = bwrapArgs({
        files: descriptors.files,
        diskMb: 1,
        overlay: new Map(),
        readOnlyPaths: [],
        env: { PATH: '/usr/bin:/bin' },
        cwd: SANDBOX_WORK_DIR,
        command,
        ...descriptorPlan(descriptors),
      });
    } catch (error) {
      if (!isVouchError(error)) throw error;
      return { available: false, reason: error.message, hint: error.hint ?? INSTALL_HINT };
    }
    const outcome = await spawnLimited({
      file: 'bwrap',
      args,
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      inputs: descriptors.inputs,
      inputFd: descriptors.inputFd,
      pipes: descriptors.count,
      ...(descriptors.rootHandshake ? { rootHandshake: descriptors.rootHandshake } : {}),
      ...(descriptors.infoFd === undefined ? {} : { infoFd: descriptors.infoFd }),
      wallMs: 10_000,
      outputBytes: 8192,
    });
    const error = outcome.spawnError as NodeJS.ErrnoException | undefined;
    if (error?.code === 'ENOENT') {
      return { available: false, reason: 'bubblewrap (`bwrap`) is not installed', hint: INSTALL_HINT };
    }
    if (error || outcome.setupError || outcome.exitCode !== 0) {
      const detail = (
        outcome.stderr ||
        error?.message ||
        outcome.setupError?.message ||
        (outcome.timedOut ? 'no answer within 10 s' : `exit ${outcome.exitCode ?? outcome.signal}`)
      ).trim();
      return {
        available: false,
        reason: `bubblewrap cannot create a sandbox here: ${detail}`,
        hint: INSTALL_HINT,
      };
    }
    return { available: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Whether bubblewrap works on this machine; probed once per process, which also clears sandboxes a killed
 * vouch left waiting (orphans.ts).
 */
export function sandboxAvailability(): Promise<SandboxAvailability> {
  cached ??= Promise.all([probe(), sweepOrphanedSandboxes().catch(() => [])]).then(
    ([availability]) => availability,
  );
  return cached;
}

/** Throws an EnvironmentError that says how to get a sandbox, unless the user opted out explicitly. */
export async function requireSandbox(unsafeNoSandbox: boolean | undefined): Promise<boolean> {
  if (unsafeNoSandbox) return false;
  const availability = await sandboxAvailability();
  if (!availability.available) {
    throw new EnvironmentError(`no sandbox to run untrusted code: ${availability.reason}`, {
      hint: availability.hint ?? INSTALL_HINT,
    });
  }
  return true;
}
