import { spawnSync } from 'node:child_process';
import { EnvironmentError } from '../../core/errors.js';
import { systemMounts } from './bwrap-args.js';

export interface SandboxAvailability {
  available: boolean;
  reason?: string;
  hint?: string;
}

const INSTALL_HINT =
  'install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`) and allow user namespaces, or pass --unsafe-no-sandbox to run untrusted code without one';

let cached: Promise<SandboxAvailability> | undefined;

/** Root drops to this unprivileged uid inside the sandbox so RLIMIT_NPROC applies (root is exempt). */
export const SANDBOX_UID = 65534;

export function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function probe(): SandboxAvailability {
  if (process.platform !== 'linux') {
    return { available: false, reason: `no sandbox backend for ${process.platform}`, hint: INSTALL_HINT };
  }
  const identity = runsAsRoot() ? { uid: SANDBOX_UID, gid: SANDBOX_UID } : {};
  // One real round trip: a binary that exists is not enough when user namespaces are disabled.
  const result = spawnSync(
    'bwrap',
    ['--unshare-all', '--die-with-parent', ...systemMounts(), '--proc', '/proc', '--', 'true'],
    { encoding: 'utf8', timeout: 10_000, ...identity },
  );
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ENOENT') {
    return { available: false, reason: 'bubblewrap (`bwrap`) is not installed', hint: INSTALL_HINT };
  }
  if (error || result.status !== 0) {
    const detail = (result.stderr || error?.message || `exit ${result.status}`).trim();
    return {
      available: false,
      reason: `bubblewrap cannot create a sandbox here: ${detail}`,
      hint: INSTALL_HINT,
    };
  }
  const prlimit = spawnSync('prlimit', ['--version'], { encoding: 'utf8' });
  if (prlimit.error) {
    return {
      available: false,
      reason: '`prlimit` (util-linux) is missing, so limits cannot be set',
      hint: 'install util-linux (`apt-get install util-linux`)',
    };
  }
  return { available: true };
}

/** Whether bubblewrap works on this machine; probed once per process. */
export function sandboxAvailability(): Promise<SandboxAvailability> {
  cached ??= Promise.resolve().then(probe);
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
