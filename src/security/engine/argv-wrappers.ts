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
  /**
   * options whose value the tool runs itself (r46): a command line it splits into words (`env -S`), or a script
   * its shell runs (`flock -c`, `script -c`)
   */
  runsValue?: readonly string[];
  /** its words name no program to run, only `runsValue`'s option does (`script [-c cmd] [file]`) */
  noCommand?: true;
};

const WRAPPERS: readonly (readonly [RegExp, Wrapper])[] = [
  [
    /^env$/,
    {
      withValue: ['-u', '-C', '-P', '--unset', '--chdir'],
      settings: true,
      runsValue: ['-S', '--split-string'],
    },
  ],
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
  // r46: `flock LOCK cmd…` or `flock LOCK -c script`; `chroot ROOT cmd…`; `busybox sh …`; `script -c cmd`;
  // `sshpass -p pw ssh …`
  [
    /^flock$/,
    {
      withValue: ['-w', '-E', '--timeout', '--wait', '--conflict-exit-code'],
      positional: 1,
      runsValue: ['-c', '--command'],
    },
  ],
  [/^chroot$/, { withValue: ['--userspec', '--groups'], positional: 1 }],
  [/^busybox$/, {}],
  [
    /^script$/,
    {
      withValue: ['-E', '-I', '-O', '-B', '-T', '-t', '--echo', '--log-in', '--log-out', '--log-io'],
      runsValue: ['-c', '--command'],
      noCommand: true,
    },
  ],
  [/^sshpass$/, { withValue: ['-p', '-f', '-d', '-P'] }],
];

/**
 * `docker exec CONTAINER cmd…` (and podman's, kubectl's `exec POD -- cmd…`): a program run in a container is
 * still the request's program (r46). The subcommand's word comes first.
 */
const CONTAINER_EXEC: readonly (readonly [RegExp, Wrapper])[] = [
  [
    /^(?:docker|podman|nerdctl)$/,
    {
      withValue: ['-e', '-u', '-w', '--env', '--env-file', '--user', '--workdir', '--detach-keys'],
      positional: 1,
    },
  ],
  [/^kubectl$/, { withValue: ['-c', '-n', '--container', '--namespace', '--context'], positional: 1 }],
];

/** `su` (and `runuser` without `-u`): `-c`'s value is a script its shell runs. */
const SU = /^(?:su|runuser)$/;
const SU_SCRIPT = ['-c', '--command', '--session-command'];
/** `ssh`'s options that take a value; after them the host, then the remote command, a shell's text. */
const SSH = /^ssh$/;
const SSH_WITH_VALUE = new Set([...'BbcDEeFIiJLlmOopQRSWw'].map((letter) => `-${letter}`));

const tainted = (value: Value | undefined) => !!value?.taint && value.taint.origins.length > 0;
const text = (value: Value | undefined) =>
  value?.known && typeof value.constant === 'string' ? value.constant : undefined;
const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/**
 * The text of an option word: a constant, or the constant text a word the program built starts with
 * (`"--command=" + q`, `"-S" + q`: `open`, its value the request's).
 */
function optionText(word: Value | undefined): { text: string; open?: true } | undefined {
  const whole = text(word);
  if (whole !== undefined) return { text: whole };
  return word?.startsWith?.startsWith('-') ? { text: word.startsWith, open: true } : undefined;
}

/**
 * One option word as the tool's parser reads it (r46): `--user=x` and `--user x`, and a cluster of short
 * options (`-iu root`, `-Hu app`, `-0n 1`, `-oL`) whose first letter that takes a value takes the rest of the
 * word, or the next word when it ends the cluster. `names` are the options it holds, `value` what the last of
 * them takes, `words` the count of words read; undefined for a built word whose options are not all known.
 */
type Option = { names: string[]; value?: Value; words: number };

