import { PYTHON_STDLIB } from '../../core/python-stdlib.js';
import type { HarnessRule } from './harness-rules.js';

/**
 * Python harness rules read off the source itself (r48), beside harness-rules.ts: what the literal-name
 * rules there missed. Each is found by one pass over the text (a tokenizer for strings, a search for
 * imports) and gives the offsets it applies at (`at`), so a 100 KB hostile body stays linear.
 * - the frame and object-graph tools imported by name (`from gc import get_objects as _all`) or through a
 *   module alias (`import gc as g`, `g = __import__('gc')`);
 * - attribute names built at run time (`"tb_" + "frame"`, `''.join(['f_', 'back'])`, `f"f_{'globals'}"`,
 *   `"emarf_bt"[::-1]`) folded before they are matched, and the frame names written as strings for
 *   `getattr`;
 * - writes to a function's defaults, closure cells or code (`__defaults__`, `__kwdefaults__`,
 *   `__closure__`, `cell_contents`, `__code__`): a test's bound arguments rewritten (w191's binding);
 * - the standard library monkeypatched from the candidate (`math.isclose = …`, `setattr(Fraction, "__eq__",
 *   …)`): a comparison the test run makes is the candidate's then;
 * - an `__eq__` that is a tautology (`other is None or other is not None`) or returns only truths.
 */

/** the name of the rule a finding here is reported under, as harness-rules.ts names them */
const FRAME_NAMES = new Set([
  'tb_frame',
  'f_back',
  'f_globals',
  'f_locals',
  'f_builtins',
  'gi_frame',
  'cr_frame',
  'ag_frame',
  'get_objects',
  'get_referrers',
  'get_referents',
  '_getframe',
  '_current_frames',
  'currentframe',
  'getouterframes',
  'getinnerframes',
  'settrace',
  'setprofile',
]);
const FUNCTION_STATE = new Set([
  '__defaults__',
  '__kwdefaults__',
  '__closure__',
  '__code__',
  'cell_contents',
]);

/** Per module, the names that reach frames, the object graph or raw memory. */
const FRAME_TOOLS: Record<string, readonly string[]> = {
  gc: ['get_objects', 'get_referrers', 'get_referents'],
  sys: ['_getframe', '_current_frames', '_current_exceptions', 'settrace', 'setprofile', 'addaudithook'],
  inspect: ['currentframe', 'stack', 'getouterframes', 'getinnerframes', 'trace'],
  ctypes: ['pythonapi', 'memmove', 'string_at', 'PyDLL', 'pydll', 'py_object', 'cast', 'CDLL', 'cdll'],
};

function rule(id: string, what: string, at: number[]): HarnessRule {
  return { id, languages: 'python', where: 'code', pattern: /(?!)/, at, what };
}

interface StringToken {
  start: number;
  end: number;
  /** undefined: an f-string with a field that is not a constant */
  value: string | undefined;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
};

function decode(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g,
    (whole, code: string) => {
      if (/^[xuU]/.test(code)) return String.fromCodePoint(Number.parseInt(code.slice(1), 16) % 0x110000);
      if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
      return ESCAPES[code] ?? whole;
    },
  );
}

