import type { CompiledMatcher } from '../rules.js';
import {
  type ArgvRuns,
  argumentWords,
  argvProgramChosen,
  argvRunsData,
  stdinProgramStarted,
} from './argv-program.js';
import { truthy } from './constants.js';
import { textBefore } from './html-context.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { isCatastrophicRegex } from './redos.js';
import { headerEntry, retyped } from './response-headers.js';
import type { Constant, Value } from './taint.js';

/** What the interpreter knows about one call when it asks whether a rule matches it. */
export interface CallSite {
  /** resolved and syntactic callee names */
  paths: string[];
  args: Value[];
  /** keyword arguments (Python) or properties of object-literal arguments (JS), by lower-cased name */
  keywords: Map<string, Value>;
  /** `**kwargs` or `...spread`: unknown keywords may be present */
  hasSpread: boolean;
  receiver?: Value;
  /** the name the result is assigned to, returned from, or passed as */
  context?: string;
  /** the call's source text, for `callText` conditions */
  text?: string;
  file: string;
  topLevel: boolean;
  /** the file's code without comments and docstrings, for `fileText` and `fileTextNot` (computed once, when asked) */
  fileCode?: () => string;
  /** lines of the scan's files that change a framework's defaults, for `projectTextNot` (project-settings.ts) */
  project?: string;
  /** `new X(…)` rather than a call */
  constructs?: boolean;
  /** the callee is a data model class (see `Matcher.model`) */
  model?: boolean;
  /** the call's node (`mediaTypeKept` reads what the function does with its result) */
  node?: SyntaxNode;
  /** positions of arguments written as object literals (`log.info({ code }, '…')`) */
  objectArguments?: ReadonlySet<number>;
  /** the callee or its keywords were reached through an indirection with constant names (see `Value.hidden`) */
  hidden?: string;
}

/**
 * The file's code without its prose: comments and docstrings (a string standing as a statement), found in the
 * tree, not by a pattern (`s = "\'\'\'"` opens no docstring, a JavaScript `#field` is no comment). `fileText`
 * asks for evidence in the code (a `raise`, an allow-list), and a prompt's docstring saying "raise an
 * exception" is none; `fileTextNot` asks for a setting the code makes, not a `# TODO` naming it.
 */
export function codeOf(root: SyntaxNode): string {
  const text = root.text;
  const spans: [number, number][] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'comment') spans.push([node.startIndex, node.endIndex]);
    else if (
      node.type === 'expression_statement' &&
      node.namedChildren.length === 1 &&
      node.namedChildren[0]!.type === 'string'
    )
      spans.push([node.startIndex, node.endIndex]);
    else for (const child of node.namedChildren) stack.push(child);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let code = '';
  let at = 0;
  for (const [start, end] of spans) {
    code += `${text.slice(at, start)} `;
    at = end;
  }
  return code + text.slice(at);
}

export function matchesAny(regex: RegExp | undefined, paths: readonly (string | undefined)[]): boolean {
  if (!regex) return false;
  for (const path of paths) if (path && tests(regex, path)) return true;
  return false;
}

/** Answers per pattern and path: a file tests the same few callee paths against the same patterns. */
const answers = new WeakMap<RegExp, Map<string, boolean>>();

function tests(regex: RegExp, path: string): boolean {
  let known = answers.get(regex);
  if (!known) {
    known = new Map();
    answers.set(regex, known);
  }
  let answer = known.get(path);
  if (answer === undefined) {
    if (known.size > 5_000) known.clear();
    answer = regex.test(path);
    known.set(path, answer);
  }
  return answer;
}

/** A condition's argument name, read once: `Loader@1`, `@0`, `@0.1`, `auth.1`. */
interface ArgumentName {
  keyword?: string;
  index?: number;
  element?: number;
}

const argumentNames = new Map<string, ArgumentName>();

