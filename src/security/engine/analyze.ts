import { type Finding, SEVERITY_ORDER, type Severity } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { isTypeOnlyGap } from '../../syntax/grammar-gaps.js';
import { firstSyntaxError, parse, parseWithin, type SyntaxNode, type Tree } from '../../syntax/parser.js';
import type { RuleLanguage } from '../rule-schema.js';
import type { LanguageRules, RuleSet } from '../rules.js';
import { analysisText, editorLineOf, hasSeparators, outsideStrings } from './analysis-text.js';
import { callerSuppliedMatches, callerSuppliedPatterns, constructorFieldMatches } from './caller-supplied.js';
import { MAX_CLOSURE_RUNS } from './calls.js';
import {
  AnalysisStopped,
  AnalysisTooDeep,
  checkDeadline,
  isStackOverflow,
  tick,
  withDeadline,
} from './deadline.js';
import { collectFunctions } from './functions.js';
import { type FunctionDef, Interpreter, type RawMatch } from './interpreter.js';
import { type LiteNode, liteTree } from './lite-tree.js';
import { EXTRA_WORK_FACTOR, MAX_EXTRA_PASSES } from './loop-passes.js';
import { collectReferences } from './references.js';
import { javascriptRoutes } from './routes/javascript-routes.js';
import { pythonRoutes } from './routes/python-routes.js';
import { routeFindings } from './routes/route.js';
import { classOf, joinSummaries, sameSummary } from './summaries.js';
import { isNested } from './syntax-nodes.js';
import { sameTaint, type Value } from './taint.js';

/** The rule family a tree-sitter language belongs to, or undefined when vouch has no rules for it. */
export function ruleLanguage(language: LanguageId): RuleLanguage | undefined {
  if (language === 'python') return 'python';
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return 'javascript';
  return undefined;
}

/**
 * Runs every rule of the language over one file. Files containing none of the rules' trigger words are
 * not parsed at all: no rule could match them. With a `deadline` (a `performance.now()` reading), the
 * analysis stops past it (deadline.ts: the parse's own timeout, then the engine's ticks) and throws
 * AnalysisStopped: the file was not checked.
 */
export async function analyzeSource({
  source,
  language,
  file,
  ruleSet,
  order,
  deadline,
  signal,
  project,
}: {
  source: string;
  language: LanguageId;
  file: string;
  ruleSet: RuleSet;
  /** lines of the scan's other files that change a framework's defaults (project-settings.ts) */
  project?: string;
  /** the order the file's functions run in (tests and the run-order benchmark); the file's own by default */
  order?: RunOrder;
  /** the clock reading (`performance.now()`) past which the analysis stops (issue 59); unset: none */
  deadline?: number;
  /** the run was abandoned: aborted, the analysis stops as past its deadline (AnalysisStopped) */
  signal?: AbortSignal;
}): Promise<Finding[]> {
  const family = ruleLanguage(language);
  if (!family) return [];
  const rules = ruleSet[family];
  // the text as the language reads it (line ends tree-sitter's comments run past, identifiers' spellings):
  // what the triggers, the parser and the engine see (w94)
  let text = analysisText(source, family);
  if (!rules.mayMatch(text)) return [];
  let tree = await parsed(language, text, deadline);
  let messageLine: ((line: number) => number) | undefined;
  if (family === 'javascript' && hasSeparators(text)) {
    const strings = tree.rootNode
      .descendantsOfType(['string', 'template_string'])
      .map((node) => [node.startIndex, node.endIndex] as const);
    const separated = outsideStrings(text, strings);
    if (separated !== text) {
      tree.delete();
      messageLine = editorLineOf(text, separated);
      text = separated;
      tree = await parsed(language, text, deadline);
    }
  }
  try {
    const findings = analyzeTree({
      tree,
      source: text,
      family,
      rules,
      file,
      order,
      deadline,
      signal,
      ...(project ? { project } : {}),
      ...(messageLine ? { messageLine } : {}),
    });
    // Tree-sitter recovers from what it cannot read (ERROR nodes, MISSING tokens) and the engine reads the
    // rest: a sink inside such a part is never seen, so the file is not verified, never a pass (w90).
    // Valid TypeScript the grammar lacks and that holds no code (`export type * from`) hides nothing.
    const unreadable = firstSyntaxError(tree, (node, parent) => isTypeOnlyGap({ node, parent, language }));
    if (unreadable) findings.push(unparsedFinding(unreadable, file));
    return findings;
  } finally {
    tree.delete();
  }
}

