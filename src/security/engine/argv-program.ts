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
 * `-c`, node's `-e`/`-p` (`--eval`, `--print`), perl's and ruby's `-e` (`-E`, and combined forms `-ne`), php's `-r`.
 */
const INTERPRETERS: readonly (readonly [RegExp, RegExp])[] = [
  [/(?:^|[/\\])python(?:[\d.]*)?(?:\.exe)?$/i, /^-[a-zA-Z]*c$/],
  [/(?:^|[/\\])(?:node|nodejs|deno|bun)(?:\.exe)?$/i, /^(?:-[ep]|--eval|--print)$/],
  [/(?:^|[/\\])(?:perl|ruby)(?:[\d.]*)?(?:\.exe)?$/i, /^-[a-zA-Z]*[eE]$/],
  [/(?:^|[/\\])php(?:[\d.]*)?(?:\.exe)?$/i, /^-r$/],
];

/** a script's file given to an interpreter or shell (`tool.py`, `run.sh`) */
const SCRIPT_FILE = /\.[a-z]{1,4}$/i;

const tainted = (value: Value | undefined) => !!value?.taint && value.taint.origins.length > 0;
const text = (value: Value | undefined) =>
  value?.known && typeof value.constant === 'string' ? value.constant : undefined;

/** A list's elements as the program will see them: after `.append(…)` (keyed-entries.ts) if it was followed. */
function listElements(value: Value): readonly Value[] | undefined {
  if (value.keyedBy === 'list' && value.keyed) return [...value.keyed.values()];
  return value.elements;
}

export function argvProgramChosen(value: Value | undefined): boolean {
  if (!value) return false;
  // `c.split() + ["-v"]`, `[c] + ["x"]`, `f"{c}"`: what the list (or text) starts with decides.
  if (value.argvHead) return argvProgramChosen(value.argvHead);
  // A string, or a list whose elements nothing recorded (`cmd.split()`, `request.args.getlist("c")`): the data
  // is the whole command line, program included. Not once combined with other text or lists: `"ls " + c` names
  // no program that exists, and `["exiftool", "--"] + paths` (or Django's `[sys.executable] + sys.argv[1:]`)
  // starts with the program it wrote.
  const elements = listElements(value);
  if (!elements) return !value.taint?.built;
  return listRunsData(elements);
}

function listRunsData(elements: readonly Value[]): boolean {
  // `["/usr/bin/env", c]`, `["nice", "-n", "5", "sh", "-c", c]`: a wrapper runs the word after its own options
  // (argv-wrappers.ts); `["sudo", "nice", …]` nests them.
  let start = 0;
  for (let step = wrapped(elements, start); step; step = wrapped(elements, start)) {
    if ('runs' in step) return step.runs;
    start = step.at;
  }
  const [program, ...rest] = elements.slice(start);
  // A list filled later (`args = []; args.append(…)`) and not followed: what it runs is not known here.
  if (!program) return false;
  if (tainted(program)) return true;
  const name = text(program);
  if (name === undefined) return false;
  const flag = SHELL.test(name)
    ? SHELL_SCRIPT_FLAG
    : CMD.test(name)
      ? CMD_SCRIPT_FLAG
      : INTERPRETERS.find(([interpreter]) => interpreter.test(name))?.[1];
  if (!flag) return false;
  // The flag counts among the program's own options: after a script's file (`python3 tool.py -c x`) or data,
  // what follows is the script's arguments.
  const end = rest.findIndex((element) => {
    const option = text(element);
    return option === undefined || (!option.startsWith('-') && SCRIPT_FILE.test(option));
  });
  const options = end < 0 ? rest : rest.slice(0, end);
  const at = options.findIndex((element) => flag.test(text(element) ?? ''));
  return at >= 0 && tainted(rest[at + 1]);
}