function argumentName(name: string): ArgumentName {
  let parsed = argumentNames.get(name);
  if (parsed) return parsed;
  // `@0.1`: element 1 of the tuple/list passed as positional argument 0.
  const element = /^@(\d+)\.(\d+)$/.exec(name);
  // `auth.1`: element 1 of the tuple/list passed as the keyword `auth`.
  const keywordElement = /^([A-Za-z_$][\w$]*)\.(\d+)$/.exec(name);
  if (element) parsed = { index: Number(element[1]), element: Number(element[2]) };
  else if (keywordElement)
    parsed = { keyword: keywordElement[1]!.toLowerCase(), element: Number(keywordElement[2]) };
  else {
    const [keyword, index] = name.split('@');
    parsed = {
      ...(keyword ? { keyword: keyword.toLowerCase() } : {}),
      ...(index !== undefined ? { index: Number(index) } : {}),
    };
  }
  argumentNames.set(name, parsed);
  return parsed;
}

/** `Loader@1`: the keyword `Loader`, or else positional argument 1. */
/** `argvOf`: the program and its arguments, given apart, run what the data chose (argv-program.ts). */
function argvOfRuns(
  site: CallSite,
  spec: NonNullable<CompiledMatcher['spec']['argvOf']>,
  runs: ArgvRuns | undefined,
): boolean {
  const program = lookup(site, spec.program);
  if (spec.programReported && program?.taint?.origins.length) return false;
  const list = spec.list === undefined ? undefined : lookup(site, spec.list);
  // an options object where the list may stand (`spawn(cmd, { cwd })`): no arguments
  const args =
    spec.list !== undefined
      ? list?.properties
        ? []
        : argumentWords(list).slice(spec.listFrom ?? 0)
      : site.args.slice(spec.argsFrom ?? site.args.length);
  return argvRunsData({ program, args, runs });
}

/** An argument written as an object literal (`execFileSync('sh', { input })`) as an options object, else its value. */
function optionsOrValue(site: CallSite, name: string): Value | undefined {
  const { keyword, index } = argumentName(name);
  if (keyword === undefined && index !== undefined && site.objectArguments?.has(index))
    return { properties: new Map() };
  return lookup(site, name);
}

export function lookup(site: CallSite, name: string): Value | undefined {
  const { keyword, index, element } = argumentName(name);
  if (element !== undefined) {
    const holder = keyword !== undefined ? site.keywords.get(keyword) : site.args[index!];
    return holder?.elements?.[element];
  }
  const found = keyword !== undefined ? site.keywords.get(keyword) : undefined;
  if (found) return found;
  if (index !== undefined) return site.args[index];
  return undefined;
}

/** The keyword a condition of a `*` matcher needs (so it is tried only at calls that have it), if any. */
export function requiredKeyword(spec: CompiledMatcher['spec']): string | undefined {
  const names = [
    ...Object.keys(spec.keyword ?? {}),
    ...Object.keys(spec.keywordPath ?? {}),
    ...Object.keys(spec.argConst ?? {}),
  ];
  for (const name of names) {
    const { keyword, index } = argumentName(name);
    // `password@99`: the keyword, or an argument no call has
    if (keyword !== undefined && (index === undefined || index >= 32)) return keyword;
  }
  return undefined;
}

const asList = (value: Constant | Constant[]): Constant[] => (Array.isArray(value) ? value : [value]);

function constantIn(value: Value | undefined, expected: Constant | Constant[]): boolean {
  if (!value?.known) return false;
  const list = asList(expected);
  return list.some((item) =>
    typeof item === 'string' && typeof value.constant === 'string'
      ? item.toLowerCase() === value.constant.toLowerCase()
      : item === value.constant,
  );
}

/** Rule patterns compiled once, not on every call site they are checked at. */
const compiled = new Map<string, RegExp>();

function compiledOnce(key: string, make: () => RegExp): RegExp {
  let regex = compiled.get(key);
  if (!regex) {
    regex = make();
    compiled.set(key, regex);
  }
  return regex;
}

function pathMatches(value: Value | undefined, glob: string): boolean {
  if (!value) return false;
  const regex = compiledOnce(
    `glob:${glob}`,
    () =>
      new RegExp(
        `^(?:${glob
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')})$`,
      ),
  );
  return matchesAny(regex, [value.path, value.rawPath]);
}