/** The tree of `text`, within the deadline when there is one (AnalysisStopped past it). */
async function parsed(language: LanguageId, text: string, deadline: number | undefined): Promise<Tree> {
  if (deadline === undefined) return await parse(language, text);
  const tree = await parseWithin(language, text, deadline - performance.now());
  if (!tree) throw new AnalysisStopped();
  return tree;
}

/** The rule id of the engine's own finding for a file tree-sitter could not read whole. */
export const UNPARSED_RULE = 'unparsed-code';

/**
 * A file with a part tree-sitter could not read: what the engine found elsewhere is reported, and
 * scanSources reports the file as not checked whole (as an unsettled one). Not called a syntax error: the
 * grammar may lack valid syntax (bench/notes/2026-11-27-parse-errors.md lists what it lacks).
 */
function unparsedFinding(node: SyntaxNode, file: string): Finding {
  const { row, column } = node.startPosition;
  return {
    ruleId: UNPARSED_RULE,
    file,
    line: row + 1,
    column: column + 1,
    severity: 'info',
    message: `not verified: could not parse line ${row + 1} (a syntax error, or syntax the parser does not know)`,
    hint: 'findings in what could not be parsed may be missing: fix the syntax there (valid code the parser does not know stays not verified)',
  };
}

/**
 * The engine on a parsed file (analyzeSource after the parse), stopping past `deadline` (AnalysisStopped):
 * the lite tree's copy and the interpretation tick (deadline.ts).
 */
export function analyzeTree({
  tree,
  source,
  family,
  rules,
  file,
  order,
  deadline,
  signal,
  project,
  messageLine,
}: {
  tree: Tree;
  source: string;
  family: RuleLanguage;
  rules: LanguageRules;
  file: string;
  order?: RunOrder;
  deadline?: number;
  signal?: AbortSignal;
  project?: string;
  /** the line a message names for a line of `source`, when an editor counts them otherwise (`editorLineOf`) */
  messageLine?: (line: number) => number;
}): Finding[] {
  return withDeadline(
    deadline,
    () => {
      checkDeadline();
      try {
        return run({
          root: liteTree(tree, source),
          family,
          rules,
          file,
          ...(order ? { order } : {}),
          ...(project ? { project } : {}),
          ...(messageLine ? { messageLine } : {}),
        });
      } catch (error) {
        // What stays recursive (the interpreter's evaluation of an expression) has a limit: past it the file
        // is not verified, never a crash of the whole scan and never a pass (issue 59, w80).
        if (isStackOverflow(error)) throw new AnalysisTooDeep(deepestNesting(tree), error);
        throw error;
      }
    },
    signal,
  );
}

/**
 * Where the tree is deepest, for the report: "nesting depth N at line L" (a cursor walk: no recursion).
 */
