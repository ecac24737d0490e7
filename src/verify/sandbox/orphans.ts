import { readdir, readFile, readlink } from 'node:fs/promises';
import { SANDBOX_WORK_DIR } from './types.js';

/**
 * Sandboxes left waiting forever by a vouch process that died while starting them.
 *
 * bubblewrap clones the sandbox's first process, which then waits on an eventfd until its parent has set
 * the user namespace up and lets it go; it arms `--die-with-parent` only after that wait. The parent itself
 * dies with vouch. So when vouch is killed outright (SIGKILL, the OOM killer, a test runner's timeout)
 * between the clone and the release — as root that window spans the whole identity handshake, which vouch
 * completes from outside (identity.ts) — the child is left blocked for good, reparented to init, holding its
 * namespaces. Nothing inside it runs: it never reached the user's program. But every interrupted run left
 * one more (seen in CI as root), so the first sandbox a vouch process starts also clears them. (An init that
 * was let go before vouch died but had not armed yet is not left here: it forks the launcher, which finds
 * vouch gone and exits without starting the program, or, if vouch's last thread was still exiting, starts
 * it with a watcher that kills the sandbox once that thread is gone; the init then exits too:
 * close-inherited-fds.ts.)
 *
 * A process is such an orphan only when all of these hold: its name is `bwrap`; its command line is one
 * vouch builds (the sandbox's work-dir tmpfs, `--die-with-parent`); it belongs to the same user; it is in
 * a PID namespace other than its parent's (it is a sandbox's first process, not a `bwrap` someone started);
 * and its parent is not a `bwrap` (the parent that would release it is gone). A running sandbox's first
 * process always has its live `bwrap` parent, so it is never touched. Reading another user's namespaces
 * takes the right to inspect them, so in practice this clears orphans as root, where the window is wide.
 */
export async function sweepOrphanedSandboxes(
  options: {
    /**
     * The work-dir tmpfs the command lines must name: vouch's own, `/sandbox`, unless a test sweeps only
     * the orphans it made under a folder of its own (where no other process's sweep can reach them first).
     */
    workDir?: string;
  } = {},
): Promise<number[]> {
  const workDir = options.workDir ?? SANDBOX_WORK_DIR;
  if (process.platform !== 'linux') return [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const killed: number[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      const pid = Number(entry);
      try {
        if ((await readFile(`/proc/${pid}/comm`, 'utf8')).trim() !== 'bwrap') return;
        if (!(await isOrphanedSandbox({ pid, uid, workDir }))) return;
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // gone meanwhile, or not ours to read
      }
    }),
  );
  return killed;
}

async function isOrphanedSandbox({
  pid,
  uid,
  workDir,
}: {
  pid: number;
  uid: number | undefined;
  workDir: string;
}): Promise<boolean> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  const ours =
    args.includes('--die-with-parent') && args.some((arg, i) => arg === '--tmpfs' && args[i + 1] === workDir);
  if (!ours) return false;
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => status.match(new RegExp(`^${name}:\\s*(\\d+)`, 'm'))?.[1];
  if (uid !== undefined && field('Uid') !== String(uid)) return false;
  const ppid = Number(field('PPid'));
  if (!ppid) return false;
  const own = await readlink(`/proc/${pid}/ns/pid`);
  // Init's namespace link may not be readable even by root (a container's init run by the host): a
  // process reparented to init is judged against this process's namespace instead.
  const parents = await readlink(`/proc/${ppid}/ns/pid`).catch(() =>
    ppid === 1 ? readlink('/proc/self/ns/pid') : own,
  );
  if (own === parents) return false;
  const parentName = (await readFile(`/proc/${ppid}/comm`, 'utf8')).trim();
  return parentName !== 'bwrap';
}