/** Every condition of the matcher holds for this call (the callee itself was matched already). */
export function conditionsHold(matcher: CompiledMatcher, site: CallSite): boolean {
  const spec = matcher.spec;
  // Cheapest first: matchers on any callee (`*`) with a keyword condition fail at most calls here.
  if (spec.keyword) {
    for (const [name, expected] of Object.entries(spec.keyword)) {
      if (!constantIn(lookup(site, name), expected)) return false;
    }
  }
  if (matchesAny(matcher.callNot, site.paths)) return false;
  if (matcher.pathMatches && !matcher.pathMatches.test(site.file)) return false;
  if (matcher.pathNot?.test(site.file)) return false;
  if (spec.topLevel && !site.topLevel) return false;
  if (spec.hidden && !site.hidden) return false;
  if (matcher.context && !(site.context && matcher.context.test(site.context))) return false;
  if (matcher.contextNot && site.context && matcher.contextNot.test(site.context)) return false;
  if (spec.argCount !== undefined && site.args.length !== spec.argCount) return false;
  if (spec.keywordNot) {
    for (const [name, expected] of Object.entries(spec.keywordNot)) {
      const value = lookup(site, name);
      if (constantIn(value, expected)) return false;
      if (value && !value.known) return false; // decided at run time: give the benefit of the doubt
      if (!value && site.hasSpread) return false;
    }
  }
  if (spec.keywordMissing) {
    if (site.hasSpread) return false;
    const missing = spec.keywordMissing.some((alternatives) => {
      const value = alternatives
        .split('|')
        .map((name) => lookup(site, name))
        .find((found) => found !== undefined);
      return !value || (value.known && !truthy(value.constant));
    });
    if (!missing) return false;
  }
  if (spec.keywordPath) {
    for (const [name, glob] of Object.entries(spec.keywordPath)) {
      if (!pathMatches(lookup(site, name), glob)) return false;
    }
  }
  if (spec.keywordPathNot) {
    for (const [name, glob] of Object.entries(spec.keywordPathNot)) {
      const value = lookup(site, name);
      if (value && pathMatches(value, glob)) return false;
      if (!value && site.hasSpread) return false;
    }
  }
  if (spec.keywordIsConstant) {
    for (const name of spec.keywordIsConstant) if (!lookup(site, name)?.known) return false;
  }
  if (spec.argConst) {
    for (const [index, pattern] of Object.entries(spec.argConst)) {
      const value = lookup(site, /^\d/.test(index) ? `@${index}` : index);
      // Text only: `pick({ password: true })` names a field, it passes no password.
      if (!value?.known || typeof value.constant !== 'string') return false;
      if (!compiledOnce(`i:${pattern}`, () => new RegExp(pattern, 'i')).test(value.constant)) return false;
    }
  }
  if (spec.argPath) {
    for (const [index, glob] of Object.entries(spec.argPath)) {
      if (!pathMatches(lookup(site, /^\d/.test(index) ? `@${index}` : index), glob)) return false;
    }
  }
  if (spec.notConstant) {
    for (const name of spec.notConstant) {
      const value = lookup(site, /^\d+$/.test(name) ? `@${name}` : name);
      // A value that always raises is no data: nothing is ever given (`fromstring(request.get(u).data)`).
      if (!value || value.known || value.inert || value.raises) return false;
    }
  }
  if (spec.bytesArguments) {
    for (const name of spec.bytesArguments) {
      const value = lookup(site, /^\d+$/.test(name) ? `@${name}` : name);
      if (value?.raises || value?.kind === 'str') return false;
    }
  }
  if (spec.argvProgram) {
    for (const name of spec.argvProgram)
      if (!argvProgramChosen(lookup(site, name), spec.argvRuns)) return false;
  }
  if (spec.argvOf && !argvOfRuns(site, spec.argvOf, spec.argvRuns)) return false;
  if (spec.stdinProgram && !stdinProgramStarted(spec.stdinProgram, (name) => optionsOrValue(site, name)))
    return false;
  if (spec.receiverStdinProgram && !site.receiver?.stdinProgram) return false;
  if (spec.notOwnFile) {
    for (const name of spec.notOwnFile)
      if (lookup(site, /^\d+$/.test(name) ? `@${name}` : name)?.ownFile) return false;
  }
  if (
    spec.callText &&
    !compiledOnce(`t:${spec.callText}`, () => new RegExp(spec.callText!)).test(site.text ?? '')
  )
    return false;
  if (
    spec.callTextNot &&
    compiledOnce(`t:${spec.callTextNot}`, () => new RegExp(spec.callTextNot!)).test(site.text ?? '')
  )
    return false;
  if (spec.argIsConstant) {
    for (const index of spec.argIsConstant) if (!site.args[index]?.known) return false;
  }
  if (spec.numberBelow) {
    for (const [name, limit] of Object.entries(spec.numberBelow)) {
      const value = lookup(site, /^\d+$/.test(name) ? `@${name}` : name);
      if (!value?.known || typeof value.constant !== 'number' || value.constant >= limit) return false;
    }
  }
  if (spec.argConstNot) {
    for (const [index, pattern] of Object.entries(spec.argConstNot)) {
      const value = lookup(site, /^\d/.test(index) ? `@${index}` : index);
      if (
        value?.known &&
        typeof value.constant === 'string' &&
        compiledOnce(`i:${pattern}`, () => new RegExp(pattern, 'i')).test(value.constant)
      )
        return false;
    }
  }
  if (spec.entryConst) {
    for (const [name, expected] of Object.entries(spec.entryConst))
      if (!declares(lookup(site, /^\d/.test(name) ? `@${name}` : name), expected)) return false;
  }
  if (spec.keywordsAbsent) {
    if (site.hasSpread) return false;
    for (const name of spec.keywordsAbsent) {
      const value = lookup(site, /^\d/.test(name) ? `@${name}` : name);
      if (value && !(value.known && (value.constant === null || value.constant === undefined))) return false;
    }
  }
  if (spec.textBeforeNot !== undefined) {
    const text = site.node ? textBefore(site.node) : undefined;
    if (
      text === undefined ||
      compiledOnce(`i:${spec.textBeforeNot}`, () => new RegExp(spec.textBeforeNot!, 'i')).test(text)
    )
      return false;
  }
  if (spec.retyped !== undefined && (!!site.node && retyped(site.node)) !== spec.retyped) return false;
  if (spec.entryConstNot) {
    for (const [name, expected] of Object.entries(spec.entryConstNot))
      if (declares(lookup(site, /^\d/.test(name) ? `@${name}` : name), expected)) return false;
  }
  if (spec.modeBits) {
    for (const [name, bits] of Object.entries(spec.modeBits)) {
      const mode = fileMode(lookup(site, /^\d+$/.test(name) ? `@${name}` : name));
      if (mode === undefined) return false;
      if (bits.set !== undefined && (mode & bits.set) !== bits.set) return false;
      if (bits.clear !== undefined && (mode & bits.clear) !== 0) return false;
    }
  }
  if (spec.constructs && !(site.constructs || site.paths.some((path) => /(?:^|\.)[A-Z][\w$]*$/.test(path))))
    return false;
  if (matcher.fileTextNot?.test(site.fileCode?.() ?? '')) return false;
  if (
    matcher.projectTextNot &&
    (matcher.projectTextNot.test(site.fileCode?.() ?? '') || matcher.projectTextNot.test(site.project ?? ''))
  )
    return false;
  if (matcher.fileText && !matcher.fileText.test(site.fileCode?.() ?? '')) return false;
  if (spec.model && !site.model) return false;
  if (spec.argReDoS !== undefined) {
    const value = site.args[spec.argReDoS];
    if (!value?.known || typeof value.constant !== 'string' || !isCatastrophicRegex(value.constant))
      return false;
  }
  return true;
}

/**
 * Whether a dict of headers (`headers={"Content-Type": "application/json"}`) holds, under every key named, a
 * string constant matching its case-insensitive expression (`entryConst`); a dict whose entries are not all
 * seen holds nothing for certain.
 */
export function declares(value: Value | undefined, expected: Readonly<Record<string, string>>): boolean {
  for (const [key, pattern] of Object.entries(expected)) {
    const entry = headerEntry(value, key);
    if (!entry?.known || typeof entry.constant !== 'string') return false;
    if (!compiledOnce(`i:${pattern}`, () => new RegExp(pattern, 'i')).test(entry.constant)) return false;
  }
  return true;
}

/** A file mode written as a number (`0o777`, `511`) or a string of octal digits (`'777'`), else undefined. */
export function fileMode(value: Value | undefined): number | undefined {
  if (!value?.known) return undefined;
  if (typeof value.constant === 'number' && Number.isInteger(value.constant)) return value.constant;
  if (typeof value.constant === 'string' && /^0?[0-7]{3,4}$/.test(value.constant))
    return Number.parseInt(value.constant, 8);
  return undefined;
}
