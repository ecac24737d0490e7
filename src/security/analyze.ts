import type { LanguageId } from '../syntax/languages.js';
import { parse } from '../syntax/parser.js';
import type { Finding } from '../verify/check.js';
import { collectFunctions } from './functions.js';
import { Interpreter, type RawMatch } from './interpreter.js';
import type { RuleLanguage } from './rule-schema.js';
import type { RuleSet } from './rules.js';

/** The rule family a tree-sitter language belongs to, or undefined when vouch has no rules for it. */
export function ruleLanguage(language: LanguageId): RuleLanguage | undefined {
  if (language === 'python') return 'python';
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return 'javascript';
  return undefined;
}

/** How many summary rounds run before reporting: enough for helpers that call helpers. */
const SUMMARY_ROUNDS = 2;

/**
 * Runs every rule of the language over one file. Files containing none of the rules' trigger words are
 * not parsed at all: no rule could match them.
 */
export async function analyzeSource(
  source: string,
  language: LanguageId,
  file: string,
  ruleSet: RuleSet,
): Promise<Finding[]> {
  const family = ruleLanguage(language);
  if (!family) return [];
  const rules = ruleSet[family];
  if (!rules.trigger.test(source)) return [];
  const tree = await parse(language, source);
  try {
    const interpreter = new Interpreter(family, rules, file);
    const functions = collectFunctions(tree.rootNode, family, rules);
    for (const fn of functions)
      if (!interpreter.functions.has(fn.name)) interpreter.functions.set(fn.name, fn);
    interpreter.runModule(tree.rootNode);
    const rounds = functions.length > 1 ? SUMMARY_ROUNDS : functions.length;
    for (let round = 0; round < rounds; round++) for (const fn of functions) interpreter.runFunction(fn);
    interpreter.reporting = true;
    interpreter.runModule(tree.rootNode);
    for (const fn of functions) interpreter.runFunction(fn);
    return toFindings(interpreter.matches, file);
  } finally {
    tree.delete();
  }
}

function toFindings(matches: RawMatch[], file: string): Finding[] {
  const seen = new Map<string, Finding>();
  for (const match of matches) {
    const rule = match.matcher.rule;
    const key = `${rule.id}:${match.line}:${match.column}`;
    if (seen.has(key)) continue;
    let message = match.matcher.spec.message ?? rule.message;
    if (match.origin?.source) {
      message += ` — ${match.origin.source} from line ${match.origin.line} reaches it`;
      if (match.via) message += ` through ${match.via.name}() called at line ${match.via.line}`;
    }
    seen.set(key, {
      ruleId: rule.id,
      file,
      line: match.line,
      column: match.column,
      severity: match.matcher.spec.severity ?? rule.severity,
      message,
      hint: rule.hint,
      cwe: rule.cwe,
    });
  }
  return [...seen.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}