function deepestNesting(tree: Tree): string {
  let deepest = 0;
  let row = 0;
  let depth = 0;
  const cursor = tree.walk();
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        depth++;
        if (depth > deepest) {
          deepest = depth;
          row = cursor.startPosition.row;
        }
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return `nesting depth ${deepest} at line ${row + 1}`;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function run({
  root,
  family,
  rules,
  file,
  order,
  project,
  messageLine,
}: {
  root: LiteNode;
  family: RuleLanguage;
  rules: LanguageRules;
  file: string;
  order?: RunOrder;
  project?: string;
  messageLine?: (line: number) => number;
}): Finding[] {
  const interpreter = new Interpreter({ language: family, rules, file, text: root.text });
  if (project) interpreter.project = project;
  const functions = collectFunctions(root, family, rules);
  for (const match of root.text.matchAll(
    /\bclass\s+([A-Za-z_$][\w$]*)(\s*\([^)]*\)|\s+extends\s+[A-Za-z_$][\w$.]*)?/g,
  )) {
    interpreter.classes.add(match[1]!);
    // Python's `class User(db.Model)` only, as before `extends` was read (for calls): the password rule on
    // JavaScript's `class User extends Model` is a change of rule nobody measured (review F6).
    if (
      match[2]?.trimStart().startsWith('(') &&
      /\b(?:Model|Base|Document|SQLModel|DeclarativeBase|EmbeddedDocument)\b/.test(match[2])
    )
      interpreter.modelClasses.add(match[1]!);
    // `class Input(Widget)`, `class A extends B`: where `self.m()` looks when the class has no `m` itself.
    const bases = match[2]?.replace(/^\s*\(|\)\s*$|^\s+extends\s+/g, '').split(',');
    const names = bases?.map((base) => base.trim()).filter((base) => /^[A-Za-z_$][\w$]*$/.test(base));
    interpreter.classStarts.set(match[1]!, match.index);
    if (names?.length) interpreter.bases.set(match.index, names);
  }
  const { produced, unsettled, closureLimited, closureLimitReached, loopsUnsettled } = interpretFile(
    interpreter,
    root,
    {
      functions,
      order,
    },
  );
  // The trace (VOUCH_DEBUG=1): the closure limit reached is said even where no call past it may lose data.
  if (closureLimitReached.size > 0 && process.env.VOUCH_DEBUG === '1')
    process.stderr.write(
      `vouch engine: ${file}: ${[...closureLimitReached].map((fn) => (fn ? `${fn.name}()` : 'the module')).join(', ')} reached MAX_CLOSURE_RUNS (${MAX_CLOSURE_RUNS}): later nested calls judged by their summaries${closureLimited.size > 0 ? `; ${[...closureLimited.values()].join('(), ')}() may lose data: not verified` : ', none reading data where it is called'}\n`,
    );
  // Real sources first: a sink they reach keeps their finding, not the caller-supplied one.
  // The route model: missing authentication or authorization, judged across the file's routes.
  if (rules.routeMatchers.length > 0 && rules.routeTrigger(root.text)) {
    const routes =
      family === 'python' ? pythonRoutes(root, functions, rules) : javascriptRoutes(root, functions, rules);
    if (routes.length > 1)
      produced.set(undefined, [
        ...(produced.get(undefined) ?? []),
        ...routeFindings(routes, rules.auth, rules.routeMatchers),
      ]);
  }
  const callerSupplied: RawMatch[] = [];
  let references: ReturnType<typeof collectReferences> | undefined;
  for (const fn of functions) {
    const matches = produced.get(fn);
    if (!matches?.some((match) => match.dataParams)) continue;
    references ??= collectReferences(root);
    produced.set(fn, callerSuppliedPatterns(fn, matches, references));
  }
  if (
    functions.length > 0 &&
    (interpreter.fields.sinks.size > 0 ||
      [...interpreter.summaries.values()].some((summary) => summary.sinks.length > 0))
  ) {
    references ??= collectReferences(root);
    callerSupplied.push(
      ...callerSuppliedMatches(functions, interpreter.summaries, references),
      ...constructorFieldMatches(interpreter.fields.sinks, functions, references),
    );
  }
  const findings = superseded(
    // In the file's order, not the order the functions ran in: where two report the same rule on one line,
    // the first in the file names the origin.
    toFindings({
      matches: [...[undefined, ...functions].flatMap((fn) => produced.get(fn) ?? []), ...callerSupplied],
      file,
      localSources: rules.localSources,
      ...(messageLine ? { messageLine } : {}),
    }),
    rules.supersedes,
  );
  if (unsettled.length > 0) findings.push(unsettledFinding(unsettled, file));
  else if (closureLimited.size > 0) findings.push(closureLimitFinding(closureLimited, file));
  else if (loopsUnsettled.size > 0) findings.push(loopLimitFinding(loopsUnsettled, file));
  return findings;
}

