import { findTool } from './tools.js';

/**
 * A sandbox is a session of its own (spawned detached, then bubblewrap's `--new-session`), and where the
 * kernel groups sessions for scheduling (`CONFIG_SCHED_AUTOGROUP`), each session weighs as nice 0 against
 * the others whatever the nice value of its processes: the language server's whole gate (mypy, flake8 in
 * a sandbox each), started from its niced gate thread, took the cores as often as the thread answering
 * the editor (issue 60). So a background run sets its session's group to the nice value it inherited
 * (`/proc/self/autogroup`; raising a nice value needs no privilege), then execs the command: what the
 * command starts stays in that group. Where the kernel has no such grouping the file is absent and the
 * inherited nice value is what counts already.
 *
 * The kernel lets an unprivileged process change a group's nice value once per 100 ms machine-wide
 * (EAGAIN otherwise: the whole gates of a few files start their sandboxes together), so a refused write
 * is retried for up to 2 s by a helper that holds none of the program's descriptors and is not its
 * child (a program that waits for its children does not wait for it); the command starts at once.
 */
const SCRIPT = [
  'nice=$1; shift',
  'group() { { echo "$nice" >/proc/self/autogroup; } 2>/dev/null; }',
  'if [ "$nice" -gt 0 ] && [ -w /proc/self/autogroup ] && ! group; then',
  '  ( (',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  '    for fd in /proc/self/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && { exec {n}>&-; } 2>/dev/null; done',
  '    i=0; while [ "$i" -lt 20 ]; do sleep 0.1; group && break; i=$((i + 1)); done',
  '  ) </dev/null >/dev/null 2>&1 & )',
  'fi',
  'exec "$@"',
].join('\n');

/** The argv prefix that puts the session at nice `nice` (see above) before running what follows it. */
export function sessionPriorityPrefix(nice: number): string[] {
  return [findTool('bash'), '-c', SCRIPT, 'vouch-session-priority', String(nice)];
}
