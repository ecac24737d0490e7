import { dirname, join } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { isEsmSource, transpileTypeScript } from '../../verify/runners/transpile-typescript.js';
import {
  openSandboxSession,
  PYTHON_REPORT_MODULE,
  pythonReportModule,
  type SandboxSession,
} from '../../verify/sandbox/index.js';
import type { CodeTarget } from '../test/target.js';
import { codeConstants } from './code-constants.js';
import { nodeDifferentialSide } from './node-differential.js';
import { pythonDifferentialSide } from './python-differential.js';
import { transpiledImports } from './transpiled-imports.js';

export interface Counterexample {
  /** the smallest call found that shows the difference, e.g. `discount(-1)` */
  call: string;
  /** what the old version does with it: `returns 0`, `raises ValueError`, `… and prints '…'` */
  old: string;
  new: string;
  /** where the input came from: docstring, tests, generated */
  found: string;
  /** the input as first found, before shrinking */
  original?: string;
}

/** Which branch arms of one version of a function the compared inputs reached, as that version's side measured them. */
export interface BranchCoverage {
  measured: boolean;
  /** why it could not be measured */
  problem?: string;
  /** branch arms (Python: each arm of if, while, for, conditional, and/or, except, case; Node: V8's blocks) */
  total?: number;
  reached?: number;
  /** the arms not reached, e.g. "line 7: `if age >= 65` true" */
  notReached?: string[];
}

export interface FunctionComparison {
  name: string;
  fromDocstring: number;
  fromTests: number;
  generated: number;
  differences: number;
  counterexample?: Counterexample;
  /** why it was not compared */
  skipped?: string;
  signatureChanged?: string;
  nondeterministic?: boolean;
  /** the branches of each version the inputs reached (measured only where it was compared) */
  coverage?: { old: BranchCoverage; new: BranchCoverage };
}

export interface DifferentialReport {
  ran: boolean;
  functions: FunctionComparison[];
  /** the module's values that differ between two imports of the old version (`STARTED = time.time()`): not compared */
  unstable?: string[];
  /** why it did not run */
  problem?: string;
  durationMs: number;
}

/** One input as the old side planned it: where it came from, and its arguments as that side encoded them. */
interface PlannedInput {
  source: 'docstring' | 'tests' | 'generated';
  args: string;
  kwargs?: string;
}

interface SideOutcome {
  key: string;
  text: string;
  /** the text with what a shorter one leaves out (an exception's message), where a side gives it */
  detail?: string;
  /** a generator in the outcome was consumed only this far: what it yields past there is not compared */
  cut?: number;
}

/** The two outcomes as a counterexample shows them: in full where the short texts are the same. */
function shown(old: SideOutcome, now: SideOutcome): { old: string; new: string } {
  if (old.text !== now.text) return { old: old.text, new: now.text };
  return { old: old.detail ?? old.text, new: now.detail ?? now.text };
}

interface Described {
  callable: boolean;
  isClass: boolean;
  params: string[] | null;
  signature: string | null;
}

/** What the comparison needs of one function: its name, and (Node) what the plan request carries. */
interface FunctionToCompare {
  name: string;
  plan: Record<string, unknown>;
  /** two exceptions of the same type are the same outcome, whatever their messages say */
  exceptionsByType?: boolean;
}

/** How a comparison is run: inputs at most, the generator's seed, and what counts as the same outcome. */
export interface DifferentialOptions {
  maxInputs: number;
  seed: number;
  /**
   * two exceptions of the same type count as the same outcome (mutation testing: `'>' not supported`
   * against `'>=' not supported` for `None` is no behaviour a test asserts); a refactor compares messages
   */
  exceptionsByType?: boolean;
}

/** Both outcomes raise (throw) an exception of the same type. */
function sameExceptionType(old: SideOutcome, now: SideOutcome): boolean {
  const type = (text: string) =>
    /^(?:raises|throws|returns a promise rejected with) ([\w.$]+)/.exec(text)?.[1];
  const before = type(old.text);
  return before !== undefined && before === type(now.text);
}

/** Calls per request: a few hundred outcomes make a line of some tens of kB. */
const CALLS_PER_REQUEST = 100;
/** A counterexample is shrunk through at most this many smaller inputs (as the sides always did). */
const SHRINK_STEPS = 300;
const SOURCE_FIELD = { docstring: 'fromDocstring', tests: 'fromTests', generated: 'generated' } as const;

