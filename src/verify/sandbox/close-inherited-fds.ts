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
 * exits 125 and the program is never started (vouch reports it as the program's exit code 125). Once it
 * has seen vouch alive after the init armed, every link is armed: vouch → outer bubblewrap (armed before
 * it let the init go), → init (armed), → the program (the init's death kills its PID namespace). A vouch
 * killed before the outer process armed leaves nothing running either: the launcher sees it gone. What
 * the launcher cannot end is an init that was never let go (the outer process died first): it stays
 * blocked, runs nothing, and the next vouch's first sandbox clears it (orphans.ts).
 *
 * **The watcher: vouch's process, not its thread.** The first link is armed against the *thread* that
 * started bubblewrap (PR_SET_PDEATHSIG fires when that thread exits), `liveFd` against vouch's *process*:
 * its end closes only when the last of vouch's threads has exited (libuv's pool, V8's, workers), which on
 * a loaded machine can be milliseconds or more later. A vouch killed outright while the init sets up
 * can so lose its outer bubblewrap while `liveFd` is still open; the init, orphaned unarmed, forks the
 * launcher, which sees vouch alive and would start the program for good (CI 71). So, last of all, the
 * launcher forks a watcher (bash, the same `$0`), forked twice so that the init adopts it: it is never the
 * program's child (a program that waits for all its children until ECHILD is not held by it, and never
 * sees it among them). It keeps `liveFd` alone, stdio on /dev/null, and blocks reading it; at
 * end-of-file (or any byte: vouch never writes) it SIGKILLs every process of the PID namespace it may
 * signal (`kill -1` spares the init and itself), after which the init has nothing left to wait for and
 * exits, and the namespace with it. The launcher then closes its own `liveFd`: the program never holds
 * it. In that window the program runs until vouch's last thread has exited, then dies. A fork that
 * fails (RLIMIT_NPROC as an ordinary user: bash retries for about 15 s first) is refused like the
 * checks, exit 125, never a program run unwatched. When bubblewrap's outer process exits (the program
 * has), vouch closes its end of `liveFd` (spawn-limited.ts): the watcher reads end-of-file and exits,
 * and the init with it; vouch SIGKILLs the init as it always did (sandbox-init.ts). As root the launcher
 * holds every capability of the sandbox's user namespace; the watcher execs through setpriv to a bash
 * holding CAP_KILL alone (bounding, permitted, effective, inheritable, ambient), in an empty environment,
 * and the launcher starts the program only once the watcher runs so: it can kill the program (uid
 * 65534), the program cannot kill it. As an ordinary user the program runs as the watcher's uid and can
 * kill it, stop it, or take its `liveFd` (pidfd_getfd: no Yama here) and write to vouch's end, which
 * vouch never reads: all of that removes only this extra guard, the chain above is armed for the
 * ordinary case; the watcher counts as one of the user's processes (RLIMIT_NPROC). The launcher runs as
 * `bash -p`, and the watcher unsets TMOUT: nothing in the program's environment (BASH_ENV, ENV, exported
 * functions, SHELLOPTS, BASHOPTS, TMOUT) changes what either runs.
 *
 * **Only the program's own descriptors.** A sandboxed program gets stdin, stdout, stderr and its own
 * channel, nothing else. Descriptors reach it two ways that no spawn option stops: those vouch itself
 * inherited without close-on-exec (`vouch serve … 200<host-file 201>>log`: Node cannot set FD_CLOEXEC or
 * know which are its own), and bubblewrap's own (the root handshake socket, `--userns-block-fd`, stays
 * open in the program). So the launcher closes every descriptor but 0–2, `keep` and `liveFd`, starts the
 * watcher, closes `liveFd`, then execs the command.
 *
 * bash because it closes a descriptor numbered past 9 (`exec {fd}>&-`; dash parses `exec 200>&-` as the
 * command `200` with stdout closed) and polls a descriptor (`read -t 0`). One more exec per sandbox
 * (≈ 1.5 ms of CPU here); the check and the watcher add what bench/notes/2026-11-27-sandbox-gap.md
 * measured. The language server never pauses the launcher nor its watcher (lsp/gate-yield.ts knows both by
 * `LAUNCHER_NAME` and by the bash or setpriv file they run): it pauses only programs whose sandbox is armed
 * throughout.
 */
