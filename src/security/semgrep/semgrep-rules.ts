import type { Finding } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { parse } from '../../syntax/parser.js';
import { codeTree } from './code-tree.js';
import { evaluate, target } from './evaluate.js';
import type { Match } from './match.js';
import { type Requirement, requirementOf, satisfied } from './requirement.js';
import type { LoadedRules, RuleNotRun, SemgrepRule } from './rule-file.js';

/** A project's Semgrep rules, ready to run on files: what runs, what does not (and why), and a cache key. */
export interface SemgrepRuleSet {
  readonly rules: readonly SemgrepRule[];
  readonly notRun: readonly RuleNotRun[];
  /** the rule files' content hash: findings depend on it */
  readonly fingerprint: string;
  /** the config files the rules were read from, relative to the workspace */
  readonly sources: readonly string[];
}

/** Rules with the words a file must contain for them to match (Semgrep's own prefilter idea). */
const requirements = new WeakMap<SemgrepRule, Requirement>();

function requirement(rule: SemgrepRule): Requirement {
  let found = requirements.get(rule);
  if (!found) {
    found = requirementOf(rule.formula);
    requirements.set(rule, found);
  }
  return found;
}

/** Whether `rule` applies to a file at `path` (Semgrep's `paths.include`/`exclude`). */
function appliesTo(rule: SemgrepRule, path: string): boolean {
  if (!rule.paths) return true;
  const relative = path.replace(/^\.?\//, '');
  if (relative.startsWith('<')) return true;
  if (rule.paths.include && !rule.paths.include.ignores(relative)) return false;
  if (rule.paths.exclude?.ignores(relative)) return false;
  return true;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Semgrep writes a metavariable's text into the message (`$X is compared with itself`). */
function interpolate(template: string, match: Match, text: string): string {
  return template.replace(/\$([A-Z_][A-Z0-9_]*)/g, (whole) => {
    const bound = match.environment[whole];
    if (!bound || bound.nodes.length === 0) return whole;
    return text.slice(bound.nodes[0]!.start, bound.nodes[bound.nodes.length - 1]!.end);
  });
}

/**
 * The findings of `rules` on one file. The file is parsed only when some rule's words are all in it;
 * one finding per rule and line.
 */
export async function semgrepFindings(
  rules: readonly SemgrepRule[],
  source: string,
  language: LanguageId,
  path: string,
): Promise<Finding[]> {
  const applicable = rules.filter(
    (rule) =>
      rule.languages.includes(language) && appliesTo(rule, path) && satisfied(requirement(rule), source),
  );
  if (applicable.length === 0) return [];
  const tree = await parse(language, source);
  let file: ReturnType<typeof target>;
  try {
    file = target(source, codeTree(tree), language);
  } finally {
    tree.delete();
  }
  const findings: Finding[] = [];
  for (const rule of applicable) {
    const seen = new Set<number>();
    for (const match of evaluate(rule.formula, file).sort((a, b) => a.start - b.start)) {
      const start = lineAndColumn(source, match.start);
      if (seen.has(start.line)) continue;
      seen.add(start.line);
      const end = lineAndColumn(source, match.end);
      findings.push({
        ruleId: rule.id,
        file: path,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: rule.severity,
        message: interpolate(rule.message, match, source) || rule.id,
        ...(rule.fix !== undefined ? { hint: `fix: ${interpolate(rule.fix, match, source)}` } : {}),
        ...(rule.cwe !== undefined ? { cwe: rule.cwe } : {}),
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

export function emptyRuleSet(): SemgrepRuleSet {
  return { rules: [], notRun: [], fingerprint: '', sources: [] };
}

export function ruleSetOf(
  loaded: LoadedRules,
  fingerprint: string,
  sources: readonly string[],
): SemgrepRuleSet {
  return { rules: loaded.rules, notRun: loaded.notRun, fingerprint, sources };
}