async function outcomesOf(
  side: SandboxSession,
  name: string,
  inputs: PlannedInput[],
): Promise<SideOutcome[]> {
  const outcomes: SideOutcome[] = [];
  for (let start = 0; start < inputs.length; start += CALLS_PER_REQUEST) {
    const answer = await side.request<{ outcomes: SideOutcome[] }>({
      op: 'call',
      name,
      inputs: inputs.slice(start, start + CALLS_PER_REQUEST),
    });
    outcomes.push(...answer.outcomes);
  }
  return outcomes;
}

/**
 * The smallest input found that still shows the difference: each round the old side offers smaller
 * inputs in order, both sides run them, and the first that still differs is kept, until none does.
 */
/** How many of the planned inputs the old side calls twice each while planning (its determinism check). */
const PLAN_CHECKED_INPUTS = 5;

async function shrink({
  oldSide,
  newSide,
  name,
  input,
  found,
}: {
  oldSide: SandboxSession;
  newSide: SandboxSession;
  name: string;
  input: PlannedInput;
  found: { old: SideOutcome; new: SideOutcome };
}): Promise<{ input: PlannedInput; old: SideOutcome; new: SideOutcome }> {
  let current = { input, ...found };
  let steps = 0;
  let improved = true;
  while (improved && steps < SHRINK_STEPS) {
    improved = false;
    const { candidates } = await oldSide.request<{ candidates: PlannedInput[] }>({
      op: 'shrink',
      args: current.input.args,
      kwargs: current.input.kwargs,
    });
    if (candidates.length === 0) break;
    const [olds, news] = await Promise.all([
      outcomesOf(oldSide, name, candidates),
      outcomesOf(newSide, name, candidates),
    ]);
    for (const [index, candidate] of candidates.entries()) {
      steps++;
      if (olds[index]!.key !== news[index]!.key) {
        current = { input: { ...candidate, source: input.source }, old: olds[index]!, new: news[index]! };
        improved = true;
        break;
      }
    }
  }
  return current;
}

/**
 * Old against new, function by function, compared here — outside both sandboxes. Each side only answers
 * for itself: the new code can make its own function return anything, but it cannot write the other
 * side's answers, the comparison or the verdict (what either prints is never read).
 */
