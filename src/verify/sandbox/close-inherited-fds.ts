import { findTool } from './tools.js';

/**
 * The sandbox's launcher: the first thing run inside every sandbox, before the program. Two jobs.
 *
 * **The program never runs once vouch is gone.** bubblewrap arms `--die-with-parent` in three places: its
 * outer process right after its `clone()` (before it lets the sandbox's init go on), the init in its own
 * loop just after it forks the program, and the program before its `exec`. The init waits, unarmed, until
 * the outer process lets it go, then sets the sandbox up (mounts, files) and forks. A vouch killed outright
 * in that stretch (SIGKILL, the OOM killer, a test runner's timeout) takes the outer process with it, and
 * the init, orphaned before it armed, went on to run the program to its end, unsupervised (issue 60's gap:
 * CI saw a sandbox alive 10 s after its server was killed). So vouch passes bubblewrap one end of a
 * socket pair (`liveFd`) whose other end only vouch's own process holds (Node opens it close-on-exec:
 * nothing vouch starts inherits it; bubblewrap's outer process and the init close their copies), and the
 * launcher first waits until the init sleeps in its `wait()` (pid 1, its parent: state S in
 * `/proc/1/stat`, after the last `)`; the init armed just before; at most `LAUNCHER_ARM_WAIT_S`), then
 * polls `liveFd` (`read -t 0`, which never sleeps: a read with a timeout costs a wake-up, milliseconds on
 * a loaded machine; it is select(), so `liveFd` is fd 3, below FD_SETSIZE however many files follow).
 * While vouch lives and says nothing, there is nothing to read; once vouch's process is gone there is
 * end-of-file; a descriptor that is not open, or not a socket, is checked first (the poll would say
 * "nothing to read" on it): in these cases, and an init not in `wait()` within the bound, the launcher
 * exits 125 and the program is never started (vouch reports it as the program's exit code 125). Once it has seen vouch alive after the
 * init armed, every link is armed: vouch
 * → outer bubblewrap (armed before it let the init go), → init (armed), → the program (the init's death
 * kills its PID namespace). A vouch killed before the outer process armed leaves nothing running either:
 * the launcher sees it gone. What the launcher cannot end is an init that was never let go (the outer
 * process died first): it stays blocked, runs nothing, and the next vouch's first sandbox clears it
 * (orphans.ts).
 *
 * **Only the program's own descriptors.** A sandboxed program gets stdin, stdout, stderr and its own
 * channel, nothing else. Descriptors reach it two ways that no spawn option stops: those vouch itself
 * inherited without close-on-exec (`vouch serve … 200<host-file 201>>log`: Node cannot set FD_CLOEXEC or
 * know which are its own), and bubblewrap's own (the root handshake socket, `--userns-block-fd`, stays
 * open in the program). So the launcher closes every descriptor but 0–2 and `keep` (`liveFd` included),
 * then execs the command.
 *
 * bash because it closes a descriptor numbered past 9 (`exec {fd}>&-`; dash parses `exec 200>&-` as the
 * command `200` with stdout closed) and polls a descriptor (`read -t 0`). One more exec per sandbox
 * (≈ 1.5 ms of CPU here); the check adds what bench/notes/2026-11-27-sandbox-gap.md measured. The
 * language server never pauses the launcher (lsp/gate-yield.ts knows it by `LAUNCHER_NAME`): it pauses
 * only programs whose sandbox is armed throughout.
 */
const LAUNCHER_SCRIPT = [
  'keep=" 0 1 2 $1 "; live=$2; within=$3; shift 3',
  '[ "$PPID" = 1 ] || { echo "$0: not started by the init of a sandbox; the program is not run" >&2; exit 125; }',
  'SECONDS=0',
  'while :; do',
  '  read -r stat </proc/1/stat 2>/dev/null ||',
  '    { echo "$0: the state of the init of the sandbox cannot be read; the program is not run" >&2; exit 125; }',
  // the state follows the last ") ": the command name before it may hold spaces and parentheses
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  "  state=${stat##*') '}; state=${state%% *}",
  '  [ -S "/proc/self/fd/$live" ] ||',
  '    { echo "$0: descriptor $live is not open (or not a socket); the program is not run" >&2; exit 125; }',
  '  ! read -t 0 -u "$live" || { echo "$0: vouch is gone; the program is not run" >&2; exit 125; }',
  // S (read before the poll) means the init is asleep in wait(), armed: bubblewrap 0.8's init, once it
  // has forked this launcher, only drops its capabilities, closes its descriptors and arms
  // (PR_SET_PDEATHSIG) before wait(), none of which sleeps; preempted there it shows R, never S. (Before
  // the fork it does sleep, reading --file pipes, but then there is no launcher yet.)
  '  [ "$state" = S ] && break',
  // bounded, failing closed: an init that never reaches wait() (or a state misread) ends the launcher
  '  [ "$SECONDS" -le "$within" ] ||',
  '    { echo "$0: the init of the sandbox did not reach its wait() within $within s; the program is not run" >&2; exit 125; }',
  // not armed yet (rare): a moment, without spinning against the init for a core
  '  read -t 0.001 -u "$live" _',
  'done',
  // the glob is expanded before the loop: the descriptor that listed the folder is closed by then
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'for fd in /proc/self/fd/*; do n=${fd##*/}',
  '  case $keep in *" $n "*) ;; *) { exec {n}>&-; } 2>/dev/null ;; esac',
  'done',
  'exec "$@"',
].join('\n');

/** The launcher's `$0`: how a process still in the launcher is told from the program (lsp/gate-yield.ts). */
export const LAUNCHER_NAME = 'vouch-launch';

/**
 * How long the launcher waits for the sandbox's init to reach its `wait()` before it refuses (seconds,
 * counted in whole seconds: a little more). The init gets there microseconds after its fork; this only
 * bounds a wait that would otherwise have none (a warm pool's spare has no wall time).
 */
export const LAUNCHER_ARM_WAIT_S = 10;

/**
 * The argv prefix that runs the launcher: it waits for the sandbox's init to arm, checks that vouch is
 * still alive through `liveFd`, closes every descriptor but stdio and `keep`, and execs what follows it.
 */
export function launcherPrefix({
  keep,
  liveFd,
  armWaitS = LAUNCHER_ARM_WAIT_S,
}: {
  keep: readonly number[];
  liveFd: number;
  /** tests only: a shorter bound on the wait for the init */
  armWaitS?: number;
}): string[] {
  return [
    findTool('bash'),
    '-c',
    LAUNCHER_SCRIPT,
    LAUNCHER_NAME,
    keep.join(' '),
    String(liveFd),
    String(armWaitS),
  ];
}
