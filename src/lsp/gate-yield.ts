import { readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * While an inline completion is in flight, the processes the gate's thread started — the whole gates'
 * mypy, flake8 and Bandit in their sandboxes, each its own session and so its own scheduling group —
 * are stopped (SIGSTOP) and continued (SIGCONT) as soon as the completion is answered or cancelled, so
 * the editor's thread is not queued behind them for a core (issue 60: a completion waited p95 ~36–60 ms
 * for a core on two cores while the opened files' gates ran; a trace of the bench showed mypy runnable in
 * 94% of the samples taken during completions). Lowering their priority for good instead made the whole
 * gate 3.3× slower in VS Code under load; here they lose only the completion's milliseconds.
 *
 * Bounded, so the gates are never starved: one pause lasts at most `maxPauseMs` (then they run on, the
 * completion still in flight), and after a pause of d ms the next begins no sooner than d ms after it
 * ended — the gates get at least half the time, however often completions come. Completions that overlap
 * share one pause.
 *
 * Only what cannot be left stopped is stopped: in a sandbox the gate's thread started (a child of it that is
 * bubblewrap with `--die-with-parent`), the program and what it starts — never bubblewrap's own processes,
 * nor vouch's launcher that runs before the program (nor its watcher). bubblewrap arms `--die-with-parent` only after it
 * started (the outer process after its `clone()`, the sandbox's init just after it forks the program); one
 * stopped before that would stay stopped for good if the server died then. The launcher waits until the
 * init has armed and checks that vouch is still alive before it `exec`s the program
 * (verify/sandbox/close-inherited-fds.ts), so once a process is past the launcher every link is armed: if
 * the server is killed mid-pause the outer bubblewrap dies with it, its init with that, and the kernel
 * kills what is left in the sandbox's PID namespace (a stopped process still dies of SIGKILL); an exit of
 * the server continues them first. A process outside the sandbox (an unsandboxed warm worker the user
 * accepted) is never stopped: nothing would continue it after a kill. Each stopped process's start time is
 * kept, and one whose pid now names another process is not continued. Linux only (`/proc`); elsewhere
 * nothing is paused.
 *
 * The cap's timer runs on the server's main event loop: a stalled main thread (a long synchronous task)
 * stretches a pause past `maxPauseMs`; the next pause still waits as long as that one lasted, so the gates
 * keep at least half the time.
 */
export interface GateYieldOptions {
  /** the threads whose child processes (and theirs) are paused: the gate's thread, once it said its id */
  threads: () => number[];
  /** the longest one pause lasts (default 250 ms) */
  maxPauseMs?: number;
  /** the clock the budget is kept with, in milliseconds (default `performance.now`) */
  now?: () => number;
}

const DEFAULT_MAX_PAUSE_MS = 250;

export class GateYield {
  private holders = 0;
  private stopped: StoppedProcess[] = [];
  /** the milliseconds of the pauses that ended */
  private pausedBefore = 0;
  private pausedAt: number | undefined;
  /** the next pause begins no sooner than this */
  private notBefore = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private readonly threads: () => number[];
  private readonly onExit = () => this.resume();

  constructor(options: GateYieldOptions) {
    this.threads = options.threads;
    this.maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** A completion starts: the gate's processes pause (budget allowing); the function returned ends it. */
  hold(): () => void {
    this.holders++;
    if (this.holders === 1) this.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0) this.resume();
    };
  }

  /** How many of the gate's processes are stopped now (for the timing log). */
  get paused(): number {
    return this.stopped.length;
  }

  /**
   * How many milliseconds the gate's processes have been paused in all, the pause going on included: a
   * whole gate's time budget is extended by what fell inside its run (server.ts).
   */
  pausedMs(): number {
    return this.pausedBefore + (this.pausedAt === undefined ? 0 : Math.max(0, this.now() - this.pausedAt));
  }

  /** The server ends: whatever is stopped continues, and no pause begins. */
  close(): void {
    this.resume();
    this.notBefore = Number.POSITIVE_INFINITY;
  }

  private pause(): void {
    if (process.platform !== 'linux') return;
    const now = this.now();
    if (now < this.notBefore) return;
    const stopped: StoppedProcess[] = [];
    for (const pid of sandboxTrees(this.threads())) {
      const startTime = startTimeOf(pid);
      if (startTime === undefined) continue;
      try {
        process.kill(pid, 'SIGSTOP');
        stopped.push({ pid, startTime });
      } catch {
        // gone meanwhile
      }
    }
    if (stopped.length === 0) return;
    this.stopped = stopped;
    this.pausedAt = now;
    process.once('exit', this.onExit);
    this.timer = setTimeout(() => this.resume(), this.maxPauseMs);
    this.timer.unref();
  }

  private resume(): void {
    if (this.pausedAt === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    process.off('exit', this.onExit);
    for (const { pid, startTime } of this.stopped) {
      // gone meanwhile (killed by its time limit, or the gate's abort), its pid maybe taken by another
      if (startTimeOf(pid) !== startTime) continue;
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    }
    const now = this.now();
    this.pausedBefore += Math.max(0, now - this.pausedAt);
    this.notBefore = now + Math.max(0, now - this.pausedAt);
    this.pausedAt = undefined;
    this.stopped = [];
  }
}

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

interface StoppedProcess {
  pid: number;
  /** field 22 of `/proc/<pid>/stat`: tells the process from a later one that took its pid */
  startTime: string;
}

/** A process's start time (field 22 of `/proc/<pid>/stat`), or undefined when it is gone. */
function startTimeOf(pid: number): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === '') return undefined;
  // the command name in parentheses may hold spaces and parentheses: fields are counted after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return undefined;
  return fields[19];
}

