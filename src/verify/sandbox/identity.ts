import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { SandboxInit } from './sandbox-init.js';
import { findTool } from './tools.js';

/**
 * Who a sandboxed program is. As an ordinary user, bubblewrap maps that user into the sandbox's user
 * namespace and the program runs as them: it can read the project (the user's own files) and RLIMIT_NPROC
 * counts its processes. As root neither comes for free: the kernel exempts uid 0 from RLIMIT_NPROC (a
 * fork bomb would not be stopped, in any user namespace), and an unprivileged uid cannot read a project
 * in a private folder (`mktemp -d`, anything under /root: mode 0700).
 *
 * So as root the sandbox's user namespace maps every id to itself (written by vouch from outside, which
 * only root may do: bubblewrap waits on `--userns-block-fd` until the maps are there), bubblewrap sets the
 * sandbox up as root inside it, and the program starts through `setpriv` as uid/gid 65534 holding one
 * capability, CAP_DAC_READ_SEARCH, in that namespace only: it reads and lists whatever the sandbox shows it
 * (the project, the interpreter), writes nothing but its tmpfs, and as a real non-zero uid is held to
 * RLIMIT_NPROC. No other capability can come back: the bounding set holds only that one and bubblewrap set
 * no-new-privs. The seccomp filter (seccomp.ts) refuses `open_by_handle_at` and nested user namespaces.
 */

/** The unprivileged uid/gid a program runs as when vouch runs as root ("nobody"). */
export const SANDBOX_UID = 65534;

const EVERY_ID = '0 0 4294967295\n';

export function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The descriptors of the handshake with bubblewrap, when vouch runs as root. */
export interface RootHandshake {
  /** bubblewrap waits for one byte here before it sets the sandbox up */
  blockFd: number;
}

/** bubblewrap options for root mode: a user namespace of our own making and the capabilities setpriv needs. */
export function rootNamespaceArgs(handshake: RootHandshake): string[] {
  return [
    '--unshare-user',
    '--userns-block-fd',
    String(handshake.blockFd),
    '--cap-add',
    'CAP_SETUID',
    '--cap-add',
    'CAP_SETGID',
    '--cap-add',
    'CAP_DAC_READ_SEARCH',
  ];
}

/** The command prefix that drops root inside the sandbox (util-linux `setpriv`). */
export function dropRootPrefix(): string[] {
  return [
    findTool('setpriv'),
    `--reuid=${SANDBOX_UID}`,
    `--regid=${SANDBOX_UID}`,
    '--clear-groups',
    '--inh-caps=-all,+dac_read_search',
    '--ambient-caps=-all,+dac_read_search',
    '--bounding-set=-all,+dac_read_search',
    // access(2) checks a non-root caller with no capabilities at all unless this bit is set: without it
    // `fs.existsSync` (Vite, bundlers) says "no" for files that `open` reads fine
    '--securebits=+no_setuid_fixup',
    '--',
  ];
}

/**
 * Completes the handshake for a bubblewrap started in root mode: once the sandbox's init is known (its pid
 * from the info descriptor, see sandbox-init.ts), maps every uid and gid to itself in its user namespace,
 * then lets bubblewrap go on. Resolves once bubblewrap was released; rejects (after which the caller kills
 * the process group) when it died first or the maps could not be written.
 */
export async function completeRootHandshake(
  child: ChildProcess,
  handshake: RootHandshake,
  init: Promise<SandboxInit | undefined>,
): Promise<void> {
  const block = child.stdio[handshake.blockFd] as Writable | null | undefined;
  if (!block) throw new Error('the sandbox handshake descriptors are missing');
  block.on('error', () => undefined);
  const known = await init;
  if (!known) throw new Error('bubblewrap stopped before it created the sandbox');
  try {
    writeFileSync(`/proc/${known.pid}/uid_map`, EVERY_ID);
    writeFileSync(`/proc/${known.pid}/gid_map`, EVERY_ID);
  } catch (error) {
    throw new Error(`could not map the sandbox's user ids: ${(error as Error).message}`);
  }
  block.end('1');
}
