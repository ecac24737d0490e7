import type { Interpreter } from './interpreter.js';

/**
 * Python names nothing binds: reading one raises NameError, so no value comes of it (`bytes.fromhex(
 * config_config_hex)`, `codecs.decode(…)` with no `import codecs`). Judged from the file's text, and only
 * where that is certain: the name occurs once in the whole text (a binding — assignment, `def`, `class`,
 * parameter, `import`, `for`, `with … as`, `except … as`, `global` — would be a second occurrence), it is
 * no built-in nor dunder, nothing in scope or among the imports holds it, and the file has no way of
 * binding names out of sight (`import *`, `exec`, `eval`, `globals()`, `locals()`, `vars()`, `setattr`,
 * `__dict__`, `builtins`), and the file imports things itself (a fragment without imports may be pasted
 * into a file that has them).
 */
export function unboundName(it: Interpreter, name: string): boolean {
  if (it.language !== 'python' || BUILTINS.has(name) || /^__\w+__$/.test(name)) return false;
  if (/(?:Error|Exception|Warning)$/.test(name)) return false;
  if (it.lookup(name) !== undefined || it.aliases.has(name)) return false;
  let known = occursOnce.get(it);
  if (!known) {
    // A fragment without imports of its own takes its names from code not shown: only a file that imports
    // what it uses is judged.
    if (!namesJudged(it.text)) return false;
    known = new Map();
    occursOnce.set(it, known);
  }
  let answer = known.get(name);
  if (answer === undefined) {
    answer = occurrences(it.text, name) === 1;
    known.set(name, answer);
  }
  return answer;
}

/**
 * Whether a Python file's text settles which names it binds: it imports things itself (a fragment without
 * imports takes its names from code not shown) and binds nothing out of sight. Both the read rule here and
 * the call rule (`calls.ts`, a helper nothing defines) judge only such files.
 */
export function namesJudged(text: string): boolean {
  // Asked for each name a file reads or calls that nothing in scope holds, of the same file's text: a file
  // that is not judged was searched to its end for each such name (issue 59).
  if (text !== judged.text) judged = { text, answer: IMPORTS.test(text) && !HIDDEN_BINDING.test(text) };
  return judged.answer;
}

/** The last file's answer (one file runs at a time on a thread). */
let judged = { text: '', answer: false };

/** How often `name` occurs as a word in `text`, counted up to 2 (once is all the rule asks). */
function occurrences(text: string, name: string): number {
  const word = new RegExp(`\\b${name}\\b`, 'g');
  let count = 0;
  while (count < 2 && word.test(text)) count++;
  return count;
}

/** Per file run, per name: whether the name occurs exactly once in the file's text. */
const occursOnce = new WeakMap<Interpreter, Map<string, boolean>>();

const IMPORTS = /^[ \t]*(?:import|from)[ \t]/m;

/** What can bind a name the text never spells as a binding. */
const HIDDEN_BINDING =
  /\bimport\s+\*|\b(?:exec|eval|globals|locals|vars|setattr)\s*\(|__dict__|__builtins__|\bbuiltins\b/;

/** Python's built-in names (exception classes are matched by their suffix). */
const BUILTINS = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr ' +
    'globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max ' +
    'memoryview min next object oct open ord pow print property quit range repr reversed round set setattr ' +
    'slice sorted staticmethod str sum super tuple type vars zip __import__ BaseException KeyboardInterrupt ' +
    'StopIteration StopAsyncIteration SystemExit GeneratorExit NotImplemented Ellipsis reveal_type self cls'
  ).split(' '),
);