/**
 * A file where a run called nested functions past MAX_CLOSURE_RUNS and one of them, judged by its summary, may
 * have lost data (calls.ts): not verified, as a file that did not settle.
 */
function closureLimitFinding(limited: ReadonlyMap<FunctionDef | undefined, string>, file: string): Finding {
  const [fn, nested] = [...limited].sort(
    ([a], [b]) => (a ? a.node.startIndex + 1 : 0) - (b ? b.node.startIndex + 1 : 0),
  )[0]!;
  const where = fn ? fn.node.startPosition : { row: 0, column: 0 };
  const more = limited.size > 1 ? ` (and ${limited.size - 1} more function(s))` : '';
  return {
    ruleId: UNSETTLED_RULE,
    file,
    line: where.row + 1,
    column: where.column + 1,
    severity: 'info',
    message: `analysis stopped before settling: ${fn ? `${fn.name}()` : 'the module'}${more} ran more than ${MAX_CLOSURE_RUNS} nested functions in place; past that, ${nested}() was judged by a summary made without the data it reads where it is called; findings of this file may be missing`,
    hint: 'split the file or its largest function; until then its security check is not verified',
  };
}

/**
 * A file where a loop's body kept changing what its next iteration reads past the passes the engine gives it
 * (loop-passes.ts): what a later iteration reaches may be missing, so it is not verified, as a file that did not
 * settle.
 */
function loopLimitFinding(loops: ReadonlyMap<FunctionDef | undefined, number>, file: string): Finding {
  const [fn, line] = [...loops].sort(([, a], [, b]) => a - b)[0]!;
  const more = loops.size > 1 ? ` (and ${loops.size - 1} more function(s))` : '';
  return {
    ruleId: UNSETTLED_RULE,
    file,
    line,
    column: 1,
    severity: 'info',
    message: `analysis stopped before settling: the loop at line ${line} in ${fn ? `${fn.name}()` : 'the module'}${more} still changed what its next iteration reads after ${MAX_EXTRA_PASSES} more passes of its body (or the file's loops had run ${EXTRA_WORK_FACTOR} times the rest of its statements in extra passes); findings of this file may be missing`,
    hint: 'split the loop or the function; until then its security check is not verified',
  };
}

/** The rule id of the engine's own finding for a file whose analysis stopped before it settled. */
export const UNSETTLED_RULE = 'analysis-unsettled';

/**
 * A file whose functions kept running again past MAX_RUNS: what the engine found is reported, but the
 * findings of the functions it stopped (and of their callers) may be missing. Not a pass (review F1):
 * scanSources reports the file as not checked by vouch, as a file it could not parse.
 */
function unsettledFinding(unsettled: readonly (FunctionDef | undefined)[], file: string): Finding {
  const first = unsettled.find((fn) => fn !== undefined);
  const where = first ? first.node.startPosition : { row: 0, column: 0 };
  const names = unsettled.map((fn) => (fn ? `${fn.name}()` : 'the module')).slice(0, 5);
  return {
    ruleId: UNSETTLED_RULE,
    file,
    line: where.row + 1,
    column: where.column + 1,
    severity: 'info',
    message: `analysis stopped before settling: ${names.join(', ')}${unsettled.length > names.length ? ` and ${unsettled.length - names.length} more` : ''} would have run more than ${MAX_RUNS} times; findings of this file may be missing`,
    hint: 'split the file or its longest chains of helpers; until then its security check is not verified',
  };
}