/** An f-string's value when every field is a string constant (`f"tb_{'frame'}"`), else undefined. */
function fStringValue(body: string, raw: boolean): string | undefined {
  let value = '';
  let at = 0;
  // the next brace of each kind, searched again only once passed (a body of 50 000 `{{` stays linear)
  let open = body.indexOf('{');
  let close = body.indexOf('}');
  const passed = () => {
    if (open >= 0 && open < at) open = body.indexOf('{', at);
    if (close >= 0 && close < at) close = body.indexOf('}', at);
  };
  for (;;) {
    passed();
    if (open < 0 && close < 0) return value + decode(body.slice(at), raw);
    if (close >= 0 && (open < 0 || close < open)) {
      if (body[close + 1] !== '}') return undefined;
      value += `${decode(body.slice(at, close), raw)}}`;
      at = close + 2;
      continue;
    }
    value += decode(body.slice(at, open), raw);
    if (body[open + 1] === '{') {
      value += '{';
      at = open + 2;
      continue;
    }
    const end = close;
    const field = end < 0 ? null : /^\s*(['"])([^'"\\{}]*)\1\s*$/.exec(body.slice(open + 1, end));
    if (!field) return undefined;
    value += field[2];
    at = end + 1;
  }
}

/** Every string literal in the text, in order, with its value: one pass, quotes and escapes honoured. */
function stringTokens(text: string): StringToken[] {
  const tokens: StringToken[] = [];
  const opening = /([rRbBuUfF]{0,2})('''|"""|'|")/g;
  for (let match = opening.exec(text); match; match = opening.exec(text)) {
    // a prefix is only a prefix at the start of a token: `xr'…'` is a name then a string
    const prefixStart = match.index;
    if (prefixStart > 0 && /\w/.test(text[prefixStart - 1]!)) {
      if (match[1]) {
        opening.lastIndex = match.index + match[1].length;
        continue;
      }
    }
    const prefix = match[1]!.toLowerCase();
    const quote = match[2]!;
    const bodyStart = match.index + match[0].length;
    let at = bodyStart;
    let end = -1;
    while (at < text.length) {
      const ch = text[at]!;
      if (ch === '\\') {
        at += 2;
        continue;
      }
      if (quote.length === 1 && ch === '\n') break;
      if (text.startsWith(quote, at)) {
        end = at;
        break;
      }
      at++;
    }
    if (end < 0) {
      opening.lastIndex = Math.max(at, bodyStart);
      continue;
    }
    const body = text.slice(bodyStart, end);
    const raw = prefix.includes('r');
    tokens.push({
      start: match.index,
      end: end + quote.length,
      value: prefix.includes('f') ? fStringValue(body, raw) : decode(body, raw),
    });
    opening.lastIndex = end + quote.length;
  }
  return tokens;
}

interface Folded {
  start: number;
  end: number;
  value: string;
  /** built at run time (concatenated, joined, reversed, an f-string), not written out whole */
  built: boolean;
}

/**
 * The string constants of the text, folded: adjacent literals and `+` between them, `sep.join([…])` of
 * literals, `[::-1]` after them. Linear: each token is read once.
 */
function foldedStrings(text: string, tokens: readonly StringToken[]): Folded[] {
  const folded: Folded[] = [];
  const gap = (from: number, to: number) => text.slice(from, to);
  let index = 0;
  while (index < tokens.length) {
    const first = tokens[index]!;
    let value = first.value;
    let built = /^[a-zA-Z]*[fF]/.test(text.slice(first.start, first.start + 3));
    let end = first.end;
    let next = index + 1;
    // `sep.join([a, b])`, `sep.join((a, b))`
    const join = /^\s*\.\s*join\s*\(\s*[[(]\s*$/;
    if (next < tokens.length && join.test(gap(end, tokens[next]!.start))) {
      const parts: (string | undefined)[] = [];
      let last = next;
      for (;;) {
        parts.push(tokens[last]!.value);
        const after = last + 1 < tokens.length ? gap(tokens[last]!.end, tokens[last + 1]!.start) : '';
        if (last + 1 < tokens.length && /^\s*,\s*$/.test(after)) {
          last++;
          continue;
        }
        break;
      }
      const close = /^\s*,?\s*[\])]\s*\)/.exec(text.slice(tokens[last]!.end, tokens[last]!.end + 400));
      if (close && value !== undefined && parts.every((part) => part !== undefined)) {
        value = (parts as string[]).join(value);
        built = true;
        end = tokens[last]!.end + close[0].length;
        next = last + 1;
      }
    } else {
      while (next < tokens.length && /^(?:\s|\\\n)*\+?(?:\s|\\\n)*$/.test(gap(end, tokens[next]!.start))) {
        const part = tokens[next]!.value;
        value = value === undefined || part === undefined ? undefined : value + part;
        built = true;
        end = tokens[next]!.end;
        next++;
      }
    }
    const reversed = /^\s*\)?\s*\[\s*:\s*:\s*-\s*1\s*\]/.exec(text.slice(end, end + 40));
    if (reversed && value !== undefined) {
      value = [...value].reverse().join('');
      built = true;
    }
    if (value !== undefined) folded.push({ start: first.start, end, value, built });
    index = next;
  }
  return folded;
}

/** Frame names in strings (`getattr(e, "tb_frame")`), and any dangerous name built at run time. */
function pythonStringRules(text: string): HarnessRule[] {
  if (!/['"]/.test(text)) return [];
  const frames: number[] = [];
  const built: number[] = [];
  const writes: number[] = [];
  for (const constant of foldedStrings(text, stringTokens(text))) {
    if (FRAME_NAMES.has(constant.value)) (constant.built ? built : frames).push(constant.start);
    else if (FUNCTION_STATE.has(constant.value)) {
      if (constant.built) built.push(constant.start);
      // `setattr(f, "__defaults__", …)`: the literal as setattr's name
      else if (
        /\bsetattr\s*\([^,()\n]{1,200},\s*$/.test(
          text.slice(Math.max(0, constant.start - 220), constant.start),
        )
      )
        writes.push(constant.start);
    }
  }
  const rules: HarnessRule[] = [];
  if (frames.length)
    rules.push(
      rule(
        'object-graph-walk',
        'names a frame or object-graph attribute in a string (getattr on a frame, a traceback, gc)',
        frames,
      ),
    );
  if (built.length)
    rules.push(
      rule(
        'object-graph-walk',
        'builds a frame, object-graph or function-internals name at run time (hidden from a search for the name)',
        built,
      ),
    );
  if (writes.length)
    rules.push(
      rule(
        'function-state-write',
        "rewrites a function's defaults, closure cells or code (a test's bound arguments)",
        writes,
      ),
    );
  return rules;
}

/** `f.__defaults__ = …`, `f.__kwdefaults__[k] = …`, `cell.cell_contents = …`, `f.__closure__ = …`. */
const FUNCTION_STATE_WRITE =
  /\.\s*(?:__defaults__|__kwdefaults__|__closure__|cell_contents)\s*(?:[-+*/|&^%@]|\/\/|<<|>>|\*\*)?=(?!=)|\.\s*__kwdefaults__\s*(?:\[[^\]\n]{0,200}\]\s*=(?!=)|\.\s*(?:update|setdefault|pop|clear|__setitem__)\s*\()/g;

function pythonFunctionStateRules(text: string): HarnessRule[] {
  const at = [...text.matchAll(FUNCTION_STATE_WRITE)].map((match) => match.index ?? 0);
  return at.length
    ? [
        rule(
          'function-state-write',
          "rewrites a function's defaults, closure cells or code (a test's bound arguments)",
          at,
        ),
      ]
    : [];
}

const STATEMENT = /[^\n;]*/y;
/** `name.attribute`, the name not itself an attribute */
const ATTRIBUTE = /(?<![\w.])(\w+)\s*\.\s*(\w+)/g;
const FROM_IMPORT = /^[^\S\n]*from\s+(gc|sys|inspect|ctypes)\s+import\s+/gm;
const MODULE_ALIAS =
  /^[^\S\n]*import\s+([^\n;#]*)|^[^\S\n]*(\w+)\s*=\s*(?:__import__|importlib\s*\.\s*import_module)\s*\(\s*['"](gc|sys|inspect|ctypes)['"]\s*\)/gm;
const DIRECT_IMPORT =
  /(?:__import__|importlib\s*\.\s*import_module)\s*\(\s*['"](gc|sys|inspect|ctypes)['"]\s*\)\s*\.\s*(\w+)/g;

/** The frame and object-graph tools imported by name, or reached through another name for their module. */
function pythonFrameToolRules(text: string): HarnessRule[] {
  const places: number[] = [];
  for (const match of text.matchAll(FROM_IMPORT)) {
    const module = match[1]!;
    const listStart = match.index! + match[0].length;
    // a parenthesised list up to its `)` (read a bounded way), else the rest of the statement
    const paren = text[listStart] === '(' ? text.slice(listStart + 1, listStart + 4000) : undefined;
    const close = paren?.indexOf(')') ?? -1;
    STATEMENT.lastIndex = listStart;
    const list =
      paren !== undefined
        ? paren.slice(0, close < 0 ? paren.length : close)
        : (STATEMENT.exec(text)?.[0] ?? '');
    const names = list.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '');
    if (names.some((name) => name === '*' || FRAME_TOOLS[module]!.includes(name))) places.push(match.index!);
  }
  const aliases = new Map<string, string>();
  for (const match of text.matchAll(MODULE_ALIAS)) {
    if (match[2]) aliases.set(match[2], match[3]!);
    else
      for (const part of match[1]!.replace(/[()]/g, '').split(',')) {
        const named = /^\s*(gc|sys|inspect|ctypes)\s+as\s+(\w+)\s*$/.exec(part);
        if (named) aliases.set(named[2]!, named[1]!);
      }
  }
  // one search for every alias (a regex per alias would read the text once per alias: thousands, hostile)
  for (const [alias, module] of aliases) if (alias === module) aliases.delete(alias);
  if (aliases.size > 0)
    for (const match of text.matchAll(ATTRIBUTE)) {
      const module = aliases.get(match[1]!);
      if (module && FRAME_TOOLS[module]!.includes(match[2]!)) places.push(match.index!);
    }
  for (const match of text.matchAll(DIRECT_IMPORT))
    if (FRAME_TOOLS[match[1]!]!.includes(match[2]!)) places.push(match.index!);
  return places.length
    ? [
        rule(
          'object-graph-walk',
          'walks the object graph, the stack or raw memory through a tool imported by name or a module alias (`from gc import get_objects`)',
          places.sort((a, b) => a - b),
        ),
      ]
    : [];
}

/** Documented hooks an honest program sets on the standard library (a CLI's stdout, its excepthook). */
const STDLIB_HOOKS =
  /^(?:sys\.(?:stdout|stderr|stdin|excepthook|displayhook|argv|path|dont_write_bytecode|tracebacklimit|ps1|ps2)|threading\.excepthook|warnings\.showwarning|decimal\.DefaultContext\.\w+)$/;

const IMPORT_LINE = /^[^\S\n]*(?:from\s+([\w.]+)\s+import\s+|import\s+)/gm;
/** `F = fractions.Fraction` */
const NAME_FOR = /^[^\S\n]*(\w+)[^\S\n]*=[^\S\n]*(\w+)((?:[^\S\n]*\.[^\S\n]*\w+)*)[^\S\n]*$/gm;
const DOTTED = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/;

/** The names the text binds to standard-library modules or to what they export: local name → dotted path. */
function stdlibNames(text: string): Map<string, string> {
  const bound = new Map<string, string>();
  for (const match of text.matchAll(IMPORT_LINE)) {
    const start = match.index! + match[0].length;
    const paren = text[start] === '(' ? text.slice(start + 1, start + 4000) : undefined;
    STATEMENT.lastIndex = start;
    const list =
      paren !== undefined
        ? paren.slice(0, Math.max(0, paren.indexOf(')')))
        : (STATEMENT.exec(text)?.[0] ?? '');
    const from = match[1];
    if (from && !PYTHON_STDLIB.has(from.split('.')[0]!)) continue;
    for (const part of list.split(',')) {
      const named = DOTTED.exec(part.replace(/#.*$/, ''));
      if (!named) continue;
      const path = from ? `${from}.${named[1]}` : named[1]!;
      if (!from && !PYTHON_STDLIB.has(path.split('.')[0]!)) continue;
      if (named[2]) bound.set(named[2], path);
      else if (from) bound.set(named[1]!, path);
      else bound.set(path.split('.')[0]!, path.split('.')[0]!);
    }
  }
  if (bound.size === 0) return bound;
  // `F = fractions.Fraction`: another name for the same object
  for (const match of text.matchAll(NAME_FOR)) {
    const path = bound.get(match[2]!);
    if (path && !bound.has(match[1]!)) bound.set(match[1]!, `${path}${match[3]!.replace(/\s/g, '')}`);
  }
  return bound;
}

/**
 * A write on a standard-library module or class from the candidate (`math.isclose = …`, `setattr(Fraction,
 * "__eq__", …)`, `del random.random`): the comparison or conversion a test makes is the candidate's then.
 * Each finding names what was patched.
 */
function pythonStdlibPatchRules(text: string): HarnessRule[] {
  const bound = stdlibNames(text);
  if (bound.size === 0) return [];
  const names = String.raw`\w+`;
  const write = new RegExp(
    String.raw`(?<![\w.])(${names})((?:\s*\.\s*\w+)+)\s*(?:(?:[-+*/|&^%@]|\/\/|<<|>>|\*\*)?=(?!=)|\[[^\]\n]{0,200}\]\s*=(?!=))|\b(setattr|delattr)\s*\(\s*(${names})((?:\s*\.\s*\w+)*)\s*,\s*(?:[rbu]?['"](\w+)['"])?|\bdel\s+(${names})((?:\s*\.\s*\w+)+)|\bvars\s*\(\s*(${names})((?:\s*\.\s*\w+)*)\s*\)\s*\[[^\]\n]{0,200}\]\s*=(?!=)`,
    'g',
  );
  const rules: HarnessRule[] = [];
  for (const match of text.matchAll(write)) {
    const [name, path] = match[1]
      ? [match[1], match[2]!]
      : match[4]
        ? [match[4], `${match[5]!}${match[6] ? `.${match[6]}` : ''}`]
        : match[7]
          ? [match[7], match[8]!]
          : [match[9]!, match[10]!];
    const module = bound.get(name);
    if (!module) continue;
    const target = `${module}${path.replace(/\s/g, '')}`;
    // a subscript write on a module's dict-like member (`os.environ[k] = v`) is no patch of the module
    if (match[1] && /\[/.test(match[0])) continue;
    if (STDLIB_HOOKS.test(target)) continue;
    rules.push(
      rule(
        'stdlib-patch',
        `monkeypatches the standard library (\`${target}\`): what the tests compute through it is the candidate's then`,
        [match.index!],
      ),
    );
  }
  return rules;
}

/** An expression's top-level operands of `word` (`or`, `and`), outside brackets and strings; undefined if unreadable. */
function operands(expression: string, word: 'or' | 'and'): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < expression.length; at++) {
    const ch = expression[at]!;
    if (ch === '"' || ch === "'") return undefined;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && expression.startsWith(` ${word} `, at)) {
      parts.push(expression.slice(start, at));
      start = at + word.length + 2;
    }
  }
  parts.push(expression.slice(start));
  return parts.map(normal);
}

/** Whitespace collapsed, outer parentheses that enclose the whole taken off. */
function normal(expression: string): string {
  let text = expression.replace(/\s+/g, ' ').trim();
  while (text.startsWith('(') && text.endsWith(')')) {
    let depth = 0;
    let whole = true;
    for (let at = 0; at < text.length - 1; at++) {
      if (text[at] === '(') depth++;
      else if (text[at] === ')') depth--;
      if (depth === 0) {
        whole = false;
        break;
      }
    }
    if (!whole) break;
    text = text.slice(1, -1).trim();
  }
  return text;
}

const COMPLEMENTS: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^not (.+)$/, (match) => normal(match[1]!)],
  [/^(.+?) is not (.+)$/, (match) => `${match[1]} is ${match[2]}`],
  [/^(.+?) is (?!not )(.+)$/, (match) => `${match[1]} is not ${match[2]}`],
  [/^(.+?) != (.+)$/, (match) => `${match[1]} == ${match[2]}`],
  [/^(.+?) == (.+)$/, (match) => `${match[1]} != ${match[2]}`],
  [/^(.+?) not in (.+)$/, (match) => `${match[1]} in ${match[2]}`],
  [/^(.+?) in (.+)$/, (match) => `${match[1]} not in ${match[2]}`],
];

/** The negation of an expression, in the forms a tautology is written with; `not X` for anything else. */
function negation(expression: string): string[] {
  const found = [`not ${expression}`, `not (${expression})`];
  for (const [pattern, negate] of COMPLEMENTS) {
    const match = pattern.exec(expression);
    if (match) found.push(negate(match));
  }
  return found.map(normal);
}

const TRUE = /^(?:True|1|not (?:False|0|None))$|^(\w+) (?:is|==) \1$/;
const FALSE = /^(?:False|0|None|not (?:True|1))$|^(\w+) (?:is not|!=) \1$/;

/** Always true whatever is compared: a true constant, `x is x`, or `A or not A` (and its kin). */
function alwaysTrue(expression: string): boolean {
  const parts = operands(normal(expression), 'or');
  if (!parts) return false;
  if (parts.some((part) => TRUE.test(part))) return true;
  const seen = new Set(parts);
  return parts.some((part) => negation(part).some((negated) => negated !== part && seen.has(negated)));
}

/** Always false: a false constant, `x is not x`, or `A and not A`. */
function alwaysFalse(expression: string): boolean {
  const parts = operands(normal(expression), 'and');
  if (!parts) return false;
  if (parts.some((part) => FALSE.test(part))) return true;
  const seen = new Set(parts);
  return parts.some((part) => negation(part).some((negated) => negated !== part && seen.has(negated)));
}

const EQUALITY_METHOD = /^([^\S\n]*)def\s+(__eq__|__ne__)\s*\(/gm;

/**
 * An `__eq__` whose every return is true whatever it is given (`return other is None or other is not
 * None`), an `__ne__` whose every return is false (r48 C5): it names the other value and still reads
 * nothing of it. Any return the rule cannot read (a call, a comparison of fields) leaves the method alone.
 */
function pythonTautologyRules(text: string): HarnessRule[] {
  const places: number[] = [];
  for (const match of text.matchAll(EQUALITY_METHOD)) {
    const indent = match[1]!.length;
    const equal = match[2] === '__eq__';
    // the body: the lines after the head indented deeper than the def, read up to 200 lines
    let at = text.indexOf('\n', match.index!);
    const returns: string[] = [];
    let readable = true;
    for (let lines = 0; at >= 0 && lines < 200; lines++) {
      const next = text.indexOf('\n', at + 1);
      const line = text.slice(at + 1, next < 0 ? text.length : next);
      at = next;
      if (!line.trim()) continue;
      if (line.length - line.trimStart().length <= indent) break;
      const returned = /^\s*return\b(.*)$/.exec(line);
      if (!returned) continue;
      const expression = returned[1]!.replace(/#.*$/, '').trim();
      // a long expression is read as unreadable: the reading below is not linear in its length
      if (!expression || expression.length > 400 || /[\\([{]\s*$/.test(expression)) readable = false;
      returns.push(expression);
    }
    // the head on the def's own line: `def __eq__(self, other): return True`
    const headEnd = text.indexOf('\n', match.index!) >>> 0;
    // a head over 400 characters is not read (nor judged): the search in it is not linear in its length
    if (headEnd - match.index! > 400) readable = false;
    const inline = readable
      ? /\)\s*(?:->[^:\n]*)?:\s*return\b([^\n]*)$/.exec(text.slice(match.index!, headEnd))
      : null;
    if (inline) returns.push(inline[1]!.trim());
    if (!readable || returns.length === 0) continue;
    // one constant return is harness-rules.ts's own always-equal rule
    if (returns.length === 1 && (equal ? TRUE : FALSE).test(normal(returns[0]!))) continue;
    if (returns.every((expression) => (equal ? alwaysTrue(expression) : alwaysFalse(expression))))
      places.push(match.index!);
  }
  return places.length
    ? [
        rule(
          'always-equal',
          'defines an equality that holds for everything (every return of its `__eq__` is true whatever it is given)',
          places,
        ),
      ]
    : [];
}

export function pythonRuntimeRules(text: string): HarnessRule[] {
  return [
    ...pythonStringRules(text),
    ...pythonFunctionStateRules(text),
    ...pythonFrameToolRules(text),
    ...pythonStdlibPatchRules(text),
    ...pythonTautologyRules(text),
  ];
}