async function compareSides({
  oldSide,
  newSide,
  functions,
  language,
}: {
  oldSide: SandboxSession;
  newSide: SandboxSession;
  functions: FunctionToCompare[];
  language: 'python' | 'node';
}): Promise<{ reports: FunctionComparison[]; unstable: string[] }> {
  const { reports, unstable } = await moduleState(oldSide, newSide);
  const held = language === 'python' ? await moduleValues(oldSide, newSide) : undefined;
  for (const { name, plan, exceptionsByType } of functions) {
    const [before, after] = await Promise.all([
      oldSide.request<Described>({ op: 'describe', name }),
      newSide.request<Described>({ op: 'describe', name }),
    ]);
    const report: FunctionComparison = { name, fromDocstring: 0, fromTests: 0, generated: 0, differences: 0 };
    if (!before.callable) {
      if (language === 'node')
        reports.push({ ...report, skipped: 'not exported, so the tester cannot call it' });
      continue;
    }
    if (!after.callable) {
      reports.push({
        ...report,
        differences: 1,
        counterexample: {
          call: name,
          old: language === 'node' ? 'is exported' : 'is defined',
          new: 'is gone',
          found: 'module',
        },
      });
      continue;
    }
    if (before.isClass) {
      reports.push({
        ...report,
        skipped: 'a class: its methods need an instance, which the differential tester does not build',
      });
      continue;
    }
    if (before.params && after.params && before.params.join(',') !== after.params.join(','))
      report.signatureChanged = `${name}${before.signature} → ${name}${after.signature}`;
    const planned = await oldSide.request<{
      inputs: PlannedInput[];
      skipped?: string;
      nondeterministic?: boolean;
    }>({ op: 'plan', name, ...plan, ...(held ? { constants: withValues(plan.constants, held) } : {}) });
    // the old side called the first inputs twice each while planning (its determinism check): the new side
    // makes the same calls, so both modules' state (a public list a call appends to) has the same history
    if (!planned.skipped)
      await newSide.request({ op: 'replay', name, inputs: planned.inputs.slice(0, PLAN_CHECKED_INPUTS) });
    if (planned.skipped) {
      reports.push({
        ...report,
        skipped: planned.skipped,
        ...(planned.nondeterministic ? { nondeterministic: true } : {}),
      });
      continue;
    }
    const [olds, news] = await Promise.all([
      outcomesOf(oldSide, name, planned.inputs),
      outcomesOf(newSide, name, planned.inputs),
    ]);
    // calls whose generator both sides gave alike as far as it was consumed (GENERATOR_ITEMS), and past there not
    let cut = 0;
    let cutAt = 0;
    for (const [index, input] of planned.inputs.entries()) {
      report[SOURCE_FIELD[input.source]]++;
      if (olds[index]!.key === news[index]!.key) {
        const at = olds[index]!.cut ?? news[index]!.cut;
        if (at !== undefined) {
          cut++;
          cutAt = at;
        }
        continue;
      }
      if (exceptionsByType && sameExceptionType(olds[index]!, news[index]!)) continue;
      report.differences++;
      if (report.counterexample) continue;
      const small = await shrink({
        oldSide,
        newSide,
        name,
        input,
        found: { old: olds[index]!, new: news[index]! },
      });
      const render = (entry: PlannedInput) =>
        oldSide.request<{ text: string }>({ op: 'render', name, args: entry.args, kwargs: entry.kwargs });
      report.counterexample = {
        call: (await render(small.input)).text,
        ...shown(small.old, small.new),
        found: input.source,
        original: (await render(input)).text,
      };
    }
    const [oldCoverage, newCoverage] = await Promise.all([
      coverageOf(oldSide, name),
      coverageOf(newSide, name),
    ]);
    report.coverage = { old: oldCoverage, new: newCoverage };
    // items past the cut could differ: alike so far is not the same behaviour (a difference before it is one)
    if (report.differences === 0 && cut > 0)
      report.skipped = `a generator not consumed to its end: ${cut} call(s) give more than ${cutAt} items, and the items past ${cutAt} are not compared`;
    reports.push(report);
  }
  // what the calls left in the module (`REGISTRY.append(name)` in a function returning None): compared when both
  // sides made the same calls (a function the old side found nondeterministic was called on that side only)
  if (!reports.some((report) => report.nondeterministic)) {
    const leftOut = new Set([...unstable, ...reports.map((report) => report.name)]);
    reports.push(...(await moduleState(oldSide, newSide, { afterCalls: true, leftOut })).reports);
  }
  return { reports, unstable };
}

/**
 * The module's public values other than functions (Python: its plain module-level values; Node: its exported
 * non-function values), compared by name: a constant changed by a whole-file refactor (`LIMITS = {max: 10}` →
 * `{max: 20}`) is a difference a caller importing it sees; one the old module holds and the new does not is
 * gone. A value the old version sets anew on each import (`STARTED = time.time()`: the old module imported a
 * second time holds another) is no difference a refactor made: it is left out and named as unstable. Each
 * side answers only for itself; the comparison is here.
 */
async function moduleState(
  oldSide: SandboxSession,
  newSide: SandboxSession,
  after?: { afterCalls: true; leftOut: Set<string> },
): Promise<{ reports: FunctionComparison[]; unstable: string[] }> {
  type State = { values: Record<string, string> };
  const [oldState, newState] = await Promise.all(
    [oldSide, newSide].map((side) => side.request<State>({ op: 'state' })),
  );
  const again = after
    ? undefined
    : ((await oldSide.request<State>({ op: 'state', again: true }))?.values ?? {});
  const reports: FunctionComparison[] = [];
  const unstable: string[] = [];
  const old = oldState?.values ?? {};
  const now = newState?.values ?? {};
  for (const name of Object.keys(old).sort()) {
    const was = String(old[name]);
    if (after?.leftOut.has(name)) continue;
    if (again && (!Object.hasOwn(again, name) || String(again[name]) !== was)) {
      unstable.push(name);
      continue;
    }
    const is = Object.hasOwn(now, name) ? String(now[name]) : undefined;
    if (is === was) continue;
    reports.push({
      name,
      fromDocstring: 0,
      fromTests: 0,
      generated: 0,
      differences: 1,
      counterexample: {
        call: after ? `${name} after the calls` : name,
        old: `holds ${was.slice(0, 300)}`,
        new: is === undefined ? 'is gone' : `holds ${is.slice(0, 300)}`,
        found: 'module',
      },
    });
  }
  return { reports, unstable };
}