/**
 * The order a file's functions run in, given them in the file's order: the engine's findings must not
 * depend on it (issue 59: a gate whose verdict changes when two functions swap places is no witness).
 */
export type RunOrder = (functions: readonly FunctionDef[]) => readonly FunctionDef[];

/**
 * Interprets the module and every function of a file, reporting as it goes; the matches each produced,
 * by function (undefined: the module).
 */
export function interpretFile(
  interpreter: Interpreter,
  root: LiteNode,
  { functions, order }: { functions: readonly FunctionDef[]; order?: RunOrder },
): Interpreted {
  // A bare name calls the module's function of that name (its last `def`, as Python binds it) and
  // `self.m()` the method of the running class or its bases (`localFunction`), before the first function
  // of the file so named: whichever came first, swapping two classes changed what a call reached.
  const moduleByName = new Map<string, FunctionDef[]>();
  for (const fn of functions) {
    if (!interpreter.functions.has(fn.name)) interpreter.functions.set(fn.name, fn);
    const owner = fn.owner !== undefined ? classOf(fn) : undefined;
    if (owner) interpreter.methods.set(`${owner.startIndex}#${fn.name}`, fn);
    if (moduleLevel(fn)) {
      interpreter.moduleFunctions.set(fn.name, fn);
      const named = moduleByName.get(fn.name);
      if (named) named.push(fn);
      else moduleByName.set(fn.name, [fn]);
    }
  }
  // A bare name resolves to the last `def` of that name: its summary is all of theirs joined. Listed once per
  // name (a file of 4,000 `def run` copied a growing list per `def`: quadratic).
  for (const named of moduleByName.values())
    if (named.length > 1) interpreter.summaries.sameName.set(named[named.length - 1]!, named);
  interpreter.allFunctions = [...functions];
  // The module first (functions read what it binds), then every function; reporting as it goes. A run
  // records the summaries it asked for and the fields it read: when one of them changes later (a helper
  // summarised after its caller ran, a helper's summary that grew once its own helpers were summarised, a
  // field another method fills), it runs again, and its latest run's matches replace the earlier ones. So
  // every function's last run saw the final summaries and fields, whatever order they ran in (issue 59).
  const ordered: (FunctionDef | undefined)[] = [undefined, ...(order ?? calleesFirst)(functions)];
  interpreter.reporting = true;
  const produced = new Map<FunctionDef | undefined, RawMatch[]>();
  const asked = new Map<FunctionDef | undefined, ReadonlySet<FunctionDef>>();
  const pending = new Set(ordered);
  const closureLimited = new Map<FunctionDef | undefined, string>();
  const closureLimitReached = new Set<FunctionDef | undefined>();
  const loopsUnsettled = new Map<FunctionDef | undefined, number>();
  const run = (fn: FunctionDef | undefined): (FunctionDef | undefined)[] => {
    pending.delete(fn);
    const { summaries, fields } = interpreter;
    const previous = fn ? summaries.peek(fn) : undefined;
    const moduleBefore = fn ? undefined : new Map(interpreter.moduleScope);
    summaries.asked = new Set();
    fields.begin(fn);
    const before = interpreter.matches.length;
    if (fn) interpreter.runFunction(fn);
    else interpreter.runModule(root);
    produced.set(fn, interpreter.matches.splice(before));
    if (interpreter.closureLimitLost !== undefined) closureLimited.set(fn, interpreter.closureLimitLost);
    else closureLimited.delete(fn);
    if (interpreter.loopUnsettled !== undefined) loopsUnsettled.set(fn, interpreter.loopUnsettled);
    else loopsUnsettled.delete(fn);
    if (interpreter.closureRuns >= MAX_CLOSURE_RUNS) closureLimitReached.add(fn);
    else closureLimitReached.delete(fn);
    asked.set(fn, summaries.asked);
    // Recursion: the summary joins what the function's earlier runs found, so it only grows and ends.
    const current = fn ? summaries.peek(fn) : undefined;
    if (fn && previous && current && !sameSummary(previous, current) && callsItself(fn, asked))
      summaries.set(fn, joinSummaries(previous, current));
    const again = fields.readers(fields.end());
    if (fn && !sameSummary(previous, summaries.peek(fn)))
      for (const [caller, callees] of asked) if (callees.has(fn)) again.push(caller);
    // The module ran again and bound something else: the functions that read it may see it.
    if (moduleBefore && !sameScope(moduleBefore, interpreter.moduleScope)) again.push(...functions);
    return again;
  };
  // Sweeps over the order with no cap on their number, but a cap on the runs of each function: a chain of
  // helpers run callers first takes a sweep per helper, each running one function (review F1: 16 sweeps
  // cut a longer chain short and lost its findings silently). A function that would run again after
  // MAX_RUNS leaves the file unsettled, and the caller says so (never a silent pass). Not the first
  // pending function next: a caller would run again after each of its helpers, a script's module once per
  // function it calls.
  const runs = new Map<FunctionDef | undefined, number>();
  const unsettled = new Set<FunctionDef | undefined>();
  for (let cursor = 0; pending.size > 0; cursor = cursor + 1 < ordered.length ? cursor + 1 : 0) {
    const fn = ordered[cursor]!;
    if (!pending.has(fn)) continue;
    tick();
    runs.set(fn, (runs.get(fn) ?? 0) + 1);
    for (const again of run(fn))
      if ((runs.get(again) ?? 0) < MAX_RUNS) pending.add(again);
      else unsettled.add(again);
  }
  return { produced, unsettled: [...unsettled], closureLimited, closureLimitReached, loopsUnsettled };
}

