import type { Value } from './taint.js';

/**
 * Programs that run the rest of their argument list as a program (review r44, w178): `nice`, `timeout 5`,
 * `sudo -u u`, `xargs`… put in front of `["sh", "-c", q]` still run the request's script. Each skips its own
 * options as the tool parses them (they stop at the first word that is not an option, or after `--`), then the
 * words it reads before the program (`timeout`'s duration, `taskset`'s mask, `chrt`'s priority).
 */
type Wrapper = {
  /** options that take the next word as their value */
  withValue?: readonly string[];
  /** words read after the options and before the program */
  positional?: number;
  /** options that make it run no program (`taskset -p`, `chrt -p`: a process id is changed) */
  noProgram?: readonly string[];
  /** `NAME=value` words among the options (`env`) */
  settings?: true;
};

const WRAPPERS: readonly (readonly [RegExp, Wrapper])[] = [
  [/^env$/, { withValue: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], settings: true }],
  [/^nice$/, { withValue: ['-n', '--adjustment'] }],
  [/^timeout$/, { withValue: ['-k', '-s', '--kill-after', '--signal'], positional: 1 }],
  [
    /^sudo$/,
    {
      withValue: [
        ...['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '-R'],
        ...['--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type'],
        ...['--command-timeout', '--other-user', '--chroot'],
      ],
    },
  ],
  [/^doas$/, { withValue: ['-u', '-C'] }],
  [/^nohup$/, {}],
  [/^stdbuf$/, { withValue: ['-i', '-o', '-e', '--input', '--output', '--error'] }],
  [/^ionice$/, { withValue: ['-c', '-n', '--class', '--classdata'], noProgram: ['-p', '-P', '-u', '--pid'] }],
  [
    /^chrt$/,
    { withValue: ['-T', '-P', '-D', '--sched-runtime', '--sched-period', '--sched-deadline'], positional: 1 },
  ],
  [/^taskset$/, { positional: 1, noProgram: ['-p', '--pid'] }],
  [/^setsid$/, {}],
  [
    /^xargs$/,
    {
      withValue: [
        ...['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s'],
        ...['--arg-file', '--delimiter', '--max-lines', '--max-args', '--max-procs', '--max-chars'],
        '--process-slot-var',
      ],
    },
  ],
  [/^time$/, { withValue: ['-f', '-o', '--format', '--output'] }],
  [/^unbuffer$/, {}],
  [/^runuser$/, { withValue: ['-u', '-g', '-G', '-w', '--user', '--group', '--supp-group'] }],
];

/** `su` (and `runuser` without `-u`): `-c`'s value is a script its shell runs. */
const SU = /^(?:su|runuser)$/;
const SU_SCRIPT = new Set(['-c', '--command', '--session-command']);
/** `ssh`'s options that take a value; after them the host, then the remote command, a shell's text. */
const SSH = /^ssh$/;
const SSH_WITH_VALUE = /^-[BbcDEeFIiJLlmOopQRSWw]$/;

const tainted = (value: Value | undefined) => !!value?.taint && value.taint.origins.length > 0;
const text = (value: Value | undefined) =>
  value?.known && typeof value.constant === 'string' ? value.constant : undefined;
const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/**
 * Where the program a wrapper runs starts: `{ at }` the index of the wrapped program's word, `{ runs }` when the
 * wrapper itself runs the request's text as a script (`su -c q`, `ssh host q`) or runs nothing (`taskset -p`),
 * or undefined when `elements[start]` is no wrapper.
 */
export function wrapped(
  elements: readonly Value[],
  start: number,
): { at: number } | { runs: boolean } | undefined {
  const name = baseName(text(elements[start]) ?? '');
  if (!name) return undefined;
  const rest = elements.slice(start + 1);
  if (SSH.test(name)) return { runs: sshRunsData(rest) };
  const spec = WRAPPERS.find(([pattern]) => pattern.test(name))?.[1];
  const script = SU.test(name) ? suScript(rest) : undefined;
  if (script !== undefined && (script || !rest.some((word) => ['-u', '--user'].includes(text(word) ?? ''))))
    return { runs: script };
  if (!spec) return undefined;
  let at = start + 1;
  while (at < elements.length) {
    const option = text(elements[at]);
    if (option === undefined) break;
    if (option === '--') {
      at += 1;
      break;
    }
    if (spec.noProgram?.includes(option)) return { runs: false };
    if (!(option.startsWith('-') || (spec.settings && option.includes('=')))) break;
    at += spec.withValue?.includes(option) ? 2 : 1;
  }
  return { at: at + (spec.positional ?? 0) };
}

/** `su [options] [user] -c script`: whether the script is the request's (undefined: no `-c` at all). */
function suScript(rest: readonly Value[]): boolean | undefined {
  const at = rest.findIndex((word) => SU_SCRIPT.has(text(word) ?? ''));
  return at < 0 ? undefined : tainted(rest[at + 1]);
}

/** `ssh [options] host command…`: the remote side joins the command's words and runs them in a shell. */
function sshRunsData(rest: readonly Value[]): boolean {
  let at = 0;
  while (at < rest.length) {
    const option = text(rest[at]);
    if (option === undefined || !option.startsWith('-')) break;
    if (option === '--') {
      at += 1;
      break;
    }
    at += SSH_WITH_VALUE.test(option) ? 2 : 1;
  }
  return rest.slice(at + 1).some(tainted);
}
