import type { LanguageId } from '../../core/languages.js';
import { escapeRegExp } from '../../core/regexp.js';
import type { SyntaxNode } from '../../syntax/parser.js';

/**
 * What a test suite does with the code it tests, read from its text: each test, whether its assertions
 * can fail (not swallowed by a try/except), whether it calls the real code (not a mock of it), and whether
 * an assertion compares what the code returned. The reading is static and errs towards "evidence": a
 * test is flagged only for a shape that shows it, and the mutants decide the rest (`measure.ts`).
 */
export type TestProblem = 'swallowed-assertion' | 'mocks-subject' | 'no-result-assertion' | 'reads-source';

export interface ProblemAt {
  problem: TestProblem;
  /** 1-based line in the suite */
  line: number;
  /** what was seen: `except AssertionError`, `patch.object(solution, 'is_prime')`, `toBeDefined()` */
  evidence: string;
}

export interface TestReading {
  name: string;
  /** 1-based */
  line: number;
  problems: ProblemAt[];
}

export interface SuiteReading {
  tests: TestReading[];
  /** the code's names the suite calls (the functions under test) */
  subjects: string[];
}

/** One assertion's kind: compares a result, checks its truth one way, or shows nothing about it. */
export type Strength = 'compares' | 'truthy' | 'falsy' | 'weak';

export interface Assertion {
  strength: Strength;
  /** the subject name or result variable it is about (for the truthy/falsy pairing) */
  about?: string;
  line: number;
  text: string;
}

export interface Unit {
  name: string;
  node: SyntaxNode;
  /** the text the unit's rules read: decorators included */
  text: string;
  line: number;
}

const TRIVIAL_TRUTHY = /^\s*(?:True|False|true|false|1|0|None|null|undefined)\s*$/;

/** Names a candidate defines at the top level: what its tests are meant to call. */
export function definedNames(code: string, language: LanguageId): string[] {
  const pattern =
    language === 'python'
      ? /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/gm
      : /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
  return [...new Set([...code.matchAll(pattern)].map((match) => match[1] as string))];
}

export function callsOf(names: readonly string[]): RegExp | undefined {
  if (names.length === 0) return undefined;
  return new RegExp(`(?<![\\w$])(?:${names.map(escapeRegExp).join('|')})\\s*(?:<[^>()]*>\\s*)?\\(`);
}

export function mentions(text: string, names: readonly string[]): string | undefined {
  for (const name of names)
    if (new RegExp(`(?<![\\w$])${escapeRegExp(name)}(?![\\w$])`).test(text)) return name;
  return undefined;
}

export function descendants(
  node: SyntaxNode,
  types: readonly string[],
  found: SyntaxNode[] = [],
): SyntaxNode[] {
  for (const child of node.namedChildren) {
    if (types.includes(child.type)) found.push(child);
    descendants(child, types, found);
  }
  return found;
}

export function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line.trim();
}

export const PY_COMPARISON =
  /==|!=|<=|>=|<|>|\bnot\s+in\b|\bin\b|\bis\s+None\b|\bis\s+(?:True|False)\b|\bis\b(?!\s+not\s+None)/;
export const NODE_COMPARISON = /===?|!==?|<=|>=|<|>|\bin\b/;

/**
 * An assert's condition: a comparison of something the code returned (`f(2) == 4`, `r in (1, 2)`,
 * `f(x) is None`), its bare truth (`f(7)`, `not f(8)`: a predicate, evidence only when the suite checks
 * both ways), or nothing about it (`isinstance(r, str)`, `r is not None`, `True`).
 */