/** What `interpretFile` made: the matches of each function, and those it stopped before they settled. */
export interface Interpreted {
  produced: Map<FunctionDef | undefined, RawMatch[]>;
  /** functions that would have run again past MAX_RUNS: their findings (and their callers') may be missing */
  unsettled: (FunctionDef | undefined)[];
  /**
   * functions whose latest run called a nested function past MAX_CLOSURE_RUNS that its summary may judge short
   * (it reads the caller's data, or has no summary of its own), with that function's name
   */
  closureLimited: ReadonlyMap<FunctionDef | undefined, string>;
  /** functions whose latest run reached MAX_CLOSURE_RUNS, whether or not a later call may have lost data */
  closureLimitReached: ReadonlySet<FunctionDef | undefined>;
  /** functions whose latest run left a loop before it settled, with the loop's line (loop-passes.ts) */
  loopsUnsettled: ReadonlyMap<FunctionDef | undefined, number>;
}

/**
 * The order functions run in unless told: each after the functions of the file its text calls by name
 * (`helper(`, `self.helper(`; depth first, in the file's order otherwise), so most callers run once, with
 * their helpers' summaries made. Only a matter of speed: the findings are the same in any order.
 */
export const calleesFirst: RunOrder = (functions) => {
  const byName = new Map<string, FunctionDef[]>();
  for (const fn of functions) {
    const named = byName.get(fn.name);
    if (named) named.push(fn);
    else byName.set(fn.name, [fn]);
  }
  const done = new Set<FunctionDef>();
  const out: FunctionDef[] = [];
  // Constructors first (with their callees before them): the fields they fill are read by the class's other
  // methods, which otherwise ran before them and once more after (on Django, 244 runs again of 731 waited for
  // a field, almost all for an `__init__`). Depth first with a stack of its own: a chain of thousands of
  // helpers overflowed the call stack (issue 59, review F3). Each entry is a function and the callees it has
  // still to visit.
  const roots = [...functions.filter(constructs), ...functions.filter((fn) => !constructs(fn))];
  for (const root of roots) {
    if (done.has(root)) continue;
    done.add(root);
    const stack: { fn: FunctionDef; callees: FunctionDef[]; next: number }[] = [
      { fn: root, callees: calleesOf(root, byName), next: 0 },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const callee = top.callees[top.next++];
      if (callee === undefined) {
        stack.pop();
        out.push(top.fn);
      } else if (!done.has(callee)) {
        done.add(callee);
        stack.push({ fn: callee, callees: calleesOf(callee, byName), next: 0 });
      }
    }
  }
  return out;
};

