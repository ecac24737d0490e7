import { wrapped } from './argv-wrappers.js';
import type { Value } from './taint.js';

/**
 * Does the data choose what an argument list runs (issue 59, w157)? `subprocess.run(args)` without a shell runs
 * `args[0]` with the rest as its arguments. Data in the arguments alone (`["ls", path]`) is argument injection at
 * most; data that names the program (`cmd.split()`, `[request.args["c"]]`, a string given whole) or that a shell
 * runs as a script (`["bash", "-c", cmd]`) is a command the client chose. The matcher's `argvProgram` condition
 * asks this of the argument list; the sink's own taint check still decides whether the data is untrusted.
 */
const SHELL = /(?:^|[/\\])(?:ba|da|z|k|mk|c|tc|fi|a)?sh(?:\.exe)?$/i;
/** `-c`, and the combined forms a shell takes with it (`-lc`, `-ec`, `-xc`) */
const SHELL_SCRIPT_FLAG = /^-[a-z]*c[a-z]*$/;
const CMD = /(?:^|[/\\])cmd(?:\.exe)?$/i;
const CMD_SCRIPT_FLAG = /^\/[ck]$/i;
/**
 * Interpreters that run a script given on the command line, as a shell runs its `-c` (review r36): Python's
 * `-c` and `-m` (the module it names is the program: r48, `[sys.executable, "-m", c]`), node's `-e`/`-p` (`--eval`, `--print`), perl's and ruby's `-e` (`-E`, and combined forms `-ne`), php's `-r`.
 */
const INTERPRETERS: readonly (readonly [RegExp, RegExp])[] = [
  [/(?:^|[/\\])python(?:[\d.]*)?(?:\.exe)?$/i, /^-[a-zA-Z]*[cm]$/],
  [/(?:^|[/\\])(?:node|nodejs|deno|bun)(?:\.exe)?$/i, /^(?:-[ep]|--eval|--print)$/],
  [/(?:^|[/\\])(?:perl|ruby)(?:[\d.]*)?(?:\.exe)?$/i, /^-[a-zA-Z]*[eE]$/],
  [/(?:^|[/\\])php(?:[\d.]*)?(?:\.exe)?$/i, /^-r$/],
  // PowerShell's `-Command` (`-c`, any prefix of it) and `-EncodedCommand` (r46)
  [
    /(?:^|[/\\])(?:pwsh|powershell)(?:\.exe)?$/i,
    /^[-/](?:c|co|com|comm|comma|comman|command|e|ec|encodedcommand)$/i,
  ],
];

/** The interpreter running the program itself: `spawnSync(process.execPath, ["-e", q])` (r46). */
const RUNNING_INTERPRETER: Readonly<Record<string, string>> = {
  'process.execPath': 'node',
  'sys.executable': 'python',
};

/** a script's file given to an interpreter or shell (`tool.py`, `run.sh`) */
const SCRIPT_FILE = /\.[a-z]{1,4}$/i;

const tainted = (value: Value | undefined) => !!value?.taint && value.taint.origins.length > 0;
const text = (value: Value | undefined) =>
  value?.known && typeof value.constant === 'string' ? value.constant : undefined;

/**
 * A list's elements as the program will see them: after `.append(…)` (keyed-entries.ts) if it was followed, with
 * the words a `*spread` adds in its place (`[*BASE, c]`, r46); a spread of words not known is one element, its
 * data.
 */
function listElements(value: Value): readonly Value[] | undefined {
  if (value.keyedBy === 'list' && value.keyed) return [...value.keyed.values()];
  if (!value.elements) return undefined;
  const elements = value.spreadAt
    ? value.elements.flatMap((element, index) =>
        value.spreadAt!.includes(index) ? (listWords(element) ?? [{ taint: element.taint }]) : [element],
      )
    : value.elements;
  // A list changed in a way not followed (JavaScript's `a.push(q)`, a Python list's `.append` on one branch
  // only): its literal's words, then one of all its data, where the words added likely went (r46).
  return value.entriesUnseen ? [...elements, { taint: value.taint }] : elements;
}

