import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * The sandbox's first process as the host sees it: bubblewrap's init in the sandbox's PID namespace.
 *
 * When the program is done, bubblewrap's outer process exits at once, while its init is still waiting for
 * whatever the program left behind (a daemon) and, always, for the launcher's watcher
 * (close-inherited-fds.ts). The init then dies with its parent (`--die-with-parent`),
 * and the kernel kills every process left in the namespace — but the init closes its descriptors before
 * that, so the pipes vouch reads from can be closed and the outer process gone while a daemon that let go
 * of its output is still alive (seen as an ordinary user: a daemon tree holding memory outlived the result
 * every time). The init's own exit is the one reliable mark: it completes only once every other process
 * of its namespace is gone. bubblewrap writes its pid to `--info-fd`; the start time read from /proc right
 * away tells it from a later process that reuses the pid.
 */
export interface SandboxInit {
  pid: number;
  startTime: string;
}

interface ProcessState {
  state: string;
  parent: number;
  startTime: string;
}

function processState(pid: number): ProcessState | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // the command name in parentheses may hold spaces and parentheses: fields are counted after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // field 3 is the state, 4 the parent, 22 the start time; fields[0] here is field 3
  return { state: fields[0] ?? '', parent: Number(fields[1]), startTime: fields[19] ?? '' };
}

/**
 * Reads bubblewrap's `{"child-pid": N, …}` from `infoFd` of `child` (bubblewrap closes it once written).
 * Resolves with undefined when bubblewrap stopped before it created the sandbox, or the init had already
 * exited by the time it was read (nothing is left to wait for then).
 */
export function readSandboxInit(child: ChildProcess, infoFd: number): Promise<SandboxInit | undefined> {
  const info = child.stdio[infoFd] as Readable | null | undefined;
  if (!info) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const pid = Number(/"child-pid":\s*(\d+)/.exec(text)?.[1]);
      const state = pid ? processState(pid) : undefined;
      // still bubblewrap's child: not a later process that took the pid of an init already gone
      const ours = state !== undefined && !isGone(state) && state.parent === child.pid;
      resolve(ours ? { pid, startTime: state.startTime } : undefined);
    };
    info.setEncoding('utf8');
    info.on('data', (chunk: string) => {
      text += chunk;
    });
    info.on('error', finish);
    info.on('end', finish);
    info.on('close', finish);
  });
}

const isGone = (state: ProcessState) => state.state === 'Z' || state.state === 'X';

function stillRunning(init: SandboxInit): boolean {
  const state = processState(init.pid);
  return state !== undefined && state.startTime === init.startTime && !isGone(state);
}

/**
 * Ends the sandbox whose outer bubblewrap process has exited and waits until its init has exited, which
 * is when the kernel has killed and reaped every process in it. Gives up after `limitMs` (the init is
 * SIGKILLed first, so it cannot take long unless the machine is stalled) and says so on stderr.
 */
export async function untilSandboxGone(
  init: Promise<SandboxInit | undefined> | undefined,
  limitMs = 5_000,
): Promise<void> {
  const known = await init;
  if (!known || !stillRunning(known)) return;
  try {
    process.kill(known.pid, 'SIGKILL');
  } catch {
    // exited meanwhile
  }
  const deadline = performance.now() + limitMs;
  while (stillRunning(known)) {
    if (performance.now() >= deadline) {
      process.stderr.write(
        `vouch: the sandbox (init pid ${known.pid}) was still exiting after ${limitMs} ms; its result is returned without waiting further\n`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