/** A class's constructor: Python's `__init__`, JavaScript's `constructor`. */
function constructs(fn: FunctionDef): boolean {
  return fn.name === '__init__' || fn.name === 'constructor';
}

/**
 * The functions of the file `fn`'s text calls by name, in the order of the calls. Only `fn` itself is
 * left out: `StepK.run` calling `StepK1().run(x)` calls another function of its own name (review F2).
 */
function calleesOf(fn: FunctionDef, byName: ReadonlyMap<string, readonly FunctionDef[]>): FunctionDef[] {
  const callees: FunctionDef[] = [];
  // The body only: the header's own `def run(` is no call (with it, 4,000 `def run` in one file each listed
  // the other 3,999 as callees: quadratic).
  const text = (fn.node.childForFieldName('body') ?? fn.node).text;
  // nested functions' bodies hold each other's text: a deadline's clock is worth reading per function
  checkDeadline();
  // no `super` in the text: no call of it reaches a base class (the look-behind below tried at every call, w243)
  const mentionsSuper = text.includes('super');
  for (const call of text.matchAll(CALLED_NAME)) {
    // a name no function of the file has (a library's, a built-in's): no callee
    const named = byName.get(call[1]!);
    if (!named) continue;
    // `super().m()` reaches a base class's `m`, and a base class stands before its subclasses in a Python
    // file: the other `m`s after this one are no callees of this call (listed, they ran the bases last and
    // every override once more; the order only, the interpreter resolves the call itself).
    const toBase =
      mentionsSuper && SUPER_BEFORE.test(text.slice(Math.max(0, call.index - SUPER_LOOKBACK), call.index));
    for (const callee of named)
      if (callee !== fn && !(toBase && callee.node.startIndex > fn.node.startIndex)) callees.push(callee);
  }
  return callees;
}

/** `super().` or `super(Class, self).` just before a called name. */
const SUPER_BEFORE = /super\s*\([^()]*\)\s*\.\s*$/;
const SUPER_LOOKBACK = 80;

/**
 * A name followed by `(`, tried only where a name can start: at a word's first character, or past the digits
 * a word starts with (`2fa(`: `fa`). Without the look-behind the engine tried again at every character of a
 * word not followed by `(` (`configuration` 13 times), quadratic in the word's length; the matches and their
 * places are the same (checked on Django and src/security: bench/notes/2026-11-29-file-cost.md).
 */
