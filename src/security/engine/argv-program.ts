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

const tainted = (value: Value | undefined) => !!value?.taint && value.taint.origins.length > 0;

export function argvProgramChosen(value: Value | undefined): boolean {
  if (!value) return false;
  // A string, or a list whose elements nothing recorded (`cmd.split()`, `request.args.getlist("c")`): the data
  // is the whole command line, program included. Not once combined with other text or lists: `"ls " + c` names
  // no program that exists, and `["exiftool", "--"] + paths` (or Django's `[sys.executable] + sys.argv[1:]`)
  // starts with the program it wrote.
  if (!value.elements) return !value.taint?.built;
  const [program, ...rest] = value.elements;
  // A list filled later (`args = []; args.append(…)`): what it runs is not known here, so no finding.
  if (!program) return false;
  if (tainted(program)) return true;
  if (!program.known || typeof program.constant !== 'string') return false;
  const flag = SHELL.test(program.constant)
    ? SHELL_SCRIPT_FLAG
    : CMD.test(program.constant)
      ? CMD_SCRIPT_FLAG
      : undefined;
  if (!flag) return false;
  const at = rest.findIndex(
    (element) => element.known && typeof element.constant === 'string' && flag.test(element.constant),
  );
  return at >= 0 && tainted(rest[at + 1]);
}