/** The words a list or tuple given whole holds, where they are known. */
function listWords(value: Value): readonly Value[] | undefined {
  if (value.argvHead) return undefined;
  return listElements(value);
}

/**
 * What the data chooses in an argument list (w222): the `program` it runs (its first word, or the whole list),
 * or the `script` a shell or interpreter it runs is given (`["sh", "-c", c]`, `su -c c`). Local sources are
 * trusted for the program only (command-injection-argv's sinks say which they take: `argvRuns`).
 */
export type ArgvRuns = 'program' | 'script';

/** Whether the data chooses what the list runs; with `runs`, only when it chooses that part. */
export function argvProgramChosen(value: Value | undefined, runs?: ArgvRuns): boolean {
  const chosen = argvChoice(value);
  return chosen !== undefined && (runs === undefined || chosen === runs);
}

function argvChoice(value: Value | undefined): ArgvRuns | undefined {
  if (!value) return undefined;
  // `c.split() + ["-v"]`, `[c] + ["x"]`, `f"{c}"`: what the list (or text) starts with decides.
  if (value.argvHead) return argvChoice(value.argvHead);
  // A string, or a list whose elements nothing recorded (`cmd.split()`, `request.args.getlist("c")`): the data
  // is the whole command line, program included. Not once combined with other text or lists: `"ls " + c` names
  // no program that exists, and `["exiftool", "--"] + paths` (or Django's `[sys.executable] + sys.argv[1:]`)
  // starts with the program it wrote.
  const elements = listElements(value);
  if (!elements) return value.taint?.built ? undefined : 'program';
  return listRunsData(elements);
}

/**
 * A program and its arguments given apart (r46): JavaScript's `spawn(program, args)`, `execFile`, Python's
 * `os.execv(path, argv)` (whose `argv[0]` is only the name the program sees) and `os.spawnl(mode, path, a0, …)`.
 * `args` is the list after the program, or undefined for a list not known (`spawn("git", opts.args)`).
 */
export function argvRunsData({
  program,
  args,
  runs,
}: {
  program: Value | undefined;
  args: readonly Value[];
  runs?: ArgvRuns;
}): boolean {
  if (!program) return false;
  const chosen = listRunsData([program, ...args]);
  return chosen !== undefined && (runs === undefined || chosen === runs);
}

/** A list given apart from its program: its words, or one word of its data when they are not known. */
export function argumentWords(value: Value | undefined): readonly Value[] {
  if (!value) return [];
  const head = value.argvHead;
  const elements = head ? undefined : listElements(value);
  return (
    elements ?? (head ? [...(listElements(head) ?? []), { taint: value.taint }] : [{ taint: value.taint }])
  );
}

function listRunsData(elements: readonly Value[]): ArgvRuns | undefined {
  // `["/usr/bin/env", c]`, `["nice", "-n", "5", "sh", "-c", c]`: a wrapper runs the word after its own options
  // (argv-wrappers.ts); `["sudo", "nice", …]` nests them. One that runs the data itself runs it as a script
  // (`su -c c`, `ssh host c`, `env -S c`).
  let start = 0;
  for (let step = wrapped(elements, start); step; step = wrapped(elements, start)) {
    if ('runs' in step) return step.runs ? 'script' : undefined;
    start = step.at;
  }
  const [program, ...rest] = elements.slice(start);
  // A list filled later (`args = []; args.append(…)`) and not followed: what it runs is not known here.
  if (!program) return undefined;
  if (tainted(program)) return 'program';
  const name = text(program) ?? RUNNING_INTERPRETER[program.path ?? ''];
  if (name === undefined) return undefined;
  if (SHELL.test(name)) return shellRunsData(rest) ? 'script' : undefined;
  const flag = CMD.test(name)
    ? CMD_SCRIPT_FLAG
    : INTERPRETERS.find(([interpreter]) => interpreter.test(name))?.[1];
  if (!flag) return undefined;
  // The flag counts among the program's own options: after a script's file (`python3 tool.py -c x`) or data,
  // what follows is the script's arguments.
  const at = ownOptions(rest).findIndex((element) => flag.test(text(element) ?? ''));
  return at >= 0 && tainted(rest[at + 1]) ? 'script' : undefined;
}