const CALLED_NAME = /(?<=(?:^|[^\w$])\d*)([A-Za-z_$][\w$]*)\s*\(/g;

/**
 * Runs of one function at most. Callers run before their helpers run once more per helper whose summary
 * changed; recursion joins its summaries, so they grow and end. Past this, the file is reported unsettled.
 */
const MAX_RUNS = 64;

/** A function defined at the top of the module: not a method, not inside another function. */
function moduleLevel(fn: FunctionDef): boolean {
  if (fn.owner !== undefined || fn.node.type === 'method_definition') return false;
  return !isNested(fn.node, CLASS_OR_OBJECT);
}

/** A Python class, a JavaScript class's body, an object literal's entry: what holds methods. */
const CLASS_OR_OBJECT: ReadonlySet<string> = new Set(['class_definition', 'class_body', 'pair']);

/** Whether `fn`'s latest run asked, through the functions it asked for, for its own summary. */
function callsItself(
  fn: FunctionDef,
  asked: ReadonlyMap<FunctionDef | undefined, ReadonlySet<FunctionDef>>,
): boolean {
  const seen = new Set<FunctionDef>();
  const next = [...(asked.get(fn) ?? [])];
  for (let callee = next.pop(); callee; callee = next.pop()) {
    if (callee === fn) return true;
    if (seen.has(callee)) continue;
    seen.add(callee);
    next.push(...(asked.get(callee) ?? []));
  }
  return false;
}

/** Whether the module's names hold the same values as before its latest run. */
function sameScope(before: ReadonlyMap<string, Value>, after: ReadonlyMap<string, Value>): boolean {
  if (before.size !== after.size) return false;
  for (const [name, value] of after) {
    const known = before.get(name);
    if (known === value) continue;
    if (
      !known ||
      !sameTaint(known.taint, value.taint) ||
      known.known !== value.known ||
      known.constant !== value.constant ||
      known.path !== value.path
    )
      return false;
  }
  return true;
}

/** Drops findings a more precise rule's finding on the same line replaces (`supersedes`). */
function superseded(findings: Finding[], supersedes: ReadonlyMap<string, readonly string[]>): Finding[] {
  if (supersedes.size === 0) return findings;
  const replaced = new Set<string>();
  for (const finding of findings)
    for (const id of supersedes.get(finding.ruleId) ?? []) replaced.add(`${id}:${finding.line}`);
  return replaced.size === 0
    ? findings
    : findings.filter((finding) => !replaced.has(`${finding.ruleId}:${finding.line}`));
}

const LOWER: Record<Severity, Severity> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'low',
  info: 'info',
};

function toFindings({
  matches,
  file,
  localSources,
  messageLine = (line) => line,
}: {
  matches: RawMatch[];
  file: string;
  localSources: ReadonlySet<string>;
  messageLine?: (line: number) => number;
}): Finding[] {
  const seen = new Map<string, Finding>();
  // One finding per rule and line: a response call returned by a handler is one exposure, not two. The most
  // severe match is the one kept (review r20: a loop's later pass may reach the line with the request's data
  // after the first reached it with the environment's).
  const keep = (key: string, finding: Finding): void => {
    const had = seen.get(key);
    if (!had || SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[had.severity]) seen.set(key, finding);
  };
  for (const match of matches) {
    const rule = match.matcher.rule;
    const key = `${rule.id}:${match.line}`;
    const severity = match.matcher.spec.severity ?? rule.severity;
    if (match.callerSupplied && rule.callerSupplied) {
      keep(key, {
        ruleId: rule.id,
        file,
        line: match.line,
        column: match.column,
        // No untrusted source is in sight, only the possibility that a caller passes one.
        severity: SEVERITY_ORDER[LOWER[severity]] > SEVERITY_ORDER.medium ? 'medium' : LOWER[severity],
        message: (
          (match.callerSupplied.whole && rule.callerSupplied.wholeMessage) ||
          rule.callerSupplied.message
        )
          .replaceAll('{function}', match.callerSupplied.function)
          .replaceAll('{parameter}', match.callerSupplied.parameter),
        hint: rule.hint,
        cwe: rule.cwe,
      });
      continue;
    }
    let message = match.message ?? match.matcher.spec.message ?? rule.message;
    const localOrigin = match.origin?.source !== undefined && localSources.has(match.origin.source);
    if (match.origin?.source) {
      message += ` — ${match.origin.source} from line ${match.origin.line === undefined ? match.origin.line : messageLine(match.origin.line)} reaches it`;
      if (match.via) message += ` through ${match.via.name}() called at line ${messageLine(match.via.line)}`;
    }
    keep(key, {
      ruleId: rule.id,
      file,
      line: match.line,
      column: match.column,
      // Data from argv, the environment or local files is controlled by whoever runs the program.
      severity: localOrigin ? LOWER[severity] : severity,
      message,
      hint: rule.hint,
      cwe: rule.cwe,
    });
  }
  return [...seen.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}