export function classifyCondition(
  condition: string,
  about: readonly string[],
  language: 'python' | 'node',
): { strength: Strength; about?: string } {
  if (!mentions(condition, about) || TRIVIAL_TRUTHY.test(condition)) return { strength: 'weak' };
  const call = String.raw`\([^()]*(?:\([^()]*\)[^()]*)*\)`;
  const stripped =
    language === 'python'
      ? condition
          .replace(new RegExp(String.raw`\btype\s*${call}\s*(?:==|is)\s*[\w.]+`, 'g'), ' _weak ')
          .replace(
            new RegExp(String.raw`\b(?:isinstance|issubclass|callable|hasattr)\s*${call}`, 'g'),
            ' _weak ',
          )
          .replace(/\bis\s+not\s+None\b|!=\s*None\b/g, ' _weak ')
      : condition
          .replace(/\btypeof\s+[^=!&|]+?[!=]==?\s*(['"`])\w*\1/g, ' _weak ')
          .replace(/\binstanceof\s+[\w$.]+/g, ' _weak ')
          .replace(/!==?\s*(?:undefined|null)\b/g, ' _weak ');
  const target = mentions(stripped, about);
  if (target && (language === 'python' ? PY_COMPARISON : NODE_COMPARISON).test(stripped))
    return { strength: 'compares', about: target };
  if (!target || /\b_weak\b/.test(stripped)) return { strength: 'weak' };
  const negated = language === 'python' ? /^\s*not\b/.test(condition) : /^\s*!/.test(condition);
  return { strength: negated ? 'falsy' : 'truthy', about: target };
}

/**
 * The names a suite gives the readers of source text (r45): `from inspect import getsource as _text`,
 * `import linecache as lc`, `text = inspect.getsource`. Each is a call to look for like the reader itself.
 */
export function sourceReaderAliases(suite: string): string[] {
  const readers = String.raw`(?:getsource(?:lines|file)?|findsource|getfile|getlines?|getcomments|get_source)`;
  const aliases = new Set<string>();
  // `from inspect import getsource as x, getfile`, `from linecache import getlines as y`
  for (const match of suite.matchAll(/^\s*from\s+(?:inspect|linecache)\s+import\s+\(?([^)\n]+)/gm))
    for (const part of match[1]!.split(','))
      for (const named of part.matchAll(new RegExp(String.raw`^\s*${readers}\s+as\s+([A-Za-z_]\w*)`, 'g')))
        aliases.add(`${named[1]}\\s*\\(`);
  // `import inspect as i`, `import linecache as lc`: their readers through the new name
  for (const match of suite.matchAll(/\bimport\s+(?:inspect|linecache)\s+as\s+([A-Za-z_]\w*)/g))
    aliases.add(`\\b${match[1]}\\s*\\.\\s*${readers}\\b`);
  // the disassembler's readers (r48): `from dis import get_instructions`, `from dis import Bytecode as B`,
  // `import dis as d`: each shows the code's instructions, not what it does
  for (const match of suite.matchAll(/^\s*from\s+dis\s+import\s+\(?([^)\n#]+)/gm))
    for (const part of match[1]!.split(',')) {
      const bound = /\bas\s+([A-Za-z_]\w*)/.exec(part)?.[1] ?? part.trim();
      if (/^[A-Za-z_]\w*$/.test(bound)) aliases.add(`(?<![\\w.])${bound}\\s*\\(`);
    }
  for (const match of suite.matchAll(/\bimport\s+dis\s+as\s+([A-Za-z_]\w*)/g))
    aliases.add(`\\b${match[1]}\\s*\\.\\s*\\w+\\s*\\(`);
  // `text = inspect.getsource`, `text = getsource`: the reader held under another name
  for (const match of suite.matchAll(
    new RegExp(String.raw`^\s*([A-Za-z_]\w*)\s*=\s*(?:[A-Za-z_][\w.]*\.)?${readers}\s*$`, 'gm'),
  ))
    aliases.add(`\\b${match[1]}\\s*\\(`);
  return [...aliases];
}

/**
 * The names a suite binds to whole modules (r47): in Python every name an `import` binds (`import feeds`,
 * `from app import feeds as f`, `from feeds import registry`), whose `.get_source(…)` is the project's own
 * function, not a loader's; in JavaScript the names that hold the module under test itself
 * (`import * as subject from './summary.js'`, a default import, `require('./summary')`, `await import(…)`),
 * whose members are its functions — a member of any other object (`${s.total}` of a result) is data.
 */
export function moduleBindings(suite: string, module: string, python: boolean): string[] {
  const names = new Set<string>();
  if (python) {
    // what the loaders' own homes bind stays a reader's receiver (`SourceFileLoader`, `importlib.util as u`)
    const loaders = /^\s*(?:importlib|pkgutil|zipimport|inspect|linecache)\b/;
    for (const match of suite.matchAll(/^\s*import\s+([^\n#]+)/gm))
      for (const part of match[1]!.split(','))
        if (!loaders.test(part))
          names.add(/\bas\s+([A-Za-z_]\w*)/.exec(part)?.[1] ?? part.trim().split('.')[0]!);
    for (const match of suite.matchAll(/^\s*from\s+([\w.]+)\s+import\s+\(?([^)\n#]+)/gm))
      if (!loaders.test(match[1]!))
        for (const part of match[2]!.split(','))
          names.add(/\bas\s+([A-Za-z_]\w*)/.exec(part)?.[1] ?? part.trim());
    return [...names].filter((name) => /^[A-Za-z_]\w*$/.test(name));
  }
  const specifier = String.raw`['"\x60][^'"\x60\n]*\b${escapeRegExp(module)}(?:\.[cm]?[jt]sx?)?['"\x60]`;
  for (const pattern of [
    String.raw`\bimport\s+\*\s+as\s+([A-Za-z_$][\w$]*)\s+from\s*${specifier}`,
    String.raw`\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*[{*][^;]*?)?\s+from\s*${specifier}`,
    String.raw`\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:await\s+)?(?:require|import)\s*\(\s*${specifier}`,
  ])
    for (const match of suite.matchAll(new RegExp(pattern, 'g'))) names.add(match[1]!);
  return [...names];
}

/**
 * Where a test reads the text of the code it tests instead of running it (`inspect.getsource(f)`,
 * `f.__code__`, `String(f)`, `f.toString()`, `` `${ns.f}` ``, `f + ''`, the module's file opened and read,
 * its loader's `get_source`): such a test fails on any change to the text, a renamed variable as much as a
 * wrong answer, so the mutants it kills say nothing about what the code does. `names` are the code's own
 * functions and classes; `module` its module name; `aliases` the suite's own names for the readers
 * (`sourceReaderAliases`). A test that stringifies what the code returns (`String(f(2))`, `` `${f(2)}` ``)
 * reads no source.
 */
export function sourceReadings(
  text: string,
  {
    names,
    module,
    python,
    lineOffset,
    aliases = [],
    bindings = [],
  }: {
    names: readonly string[];
    module: string;
    python: boolean;
    lineOffset: number;
    aliases?: readonly string[];
    /** `moduleBindings` of the suite */
    bindings?: readonly string[];
  },
): ProblemAt[] {
  const results = python ? new Set<string>() : resultNames(text);
  const alternatives = names
    .filter((each) => !results.has(each))
    .map(escapeRegExp)
    .join('|');
  const namespaces = bindings.map(escapeRegExp).join('|');
  // the function itself, bare or as a member of the module's namespace (`subject.add`), never called or
  // indexed; a member of another object (`s.total` of a result) is that object's data
  const member = alternatives
    ? String.raw`(?<![\w$.])${namespaces ? String.raw`(?:(?:${namespaces})\s*\.\s*)?` : ''}(?:${alternatives})(?![\w$])`
    : '(?!)';
  // a loader's `get_source`, not one of the project's (`feeds.get_source(entry)`, a bare `get_source(…)`
  // imported from it): a bare name reads only under an alias (`sourceReaderAliases`)
  const projectReceivers = bindings.length ? String.raw`(?<!(?<![\w.])(?:${namespaces})\s*)` : '';
  const name = String.raw`${member}(?!\s*(?:[(.[<]|\?\.))`;
  // an array literal holding the function among its items, coerced to text like the function itself
  const array = String.raw`\[\s*(?:[^[\]\n]*?,\s*)?${name}\s*(?:,[^[\]\n]*)?\]`;
  const coerced = String.raw`(?:${name}|${array})`;
  const file = escapeRegExp(module);
  // the module's file named on a line that opens, reads, joins or copies a path: `(Path(__file__).parent /
  // 'solution.py').read_text()`, `open(os.path.join(here, 'solution.py'))`, `shutil.copy('solution.py', …)`
  const moduleFile = new RegExp(
    String.raw`^.*\b(?:open|read_text|read_bytes|read|readlines|Path|join|getlines|parse|tokenize|copy\w*|symlink(?:_to)?|hardlink_to|link)\b.*['"][^'"\n]*\b${file}\.py['"].*$|^.*['"][^'"\n]*\b${file}\.py['"].*\b(?:open|read_text|read_bytes|read|readlines|getlines)\b.*$`,
    'gm',
  );
  const patterns = python
    ? [
        /\bgetsource(?:lines|file)?\s*\(|\bfindsource\s*\(|\bgetcomments\s*\(/g,
        /\binspect\.getfile\s*\(/g,
        // the compiled code and the globals it closes over (`f.__code__.co_consts`, `getattr(f, '__code__')`,
        // `f.__globals__["__file__"]`)
        /\.__(?:code|globals)__\b|['"]__(?:code|globals)__['"]|\bco_(?:code|consts|names|varnames|lnotab|linetable|lines|positions)\b/g,
        /\bdis\.\w+\s*\(/g,
        // the file of a module looked up at run time: `sys.modules[f.__module__].__file__`,
        // `inspect.getmodule(f).__file__` (the test's own, `sys.modules[__name__]`, is not the code)
        /(?:\bsys\.modules\s*\[(?!\s*__name__\s*\])[^\]\n]*\]|\bgetmodule\s*\([^()\n]*\)|\bimport_module\s*\([^()\n]*\))\s*\.\s*__(?:file|cached|spec|loader)__\b/g,
        // the loader's copy of the text, the module's spec naming its file, the line cache
        new RegExp(
          String.raw`${projectReceivers}\.\s*get_source\s*\(|\b__loader__\b|\b__spec__\s*\.\s*origin\b|\blinecache\s*\.\s*\w+\s*\(`,
          'g',
        ),
        new RegExp(String.raw`\b${file}\.__(?:file|cached)__\b`, 'g'),
        new RegExp(String.raw`\bfind_spec\s*\(\s*['"]${file}['"]`, 'g'),
        moduleFile,
        ...aliases.map((alias) => new RegExp(alias, 'g')),
      ]
    : [
        new RegExp(String.raw`(?<![\w$.])String\s*\(\s*${coerced}\s*\)`, 'g'),
        // the function's own toString, called or handed on: `add.toString()`, `add.toString.call(add)`,
        // `Reflect.apply(add.toString, add, [])`; and the prototype's, which only ever reads a function's text
        new RegExp(
          String.raw`${member}\s*\.\s*toString\b|\bFunction\s*\.\s*prototype\s*\.\s*toString\b`,
          'g',
        ),
        new RegExp(String.raw`\btoString\s*\.\s*(?:call|apply)\s*\(\s*${name}\s*[,)]`, 'g'),
        // a template that interpolates the function itself: `${add}`, `src: ${subject.add}`, `${[add]}`
        new RegExp(String.raw`\$\{\s*${coerced}\s*\}`, 'g'),
        // coerced by concatenation: `add + ''`, `'' + subject.add`, `'' + [add]`, `''.concat(add)`
        new RegExp(
          String.raw`${coerced}\s*\+\s*['"\x60]|['"\x60]\s*\+\s*${coerced}|['"\x60]\s*\.\s*concat\s*\(\s*(?:[^;\n]*?,\s*)?${coerced}\s*[,)]`,
          'g',
        ),
        // an array holding the function, joined into text (r48): `[add].join('')`, `[add].toString()`
        new RegExp(String.raw`${array}\s*\.\s*(?:join|toString|toLocaleString)\s*\(`, 'g'),
        new RegExp(
          String.raw`\breadFile(?:Sync)?\s*\([^;\n]*['"\x60][^'"\x60\n]*\b${file}\.(?:[cm]?[jt]sx?)['"\x60]`,
          'g',
        ),
      ];
  const problems: ProblemAt[] = [];
  for (const pattern of patterns)
    for (const match of text.matchAll(pattern)) {
      if (pattern === moduleFile && (fixtureFile(match[0], module) || pathAsArgument(match[0], names)))
        continue;
      problems.push({
        problem: 'reads-source',
        line: lineOffset + text.slice(0, match.index).split('\n').length - 1,
        evidence: firstLine(match[0].trim()),
      });
    }
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * The names a JavaScript test binds to what a call returned (`const { total } = summarize(items)`, `let total
 * = await fetchTotal()`): there they hold a result, not the function of that name, and a template of them
 * prints data (r47). A name bound to the module (`const { total } = await import('./solution.js')`,
 * `= require(…)`) or to another name (`const total = lib.total`) still holds the function.
 */
function resultNames(text: string): Set<string> {
  const names = new Set<string>();
  const declarations =
    /\b(?:const|let|var)\s+(\{[^{}]*\}|\[[^[\]]*\]|[A-Za-z_$][\w$]*)\s*(?::[^=;\n]+)?=\s*(?:await\s+)?([A-Za-z_$][\w$.]*)\s*(?:<[^>()]*>\s*)?\(/g;
  for (const match of text.matchAll(declarations)) {
    if (/^(?:require|import)$/.test(match[2]!)) continue;
    const pattern = match[1]!;
    if (!/^[{[]/.test(pattern)) {
      names.add(pattern);
      continue;
    }
    for (const part of pattern.slice(1, -1).split(',')) {
      const bound = (part.includes(':') ? part.slice(part.indexOf(':') + 1) : part)
        .split('=')[0]!
        .replace(/^\s*\.\.\./, '')
        .trim();
      if (/^[A-Za-z_$][\w$]*$/.test(bound)) names.add(bound);
    }
  }
  return names;
}

const TEMPORARY = String.raw`(?:str\s*\(\s*)?\b(?:tmp_path|tmpdir|tmp_path_factory\.\w+\([^()]*\)|tempfile\.\w+\([^()]*\)|mkdtemp\([^()]*\)|gettempdir\(\s*\)|tmp|temp_dir|tmp_dir)\b\)?`;

/**
 * Whether a line that names the module's file only makes a file of that name elsewhere (r47): a path under
 * the test's temporary folder (`os.path.join(tmp_path, 'feeds.py')`, `tmp_path / 'feeds.py'`), or the file
 * opened for writing and nothing read. A copy of the code's own file is still read (`shutil.copy('feeds.py',
 * tmp_path / 'feeds.py')` keeps the first name).
 */
function fixtureFile(line: string, module: string): boolean {
  const named = new RegExp(String.raw`['"][^'"\n]*\b${escapeRegExp(module)}\.py['"]`);
  const rest = line
    .replace(new RegExp(String.raw`\bjoin\s*\(\s*${TEMPORARY}\s*(?:,\s*['"][^'"\n]*['"]\s*)+\)`, 'g'), ' _ ')
    .replace(new RegExp(String.raw`${TEMPORARY}(?:\s*/\s*['"][^'"\n]*['"])+`, 'g'), ' _ ');
  if (!named.test(rest)) return true;
  const writes = /\bopen\s*\([^\n]*,\s*(?:mode\s*=\s*)?['"][wax]b?\+?['"]|\.write_(?:text|bytes)\s*\(/;
  return writes.test(line) && !/\b(?:read_text|read_bytes|read|readlines|getlines)\s*\(/.test(line);
}

/**
 * Whether a line that names the module's file only hands a path to the code under test (r48, M1):
 * `extension(os.path.join("src", "solution.py"))` builds a string the function reads as data; nothing on
 * the line opens, reads or copies a file.
 */
function pathAsArgument(line: string, names: readonly string[]): boolean {
  if (
    /\b(?:open|read_text|read_bytes|read|readlines|getlines|parse|tokenize|copy\w*|symlink(?:_to)?|hardlink_to|link)\b/.test(
      line,
    )
  )
    return false;
  return callsOf(names)?.test(line) ?? false;
}

/** The code's names a test could read the text of: functions and classes (not constants' values). */
export function functionNames(code: string, language: LanguageId): string[] {
  if (language === 'python') return definedNames(code, language);
  const pattern =
    /^(?:export\s+)?(?:default\s+)?(?:(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)|class\s+([A-Za-z_$][\w$]*)|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=\n]+)?=>|[A-Za-z_$][\w$]*\s*=>|class\b))/gm;
  return [
    ...new Set([...code.matchAll(pattern)].map((match) => (match[1] ?? match[2] ?? match[3]) as string)),
  ];
}
