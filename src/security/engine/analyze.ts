import { type Finding, SEVERITY_ORDER, type Severity } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { parse } from '../../syntax/parser.js';
import type { RuleLanguage } from '../rule-schema.js';
import type { LanguageRules, RuleSet } from '../rules.js';
import { callerSuppliedMatches, constructorFieldMatches } from './caller-supplied.js';
import { collectFunctions } from './functions.js';
import { type FunctionDef, Interpreter, type RawMatch } from './interpreter.js';
import { type LiteNode, liteTree } from './lite-tree.js';
import { collectReferences } from './references.js';
import { javascriptRoutes } from './routes/javascript-routes.js';
import { pythonRoutes } from './routes/python-routes.js';
import { routeFindings } from './routes/route.js';

/** The rule family a tree-sitter language belongs to, or undefined when vouch has no rules for it. */
export function ruleLanguage(language: LanguageId): RuleLanguage | undefined {
  if (language === 'python') return 'python';
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return 'javascript';
  return undefined;
}

/**
 * Runs every rule of the language over one file. Files containing none of the rules' trigger words are
 * not parsed at all: no rule could match them.
 */
export async function analyzeSource({
  source,
  language,
  file,
  ruleSet,
}: {
  source: string;
  language: LanguageId;
  file: string;
  ruleSet: RuleSet;
}): Promise<Finding[]> {
  const family = ruleLanguage(language);
  if (!family) return [];
  const rules = ruleSet[family];
  if (!rules.mayMatch(source)) return [];
  const tree = await parse(language, source);
  try {
    return run({ root: liteTree(tree, source), family, rules, file });
  } finally {
    tree.delete();
  }
}

function run({
  root,
  family,
  rules,
  file,
}: {
  root: LiteNode;
  family: RuleLanguage;
  rules: LanguageRules;
  file: string;
}): Finding[] {
  const interpreter = new Interpreter({ language: family, rules, file, text: root.text });
  const functions = collectFunctions(root, family, rules);
  for (const match of root.text.matchAll(/\bclass\s+([A-Za-z_$][\w$]*)(\s*\([^)]*\))?/g)) {
    interpreter.classes.add(match[1]!);
    if (match[2] && /\b(?:Model|Base|Document|SQLModel|DeclarativeBase|EmbeddedDocument)\b/.test(match[2]))
      interpreter.modelClasses.add(match[1]!);
  }
  const produced = interpretFile(interpreter, root, functions);
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
  if (
    functions.length > 0 &&
    (interpreter.fields.sinks.size > 0 ||
      [...interpreter.summaries.values()].some((summary) => summary.sinks.length > 0))
  ) {
    const references = collectReferences(root);
    callerSupplied.push(
      ...callerSuppliedMatches(functions, interpreter.summaries, references),
      ...constructorFieldMatches(interpreter.fields.sinks, functions, references),
    );
  }
  return superseded(
    toFindings([...[...produced.values()].flat(), ...callerSupplied], file, rules.localSources),
    rules.supersedes,
  );
}

/**
 * Interprets the module and every function of a file, reporting as it goes; the matches each produced,
 * by function (undefined: the module).
 */
export function interpretFile(
  interpreter: Interpreter,
  root: LiteNode,
  functions: readonly FunctionDef[],
): Map<FunctionDef | undefined, RawMatch[]> {
  for (const fn of functions) if (!interpreter.functions.has(fn.name)) interpreter.functions.set(fn.name, fn);
  interpreter.allFunctions = [...functions];
  // One pass, reporting as it goes. A function (or the module) that called a helper not summarised yet
  // runs again once every summary exists, and its later run's matches replace the earlier ones.
  interpreter.reporting = true;
  const produced = new Map<FunctionDef | undefined, RawMatch[]>();
  const again: (FunctionDef | undefined)[] = [];
  const run = (fn: FunctionDef | undefined): void => {
    interpreter.missingSummary = false;
    const before = interpreter.matches.length;
    if (fn) interpreter.runFunction(fn);
    else interpreter.runModule(root);
    produced.set(fn, interpreter.matches.splice(before));
    if (interpreter.missingSummary) again.push(fn);
  };
  run(undefined);
  for (const fn of functions) run(fn);
  // Two more rounds at most: helpers of helpers defined later in the file.
  for (let round = 0; round < 2 && again.length > 0; round++) {
    const pending = [...new Set(again.splice(0))];
    for (const fn of pending) run(fn);
  }
  // Methods run again while fields gain untrusted data from their class's other methods (two rounds at
  // most: a field filled from another field).
  for (let round = 0; round < 2 && interpreter.fields.changed; round++) {
    interpreter.fields.changed = false;
    const owners = interpreter.fields.owners();
    for (const fn of functions) if (fn.owner && owners.has(fn.owner)) run(fn);
  }
  return produced;
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

function toFindings(matches: RawMatch[], file: string, localSources: ReadonlySet<string>): Finding[] {
  const seen = new Map<string, Finding>();
  for (const match of matches) {
    const rule = match.matcher.rule;
    // One finding per rule and line: a response call returned by a handler is one exposure, not two.
    const key = `${rule.id}:${match.line}`;
    if (seen.has(key)) continue;
    const severity = match.matcher.spec.severity ?? rule.severity;
    if (match.callerSupplied && rule.callerSupplied) {
      seen.set(key, {
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
      message += ` — ${match.origin.source} from line ${match.origin.line} reaches it`;
      if (match.via) message += ` through ${match.via.name}() called at line ${match.via.line}`;
    }
    seen.set(key, {
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