/** The words before a script's file or data: the program's own options. */
function ownOptions(rest: readonly Value[]): readonly Value[] {
  const end = rest.findIndex((element) => {
    const option = text(element);
    return option === undefined || (!option.startsWith('-') && SCRIPT_FILE.test(option));
  });
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * A shell's words after its name: with `-c` among its options, the script is the first word that is no option
 * (`bash -c -e q`, `sh -c -- q`, r46), and a constant script that runs its own arguments as a command
 * (`exec "$@"`, `eval "$1"`) makes those words the script.
 */
function shellRunsData(rest: readonly Value[]): boolean {
  let script: number | undefined;
  let flagged = false;
  for (let at = 0; at < rest.length; at += 1) {
    const word = text(rest[at]);
    if (word === '--') {
      script = at + 1;
      break;
    }
    if (word === undefined || !/^[-+]/.test(word)) {
      script = at;
      break;
    }
    if (SHELL_SCRIPT_FLAG.test(word)) flagged = true;
    // `-o pipefail`, `+O extglob`: an option and its name
    if (/^[-+][oO]$/.test(word)) at += 1;
  }
  if (!flagged || script === undefined) return false;
  if (tainted(rest[script])) return true;
  const body = text(rest[script]);
  return body !== undefined && runsArguments(body, rest.slice(script + 1));
}

/** `$@`, `$*`, `$1`, `${2}` at a command's start (`exec "$@"`, `"$0" -v`). */
const COMMAND_POSITIONAL =
  /(?:^|[;&|(){}\n`]|\b(?:then|do|else|exec|command|xargs|sudo))\s*\\?"?\$\{?([@*\d])/g;
const POSITIONAL = /\$\{?([@*\d])/g;

/**
 * Whether a constant script runs a word after it as code: a positional parameter where a command starts, or
 * among an `eval`'s words (each command read once: the scan stays linear in the script's length).
 */
function runsArguments(script: string, words: readonly Value[]): boolean {
  const runs = (which: string) =>
    // `$0` is the first word after the script, `$1` the second; `$@` and `$*` are all but the first
    (/\d/.test(which) ? [words[Number(which)]] : words.slice(1)).some(tainted);
  for (const match of script.matchAll(COMMAND_POSITIONAL)) if (runs(match[1]!)) return true;
  for (const command of script.split(/[;&|\n]/)) {
    const at = command.search(/\beval\b/);
    if (at < 0) continue;
    for (const match of command.slice(at).matchAll(POSITIONAL)) if (runs(match[1]!)) return true;
  }
  return false;
}

/** Interpreters that read their program from standard input when given no script (`python3`, `node`, `perl -`). */
const STDIN_INTERPRETER =
  /(?:^|[/\\])(?:python[\d.]*|node|nodejs|perl[\d.]*|ruby[\d.]*|php[\d.]*)(?:\.exe)?$/i;

/**
 * Whether the argument list runs a shell or an interpreter given no script, which reads its program from
 * standard input (review r48: `subprocess.run(["sh"], input=c)`, `spawn('sh', []).stdin.end(c)`): what is
 * written there is the command. `["sh", "-s", word…]` too (the words are its arguments), and `["python3", "-"]`;
 * not a script's file (`["sh", "run.sh"]`), a `-c` script, a list whose words are not known, or a program
 * that is no shell or interpreter.
 */
export function readsProgramFromStdin(elements: readonly Value[] | undefined): boolean {
  if (!elements) return false;
  let start = 0;
  for (let step = wrapped(elements, start); step; step = wrapped(elements, start)) {
    if ('runs' in step) return false;
    start = step.at;
  }
  const [program, ...rest] = elements.slice(start);
  const name = program && (text(program) ?? RUNNING_INTERPRETER[program.path ?? '']);
  if (name === undefined) return false;
  if (SHELL.test(name)) {
    for (let at = 0; at < rest.length; at += 1) {
      const word = text(rest[at]);
      // `sh -s a b`: the words after `-s` are the script's arguments; a word before it is the script's file
      if (word === undefined || !/^[-+]/.test(word)) return false;
      if (word === '--') return at === rest.length - 1;
      if (SHELL_SCRIPT_FLAG.test(word)) return false;
      if (/^-[a-z]*s[a-z]*$/.test(word)) return true;
      if (/^[-+][oO]$/.test(word)) at += 1;
    }
    return true;
  }
  if (!STDIN_INTERPRETER.test(name)) return false;
  const flag = INTERPRETERS.find(([interpreter]) => interpreter.test(name))?.[1];
  for (const element of rest) {
    const word = text(element);
    if (word === '-') return true;
    if (word === undefined || !word.startsWith('-') || flag?.test(word)) return false;
  }
  return true;
}

/** A list given whole (`subprocess.run(["sh"])`): its words, where they are all known. */
export function wholeListWords(value: Value | undefined): readonly Value[] | undefined {
  if (value?.keyedBy === 'list' && value.keyed) return [...value.keyed.values()];
  return value && !value.argvHead && !value.entriesUnseen ? listElements(value) : undefined;
}

/**
 * A command line a shell runs given as one constant that is one plain command (`execSync('bash -s', { input })`,
 * `os.popen("sh", "w")`, `Popen("python3 -", shell=True)`): its words (w212). Quotes, `$`, redirections,
 * pipes and command separators make it more than a list of words: not read.
 */
export function commandLineWords(value: Value | undefined): readonly Value[] | undefined {
  const line = text(value)?.trim();
  if (!line || /[^\w\s./+=:,@%-]/.test(line)) return undefined;
  return line.split(/\s+/).map((word) => ({ known: true, constant: word }));
}

/**
 * The words of an argument list given whole to a call that runs a program without a shell: a list's, or a
 * string's, which POSIX runs as the program's name with no arguments (`subprocess.run("sh", input=c)`, w212).
 */
function programListWords(value: Value | undefined): readonly Value[] | undefined {
  return text(value) !== undefined ? [value!] : wholeListWords(value);
}

/**
 * `stdinProgram` (rule-schema.ts): the call starts a program reading its script from standard input. `list`
 * alone is the whole argument list; with `program`, the words after it (none where an options object or nothing
 * stands: `spawn('bash')`, `execFileSync('sh', { input })`).
 */
export function stdinProgramStarted(
  names: { program?: string; list?: string; commandLine?: string },
  lookup: (name: string) => Value | undefined,
): boolean {
  if (names.commandLine !== undefined)
    return readsProgramFromStdin(commandLineWords(lookup(names.commandLine)));
  const list = names.list === undefined ? undefined : lookup(names.list);
  if (names.program === undefined) return readsProgramFromStdin(programListWords(list));
  const program = lookup(names.program);
  if (!program) return false;
  // `execFileSync('sh', undefined, { input })`: `undefined` or `null` where the list stands is no list (w212)
  const none = !list || list.properties || (list.known && list.constant === null);
  const words = none ? [] : wholeListWords(list);
  return !!words && readsProgramFromStdin([program, ...words]);
}

/**
 * The calls that start a process one writes to afterwards: `subprocess.Popen(args)`, `child_process.spawn(p, args)`,
 * `execFile(p, args)`; those that start a shell's command line (`exec('sh')`, `os.popen("sh", "w")`, w212).
 */
const STARTS_PROCESS: readonly (readonly [
  RegExp,
  { program?: string; list?: string; commandLine?: string; argsFrom?: number },
])[] = [
  [/^subprocess\.Popen$/, { list: '@0' }],
  [/^(?:.*\.)?child_process\.(?:spawn|execFile)$/, { program: '@0', list: '@1' }],
  [/^(?:.*\.)?child_process\.exec$/, { commandLine: '@0' }],
  [/^os\.popen$/, { commandLine: '@0' }],
  // asyncio's children (w223): `create_subprocess_exec("bash", stdin=PIPE)` takes its words one an argument,
  // `create_subprocess_shell("sh", …)` a shell's command line
  [/^(?:.*\.)?create_subprocess_exec$/, { program: '@0', argsFrom: 1 }],
  [/^(?:.*\.)?create_subprocess_shell$/, { commandLine: '@0' }],
  // `pexpect.spawn("bash")` splits its command line itself; with `args` given, the command is the program (w223)
  [/^pexpect\.(?:spawn|spawnu|popen_spawn\.PopenSpawn)$/, { commandLine: '@0' }],
];
/** The last name of every path a pattern of STARTS_PROCESS matches (each pattern ends in `\.` and one of them). */
const PROCESS_STARTERS: ReadonlySet<string> = new Set([
  'Popen',
  'spawn',
  'execFile',
  'exec',
  'popen',
  'create_subprocess_exec',
  'create_subprocess_shell',
  'spawnu',
  'PopenSpawn',
]);

/**
 * `shlex.split("bash -s")` of a constant that is one plain command: its words, as the list a call is given
 * (w223). Quotes and shell syntax are not read (commandLineWords): such a list stays not known.
 */
export function constantSplitWords(paths: readonly string[], args: readonly Value[]): Value[] | undefined {
  if (!paths.includes('shlex.split') || args.length !== 1) return undefined;
  const words = commandLineWords(args[0]);
  return words && [...words];
}

/** Whether this call starts a process reading its script from standard input (`Value.stdinProgram`). */
export function startsStdinProgram(
  paths: readonly string[],
  site: {
    args: readonly Value[];
    keywords: ReadonlyMap<string, Value>;
    objectArguments?: ReadonlySet<number>;
    hasSpread?: boolean;
  },
): boolean {
  // every pattern ends in one of these names: a call named otherwise (nearly all) tries none of them (w243)
  if (!paths.some((path) => PROCESS_STARTERS.has(path.slice(path.lastIndexOf('.') + 1)))) return false;
  let started = STARTS_PROCESS.find(([pattern]) => paths.some((path) => pattern.test(path)))?.[1];
  if (!started) return false;
  // `os.popen(cmd)` reads the command's output; only `os.popen(cmd, "w")` gives what is written to its stdin
  if (paths.includes('os.popen') && !/w/.test(String((site.args[1] ?? site.keywords.get('mode'))?.constant)))
    return false;
  // `Popen(c, shell=True)` is command-injection's when `c` is data; a constant is a shell's command line (w212)
  if (started.argsFrom !== undefined) {
    // a `*spread` among the words hides which words they are
    if (site.hasSpread || !site.args[0]) return false;
    return readsProgramFromStdin(site.args.slice(started.argsFrom - 1));
  }
  // `pexpect.spawn("bash", ["-s"])`: the command is the program, the list its arguments
  const list = site.args[1] ?? site.keywords.get('args');
  if (list && paths.some((path) => path.startsWith('pexpect.')))
    return stdinProgramStarted({ program: 'p', list: 'l' }, (name) => (name === 'p' ? site.args[0] : list));
  if (site.keywords.get('shell')?.constant === true) {
    if (started.list === undefined || started.program !== undefined) return false;
    started = { commandLine: started.list };
  }
  const at = (name: string) => {
    const index = Number(name.slice(1));
    // a list's `args=` keyword stands where `@0` does
    if (index === 0 && started.program === undefined) return site.args[0] ?? site.keywords.get('args');
    // `spawn('sh', { stdio: 'pipe' })`: an options object where the list may stand is no list
    return site.objectArguments?.has(index) ? { properties: new Map() } : site.args[index];
  };
  return stdinProgramStarted(started, at);
}