const LAUNCHER_SCRIPT = [
  'keep=" 0 1 2 $1 "; own=$1; live=$2; within=$3; setpriv=$4; bash=$5; shift 5',
  // a TMOUT from the program's environment would time out the watcher's read (it is unset there, in the
  // watcher's own process: the program still gets it); `-p` (launcherPrefix) already ignores BASH_ENV,
  // ENV, exported functions, SHELLOPTS and BASHOPTS
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
  '  case "$keep$live " in *" $n "*) ;; *) { exec {n}>&-; } 2>/dev/null ;; esac',
  'done',
  // the launcher's capabilities (root in the sandbox's user namespace: all of them; an ordinary user: none)
  'caps=0; while read -r key value; do [ "$key" = CapEff: ] && { caps=$value; break; }; done </proc/self/status',
  // the watcher: forked twice (the command substitution's shell ends at once), so the init adopts it and
  // it is never the program's child; it keeps `liveFd` alone (stdio on /dev/null, the program's own
  // descriptors closed) and waits on it; at end-of-file (or any byte: vouch never writes) it SIGKILLs
  // every process of the PID namespace it may signal (-1 spares the init and itself). Holding
  // capabilities, it execs through setpriv to a bash holding CAP_KILL alone, in an empty environment
  // (`exec -c`), its $0 still the launcher's name. A fork that fails (bash retries for ~15 s first) ends
  // this shell (the EXIT trap refuses, 125) or leaves no pid (the test below refuses).
  'trap \'echo "$0: the watcher of the sandbox could not be started; the program is not run" >&2; exit 125\' EXIT',
  'watch=\'unset TMOUT; read -r -n 1 -u "$1" _; kill -s KILL -1\'',
  'watcher=$( { for n in $own; do exec {n}>&-; done',
  '  case $caps in *[!0]*) exec -c "$setpriv" --inh-caps=-all,+kill --ambient-caps=-all,+kill --bounding-set=-all,+kill "$bash" -pc "$watch" "$0" "$live" ;; esac',
  '  unset TMOUT; read -r -n 1 -u "$live" _; kill -s KILL -1; } </dev/null >/dev/null 2>&1 & echo "$!" )',
  '[ -n "$watcher" ] || exit',
  // through setpriv: the program starts only once the watcher runs as the bash that holds CAP_KILL alone
  // (its effective set is recomputed at that exec; before it, setpriv holds them all), alive; bounded
  'case $caps in *[!0]*)',
  '  until { wcaps=; wstate=; while read -r key value _; do case $key in State:) wstate=$value ;; CapEff:) wcaps=$value ;; esac; done </proc/$watcher/status; } 2>/dev/null',
  '    [ "$wcaps" = 0000000000000020 ] && [ "$wstate" != Z ]; do',
  '    [ -n "$wstate" ] && [ "$wstate" != Z ] && [ "$SECONDS" -le "$within" ] || exit',
  '    read -t 0.001 -u "$live" _',
  '  done ;;',
  'esac',
  'trap - EXIT',
  // the program never holds `liveFd`: only the watcher does
  'exec {live}>&-',
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
  const bash = findTool('bash');
  // `-p`: the program's environment (BASH_ENV, ENV, exported functions, SHELLOPTS, BASHOPTS) does not
  // change what the launcher runs
  return [
    bash,
    '-pc',
    LAUNCHER_SCRIPT,
    LAUNCHER_NAME,
    keep.join(' '),
    String(liveFd),
    String(armWaitS),
    setprivOrNone(),
    bash,
  ];
}

/** setpriv, needed by a launcher holding capabilities (root mode, which needs it anyway: identity.ts) */
function setprivOrNone(): string {
  try {
    return findTool('setpriv');
  } catch {
    return '';
  }
}