/** The children of one task (a thread, or a process's main thread), from Linux's `/proc/…/children`. */
function childrenOf(path: string): number[] {
  return read(`${path}/children`)
    .split(' ')
    .filter((word) => word.trim() !== '')
    .map(Number);
}

/**
 * The files a tool of the sandbox's is run from (bubblewrap; `bash`, and `setpriv` for the launcher's watcher
 * in root mode), by device and inode: where verify/sandbox/tools.ts's `findTool` looks for them (the standard
 * directories, then PATH). Written out here, as their names are, since a face does not import the sandbox's
 * modules.
 */
function toolFiles(tools: readonly string[]): Set<string> {
  const files = new Set<string>();
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin', ...(process.env.PATH ?? '').split(delimiter)])
    for (const tool of tools) {
      if (!dir) continue;
      const file = fileId(join(dir, tool));
      if (file) files.add(file);
    }
  return files;
}

/** A file's device and inode, or undefined when it cannot be read. */
function fileId(path: string): string | undefined {
  try {
    const { dev, ino } = statSync(path);
    return `${dev}:${ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether the kernel says the process runs one of `files` (`/proc/<pid>/exe`, which no process can rename):
 * undefined when that cannot be read, and then only its command line speaks for it.
 */
function runsOneOf(pid: number, files: ReadonlySet<string>): boolean | undefined {
  const exe = fileId(`/proc/${pid}/exe`);
  return exe === undefined ? undefined : files.has(exe);
}

/** bubblewrap by its command line, and by the file it runs when that can be read (see `isLauncher`) */
const isBubblewrap = (pid: number, files: ToolFiles): boolean =>
  runsOneOf(pid, files.bubblewrap) !== false &&
  /(^|\/)bwrap$/.test(read(`/proc/${pid}/cmdline`).split('\0')[0] ?? '');

/** the files, by device and inode, bubblewrap and the launcher run from */
interface ToolFiles {
  bubblewrap: Set<string>;
  launcher: Set<string>;
}

/**
 * vouch's sandbox launcher (verify/sandbox/close-inherited-fds.ts, `LAUNCHER_NAME`): `bash -pc <script>
 * vouch-launch …`, waiting for the sandbox's init to arm and checking that vouch is alive. Until it has
 * run its `exec`, the sandbox may not be armed throughout, so it is never paused. Its watcher (a fork of
 * it, the init's child beside the program, with the same command line) kills the sandbox when vouch's
 * process is gone: never paused either.
 *
 * Told by what the kernel keeps, not only by what the process says (w168): a child of the init of a
 * sandbox vouch's thread started (`below`), running the bash (or setpriv) the launcher runs as — the file
 * `/proc/<pid>/exe` names, which no process can rename — and with the launcher's command line (only the
 * command line when `exe` cannot be read: never paused is the side to err on). bubblewrap's own processes
 * are told the same way. A program that rewrites its command line to read as the launcher's (its argv
 * memory, `/proc/<pid>/cmdline`) still runs its own executable, and is paused. What this cannot tell apart is a program that itself `exec`s
 * bash with the launcher's name: it is left running, as the launcher would be (a pause skipped costs a
 * completion a core; a launcher stopped before its sandbox is armed could stay stopped for good).
 */
const isLauncher = (pid: number, files: ToolFiles): boolean => {
  if (runsOneOf(pid, files.launcher) === false) return false;
  const args = read(`/proc/${pid}/cmdline`).split('\0');
  if (/(^|\/)bash$/.test(args[0] ?? '')) return args[1] === '-pc' && args[3] === 'vouch-launch';
  // the watcher of a launcher holding capabilities (root mode), between its fork and its exec of bash
  return /(^|\/)setpriv$/.test(args[0] ?? '') && args.includes('-pc') && args.includes('vouch-launch');
};

/** A sandbox's root: bubblewrap that dies with its parent (its arguments from `/proc/…/cmdline`). */
function diesWithParent(pid: number): boolean {
  const args = read(`/proc/${pid}/cmdline`).split('\0');
  return /(^|\/)bwrap$/.test(args[0] ?? '') && args.includes('--die-with-parent');
}

/**
 * The processes to pause in the sandboxes the threads started, parents before their children: below each
 * sandbox's bubblewrap processes (never those), the program and everything it started. A sandbox still
 * starting (bubblewrap's processes only, the program's not yet past its `exec`: still named bwrap, or
 * still vouch's launcher) has none yet.
 */
export function sandboxTrees(threads: number[]): number[] {
  const found: number[] = [];
  const walk = (pid: number) => {
    found.push(pid);
    // a sandbox's processes start theirs from their main thread (bubblewrap, the shell, Python's
    // subprocess): each is asked once, not each of its threads (half the reads of /proc)
    for (const child of childrenOf(`/proc/${pid}/task/${pid}`)) walk(child);
  };
  let known: ToolFiles | undefined;
  const files = () =>
    (known ??= { bubblewrap: toolFiles(['bwrap']), launcher: toolFiles(['bash', 'setpriv']) });
  /** through bubblewrap's own processes (the outer one, the sandbox's init) to what they run */
  const below = (pid: number) => {
    for (const child of childrenOf(`/proc/${pid}/task/${pid}`))
      if (isBubblewrap(child, files())) below(child);
      else if (!isLauncher(child, files())) walk(child);
  };
  for (const tid of threads)
    for (const child of childrenOf(`/proc/self/task/${tid}`)) if (diesWithParent(child)) below(child);
  return found;
}

export interface PauseExtendedBudgetOptions {
  /** the run's own time, in milliseconds */
  budgetMs: number;
  /** the gate's processes' paused milliseconds in all (`GateYield.pausedMs`) */
  pausedMs: () => number;
  /** the budget is spent */
  onOver: () => void;
}

/**
 * A whole gate's time budget that does not count the time its processes were paused for completions:
 * when `budgetMs` has passed, the milliseconds paused since it began are granted on top (and then those
 * paused during what was granted), and `onOver` is called only once none were. Returns what cancels it.
 */
export function pauseExtendedBudget(options: PauseExtendedBudgetOptions): () => void {
  const pausedAtStart = options.pausedMs();
  let granted = 0;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const extra = options.pausedMs() - pausedAtStart - granted;
    if (extra > 0) {
      granted += extra;
      timer = setTimeout(check, extra);
      return;
    }
    timer = undefined;
    options.onOver();
  };
  timer = setTimeout(check, options.budgetMs);
  return () => clearTimeout(timer);
}