function readOption(words: readonly Value[], at: number, withValue: ReadonlySet<string>): Option | undefined {
  const word = optionText(words[at]);
  if (!word) return undefined;
  const next = words[at + 1];
  const rest = (from: number): Value =>
    word.open ? words[at]! : { known: true, constant: word.text.slice(from) };
  if (word.text.startsWith('--')) {
    const equals = word.text.indexOf('=');
    if (equals > 0) return { names: [word.text.slice(0, equals)], value: rest(equals + 1), words: 1 };
    if (word.open) return undefined;
    return withValue.has(word.text)
      ? { names: [word.text], value: next, words: 2 }
      : { names: [word.text], words: 1 };
  }
  const names: string[] = [];
  for (let index = 1; index < word.text.length; index += 1) {
    const name = `-${word.text[index]}`;
    names.push(name);
    if (!withValue.has(name)) continue;
    if (index + 1 < word.text.length || word.open) return { names, value: rest(index + 1), words: 1 };
    return { names, value: next, words: 2 };
  }
  return word.open ? undefined : { names, words: 1 };
}

/**
 * Where the program a wrapper runs starts: `{ at }` the index of the wrapped program's word, `{ runs }` when the
 * wrapper itself runs the request's text as a script (`su -c q`, `ssh host q`, `env -S q`) or runs nothing
 * (`taskset -p`), or undefined when `elements[start]` is no wrapper.
 */
export function wrapped(
  elements: readonly Value[],
  start: number,
): { at: number } | { runs: boolean } | undefined {
  const name = baseName(text(elements[start]) ?? '');
  if (!name) return undefined;
  const rest = elements.slice(start + 1);
  if (SSH.test(name)) return { runs: sshRunsData(rest) };
  if (SU.test(name)) {
    const script = suScript(rest);
    if (script !== undefined && (script || !rest.some((word) => ['-u', '--user'].includes(text(word) ?? ''))))
      return { runs: script };
  }
  const container = CONTAINER_EXEC.find(([pattern]) => pattern.test(name))?.[1];
  if (container && text(elements[start + 1]) === 'exec') return programAfter(elements, start + 1, container);
  const spec = WRAPPERS.find(([pattern]) => pattern.test(name))?.[1];
  return spec ? programAfter(elements, start, spec) : undefined;
}

function programAfter(
  elements: readonly Value[],
  start: number,
  spec: Wrapper,
): { at: number } | { runs: boolean } {
  const withValue = new Set([...(spec.withValue ?? []), ...(spec.runsValue ?? [])]);
  let at = start + 1;
  while (at < elements.length) {
    const word = optionText(elements[at])?.text;
    if (word === undefined) break;
    if (word === '--') {
      at += 1;
      break;
    }
    if (!word.startsWith('-')) {
      if (!(spec.settings && word.includes('='))) break;
      at += 1;
      continue;
    }
    const option = readOption(elements, at, withValue);
    if (!option) break;
    if (option.names.some((name) => spec.noProgram?.includes(name))) return { runs: false };
    if (spec.runsValue?.includes(option.names[option.names.length - 1]!))
      return { runs: tainted(option.value) };
    at += option.words;
  }
  if (spec.noCommand) return { runs: false };
  at += spec.positional ?? 0;
  // `flock LOCK -c script`: the script's option after the lock's file
  const after = optionText(elements[at])?.text.startsWith('-')
    ? readOption(elements, at, withValue)
    : undefined;
  if (after && spec.runsValue?.includes(after.names[after.names.length - 1]!))
    return { runs: tainted(after.value) };
  // `kubectl exec pod -- cmd…`
  if (text(elements[at]) === '--' && spec.positional) at += 1;
  return { at };
}

/**
 * `su [options] [user] -c script` (`--command=script`, `-cscript`): whether the script is the request's
 * (undefined: no `-c` at all).
 */
function suScript(rest: readonly Value[]): boolean | undefined {
  const withValue = new Set(SU_SCRIPT);
  for (const at of rest.keys()) {
    if (!optionText(rest[at])?.text.startsWith('-')) continue;
    const option = readOption(rest, at, withValue);
    if (option?.names.some((name) => SU_SCRIPT.includes(name))) return tainted(option.value);
  }
  return undefined;
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
    at += readOption(rest, at, SSH_WITH_VALUE)?.words ?? 1;
  }
  return rest.slice(at + 1).some(tainted);
}