interface Constants {
  numbers: number[];
  strings: string[];
}

/**
 * The plain values both versions of the module hold once imported (Python): a constant computed at run
 * time (\`_K = float(sum(map(ord, "zz")))\`) is in no source text, and a special case on it differs only
 * there. Either side may answer anything here, and it only adds inputs both sides are called with.
 */
async function moduleValues(oldSide: SandboxSession, newSide: SandboxSession): Promise<Constants> {
  const answers = await Promise.all(
    [oldSide, newSide].map((side) => side.request<Constants>({ op: 'values' })),
  );
  const numbers = answers.flatMap((answer) => (Array.isArray(answer.numbers) ? answer.numbers : []));
  const strings = answers.flatMap((answer) => (Array.isArray(answer.strings) ? answer.strings : []));
  return {
    numbers: numbers.filter((value) => typeof value === 'number' && Number.isFinite(value)).slice(0, 400),
    strings: strings.filter((value) => typeof value === 'string').slice(0, 400),
  };
}

function withValues(constants: unknown, held: Constants): Constants {
  const known = (constants ?? {}) as Partial<Constants>;
  return {
    numbers: [...new Set([...(known.numbers ?? []), ...held.numbers])],
    strings: [...new Set([...(known.strings ?? []), ...held.strings])],
  };
}

/**
 * The branches of one version its calls reached, as its side recorded them while answering `call`: on the
 * side's report channel like every answer, so the code under test can make its own branches look unreached
 * (by turning the tracer off) but cannot write a measure for the comparison. A side that cannot measure
 * says why, and nothing is then proven.
 */
async function coverageOf(side: SandboxSession, name: string): Promise<BranchCoverage> {
  try {
    const answer = await side.request<BranchCoverage>({ op: 'coverage', name });
    if (!answer.measured) return { measured: false, problem: answer.problem ?? 'not measured' };
    const total = Number(answer.total);
    const reached = Number(answer.reached);
    const notReached = Array.isArray(answer.notReached) ? answer.notReached.map(String) : [];
    // a side's answer is checked for sense, never trusted for more than it says
    if (!Number.isInteger(total) || !Number.isInteger(reached) || reached < 0 || reached > total)
      return { measured: false, problem: 'the side answered a coverage that does not add up' };
    if (total - reached !== notReached.length)
      return { measured: false, problem: 'the side answered a coverage that does not add up' };
    return { measured: true, total, reached, notReached };
  } catch (error) {
    return { measured: false, problem: (error as Error).message };
  }
}

/**
 * Opens both sides, each in a sandbox of its own with its version of the module at its path in the
 * project's view, loads them, compares and closes them. A side that fails, or whose report channel
 * carried a line without its key, makes the run not count: `ran: false` with why.
 */
