import { findTool } from './tools.js';

/**
 * A sandboxed program gets stdin, stdout, stderr and its own channel, nothing else. Descriptors reach it
 * two ways that no spawn option stops: those vouch itself inherited without close-on-exec (`vouch serve …
 * 200<host-file 201>>log`: Node cannot set FD_CLOEXEC or know which are its own), and bubblewrap's own
 * (the root handshake socket, `--userns-block-fd`, stays open in the program). So the first thing run
 * inside the sandbox closes every descriptor but 0–2 and `keep`, then execs the command.
 *
 * bash because it closes a descriptor numbered past 9 (`exec {fd}>&-`); dash parses `exec 200>&-` as the
 * command `200` with stdout closed. One more exec per sandbox (≈ 1.5 ms of CPU here).
 */
const CLOSE_SCRIPT = [
  'keep=" 0 1 2 $1 "; shift',
  // the glob is expanded before the loop: the descriptor that listed the folder is closed by then
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'for fd in /proc/self/fd/*; do n=${fd##*/}',
  '  case $keep in *" $n "*) ;; *) { exec {n}>&-; } 2>/dev/null ;; esac',
  'done',
  'exec "$@"',
].join('\n');

/** The argv prefix that closes every descriptor but stdio and `keep` before running what follows it. */
export function closeInheritedFdsPrefix(keep: readonly number[]): string[] {
  return [findTool('bash'), '-c', CLOSE_SCRIPT, 'vouch-close-fds', keep.join(' ')];
}