async function runSides({
  open,
  load,
  functions,
  language,
  started,
}: {
  open: (tag: 'old' | 'new') => SandboxSession;
  load: Record<string, unknown>;
  functions: FunctionToCompare[];
  language: 'python' | 'node';
  started: number;
}): Promise<DifferentialReport> {
  const oldSide = open('old');
  const newSide = open('new');
  try {
    await Promise.all([oldSide.request({ op: 'load', ...load }), newSide.request({ op: 'load', ...load })]);
    const { reports, unstable } = await compareSides({ oldSide, newSide, functions, language });
    return {
      ran: true,
      functions: reports,
      ...(unstable.length ? { unstable } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      ran: false,
      functions: [],
      problem: `the differential tester did not finish: ${withoutStack((error as Error).message)}`,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await Promise.all([oldSide.close(), newSide.close()]);
  }
}

/** An error's message without the stack trace a side's runtime appended (a reason is read by people). */
export function withoutStack(message: string): string {
  const lines = message.split('\n').filter((line) => !/^\s+at\s|^\s+File "|^Traceback \(/.test(line));
  const text = lines.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** One differential run: the old code, its new source, the functions compared and the inputs' tests. */
export interface DifferentialRun {
  target: CodeTarget;
  newSource: string;
  functions: string[];
  tests: string[];
  context: CheckContext;
  options: DifferentialOptions;
}

/** Old against new, in the sandbox, function by function (Python, or JavaScript/TypeScript with Node). */
export async function runDifferential(run: DifferentialRun): Promise<DifferentialReport> {
  const { target, newSource, functions, tests, context, options } = run;
  const started = performance.now();
  if (target.language !== 'python') return runNodeDifferential(run);
  const root = context.workspaceRoot;
  const python = findPythonInterpreter(root);
  const dir = dirname(target.path);
  const constants = await codeConstants([
    { source: target.source, language: target.language },
    { source: newSource, language: target.language },
  ]);
  const dotted = target.path.replace(/\.py$/, '').split('/').join('.');
  const base = (target.path.split('/').pop() ?? target.path).replace(/\.py$/, '');
  const open = (tag: 'old' | 'new') =>
    openSandboxSession({
      command: [python.path, 'vouch_side.py'],
      files: { 'vouch_side.py': pythonDifferentialSide(), [PYTHON_REPORT_MODULE]: pythonReportModule() },
      projectDir: root,
      // each side sees the project with its own version of the module, where it will be
      overlay: { [target.path]: tag === 'old' ? target.source : newSource },
      readOnlyPaths: python.readOnlyPaths,
      env: { PYTHONPATH: [join(root, dir === '.' ? '' : dir), root].join(':'), PYTHONHASHSEED: '0' },
      limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 1024, outputBytes: 4 << 20 },
      unsafeNoSandbox: context.unsafeNoSandbox,
      ...(context.signal ? { signal: context.signal } : {}),
    });
  return runSides({
    open,
    load: {
      names: [...new Set([dotted, base])],
      path: join(root, target.path),
      seed: options.seed,
      callTimeoutSec: 1,
      // the result being an argument itself is compared for a refactor, not for mutation testing
      identity: !options.exceptionsByType,
    },
    functions: functions.map((name) => ({
      name,
      plan: { tests, maxInputs: options.maxInputs, constants },
      ...(options.exceptionsByType ? { exceptionsByType: true } : {}),
    })),
    language: 'python',
    started,
  });
}

/** `name(…)` calls in a text: the argument lists, by matching parentheses (strings respected). */
export function callArguments(text: string, name: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`(?<![\\w$.])${name.replace(/[$]/g, '\\$')}\\(`, 'g');
  for (const match of text.matchAll(pattern)) {
    let depth = 1;
    let quote: string | undefined;
    let index = (match.index ?? 0) + match[0].length;
    const start = index;
    for (; index < text.length && depth > 0; index++) {
      const char = text[index] as string;
      if (quote) {
        if (char === '\\') index++;
        else if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'" || char === '`') quote = char;
      else if (char === '(' || char === '[' || char === '{') depth++;
      else if (char === ')' || char === ']' || char === '}') depth--;
    }
    if (depth === 0) found.push(text.slice(start, index - 1));
    if (found.length >= 200) break;
  }
  return found;
}

/** A parameter's declared type, as the Node tester generates it: number, integer, string, boolean, arrays, any. */
function parameterKind(node: SyntaxNode): string {
  const annotation = node.childForFieldName('type')?.text.replace(/^:\s*/, '').trim() ?? '';
  const value = node.childForFieldName('value') ?? node.childForFieldName('right');
  if (/^number$/.test(annotation)) return 'number';
  if (/^string$/.test(annotation)) return 'string';
  if (/^boolean$/.test(annotation)) return 'boolean';
  if (/^(number\[\]|Array<number>|readonly number\[\])$/.test(annotation)) return 'number[]';
  if (/^(string\[\]|Array<string>|readonly string\[\])$/.test(annotation)) return 'string[]';
  if (!annotation && value) {
    if (value.type === 'number') return Number.isInteger(Number(value.text)) ? 'integer' : 'number';
    if (value.type === 'string' || value.type === 'template_string') return 'string';
    if (value.type === 'true' || value.type === 'false') return 'boolean';
  }
  return 'any';
}

/** A parameter a caller may leave out: it has a default (`factor = 2`) or is optional (`factor?: number`). */
function isOptional(node: SyntaxNode): boolean {
  return (
    node.type === 'optional_parameter' ||
    node.type === 'assignment_pattern' ||
    node.childForFieldName('value') !== null ||
    node.childForFieldName('right') !== null
  );
}

async function parameterKinds(
  source: string,
  language: CodeTarget['language'],
  name: string,
): Promise<{ kind: string; optional: boolean }[] | undefined> {
  const tree = await parse(language, source);
  try {
    let found: SyntaxNode | undefined;
    const visit = (node: SyntaxNode) => {
      if (found) return;
      if (
        (node.type === 'function_declaration' || node.type === 'generator_function_declaration') &&
        node.childForFieldName('name')?.text === name
      )
        found = node.childForFieldName('parameters') ?? undefined;
      else if (node.type === 'variable_declarator' && node.childForFieldName('name')?.text === name) {
        const value = node.childForFieldName('value');
        if (value && /function|arrow_function/.test(value.type))
          found = value.childForFieldName('parameters') ?? value.childForFieldName('parameter') ?? undefined;
      }
      for (const child of node.namedChildren) visit(child);
    };
    visit(tree.rootNode);
    if (!found) return undefined;
    if (found.type === 'identifier') return [{ kind: 'any', optional: false }];
    return found.namedChildren
      .filter((child) => child.type !== 'comment')
      .map((child) => ({ kind: parameterKind(child), optional: isOptional(child) }));
  } finally {
    tree.delete();
  }
}

async function runNodeDifferential(run: DifferentialRun): Promise<DifferentialReport> {
  const { target, newSource, functions, tests, context, options } = run;
  const started = performance.now();
  const root = context.workspaceRoot;
  const typescript = target.language === 'typescript' || target.language === 'tsx';
  const emit = (source: string) => (typescript ? transpileTypeScript(source, target.path) : source);
  const oldJs = emit(target.source);
  const newJs = emit(newSource);
  const extension = isEsmSource(oldJs) || isEsmSource(newJs) ? 'mjs' : 'cjs';
  const dir = dirname(target.path);
  const base = (target.path.split('/').pop() ?? target.path).replace(/\.[^.]+$/, '');
  const at = (tag: string) =>
    dir === '.' ? `${base}.vouch-${tag}.${extension}` : `${dir}/${base}.vouch-${tag}.${extension}`;
  const constants = await codeConstants([
    { source: target.source, language: target.language },
    { source: newSource, language: target.language },
  ]);
  const specs = [];
  for (const name of functions) {
    const params = await parameterKinds(target.source, target.language, name);
    const comment = target.source
      .split('\n')
      .slice(Math.max(0, target.startLine - 30), target.endLine)
      .join('\n');
    const examples = [...comment.matchAll(/@example[\s\S]*?(?=\*\/|@\w)/g)].flatMap((block) =>
      callArguments(block[0], name),
    );
    specs.push({
      name,
      params: (params ?? []).map((param) => param.kind),
      optional: (params ?? []).map((param) => param.optional),
      examples,
      testCalls: tests.flatMap((text) => callArguments(text, name)),
    });
  }
  const side = at('side');
  // the project's TypeScript modules either version imports as './x.js', compiled where they are named
  const siblings = typescript ? transpiledImports(root, side, [oldJs, newJs]) : {};
  const open = (tag: 'old' | 'new') =>
    openSandboxSession({
      command: ['node', 'vouch_side.cjs'],
      files: { 'vouch_side.cjs': nodeDifferentialSide() },
      projectDir: root,
      overlay: { ...siblings, [side]: tag === 'old' ? oldJs : newJs },
      limits: { wallMs: 120_000, cpuMs: 120_000, memoryMb: 1024, outputBytes: 4 << 20 },
      unsafeNoSandbox: context.unsafeNoSandbox,
      ...(context.signal ? { signal: context.signal } : {}),
    });
  return runSides({
    open,
    load: { path: join(root, side), seed: options.seed, identity: !options.exceptionsByType },
    functions: specs.map((spec) => ({
      name: spec.name,
      plan: { spec, maxInputs: options.maxInputs, constants },
      ...(options.exceptionsByType ? { exceptionsByType: true } : {}),
    })),
    language: 'node',
    started,
  });
}
