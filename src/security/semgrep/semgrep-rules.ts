import type { Finding } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { parse } from '../../syntax/parser.js';
import { ruleLanguage } from '../engine/analyze.js';
import type { LiteNode } from '../engine/lite-tree.js';
import { liteTree } from '../engine/lite-tree.js';
import { type Range, rangeTaintMatches } from '../engine/range-taint.js';
import { lineEndedText } from '../line-ended-text.js';
import type { RuleLanguage } from '../rule-schema.js';
import { type LanguageRules, taintKnowledge } from '../rules.js';
import { codeTree } from './code-tree.js';
import { evaluate, type Target, target } from './evaluate.js';
import type { Match } from './match.js';
import { type Requirement, requirementOf, satisfied } from './requirement.js';
import {
  type LoadedRules,
  loadRuleFile,
  type RuleNotRun,
  rulesFingerprint,
  type SemgrepRule,
  type TaintFormulas,
} from './rule-file.js';

/** A project's Semgrep rules, ready to run on files: what runs, what does not (and why), and a cache key. */
export interface SemgrepRuleSet {
  readonly rules: readonly SemgrepRule[];
  readonly notRun: readonly RuleNotRun[];
  /** the rule files' content hash: findings depend on it */
  readonly fingerprint: string;
  /** the config files the rules were read from, relative to the workspace */
  readonly sources: readonly string[];
  /** the rule files' text, by their name relative to the workspace: a scan's worker threads compile them too */
  readonly texts: readonly RuleText[];
}

export interface RuleText {
  file: string;
  text: string;
}

/** Rules with the words a file must contain for them to match (Semgrep's own prefilter idea). */
const requirements = new WeakMap<SemgrepRule, Requirement>();

function requirement(rule: SemgrepRule): Requirement {
  let found = requirements.get(rule);
  if (!found) {
    // A taint rule needs a source and a sink in the same file.
    found = rule.taint
      ? {
          kind: 'both',
          parts: [
            requirementOf({ kind: 'either', items: rule.taint.sources }),
            requirementOf({ kind: 'either', items: rule.taint.sinks }),
          ],
        }
      : requirementOf(rule.formula);
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
 * one finding per rule and line. `lineEnded` is the file's `lineEndedText`, when the caller has it already.
 */
export async function semgrepFindings({
  rules,
  source,
  language,
  path,
  lineEnded,
}: {
  rules: readonly SemgrepRule[];
  source: string;
  language: LanguageId;
  path: string;
  lineEnded?: string;
}): Promise<Finding[]> {
  const applicable = rules.filter(
    (rule) =>
      rule.languages.includes(language) && appliesTo(rule, path) && satisfied(requirement(rule), source),
  );
  if (applicable.length === 0) return [];
  // the code as the language reads it, each line end it counts a `\n`, one character for one: what the
  // engine parses (w94), so a call after a lone `\r` that ends a comment is code here too (r23), and the
  // lines are the ones the engine and the suppressions count (w104)
  const text = lineEnded ?? (await lineEndedText(source, language));
  const tree = await parse(language, text);
  let file: ReturnType<typeof target>;
  let lite: LiteNode | undefined;
  try {
    file = target(text, codeTree(tree), language);
    if (applicable.some((rule) => rule.taint)) lite = liteTree(tree, text);
  } finally {
    tree.delete();
  }
  const findings: Finding[] = [];
  for (const rule of applicable) {
    const seen = new Set<number>();
    const matches =
      rule.taint && lite
        ? taintMatches({ rule, taint: rule.taint, file, root: lite, path })
        : evaluate(rule.formula, file);
    for (const match of matches.sort((a, b) => a.start - b.start)) {
      const start = lineAndColumn(text, match.start);
      if (seen.has(start.line)) continue;
      seen.add(start.line);
      const end = lineAndColumn(text, match.end);
      findings.push({
        ruleId: rule.id,
        file: path,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: rule.severity,
        message: interpolate(rule.message, match, text) || rule.id,
        ...(rule.fix !== undefined ? { hint: `fix: ${interpolate(rule.fix, match, text)}` } : {}),
        ...(rule.cwe !== undefined ? { cwe: rule.cwe } : {}),
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

const knowledge = new Map<RuleLanguage, LanguageRules>();

const rangeOf = (match: Match): Range => ({ start: match.start, end: match.end });

/**
 * A taint rule's findings: its sources, sanitisers, sinks and propagators matched as ranges, the data
 * between them followed by vouch's engine; a finding is the sink's match, where data from a source
 * reached it.
 */
function taintMatches({
  rule,
  taint,
  file,
  root,
  path,
}: {
  rule: SemgrepRule;
  taint: TaintFormulas;
  file: Target;
  root: LiteNode;
  path: string;
}): Match[] {
  const family = ruleLanguage(file.language);
  if (!family) return [];
  let rules = knowledge.get(family);
  if (!rules) {
    rules = taintKnowledge(family);
    knowledge.set(family, rules);
  }
  const sinks = taint.sinks.flatMap((formula) => evaluate(formula, file));
  if (sinks.length === 0) return [];
  const sources = taint.sources.flatMap((formula) => evaluate(formula, file));
  if (sources.length === 0) return [];
  const propagators = taint.propagators.flatMap((propagator) =>
    evaluate(propagator.formula, file).flatMap((match) => {
      const from = match.environment[propagator.from]?.nodes;
      const to = match.environment[propagator.to]?.nodes;
      if (!from?.length || !to?.length) return [];
      return [
        {
          at: rangeOf(match),
          from: { start: from[0]!.start, end: from[from.length - 1]!.end },
          to: { start: to[0]!.start, end: to[to.length - 1]!.end },
        },
      ];
    }),
  );
  const reached = rangeTaintMatches({
    root,
    family,
    knowledge: rules,
    file: path,
    spec: {
      ruleId: rule.id,
      sources: sources.map(rangeOf),
      sanitizers: taint.sanitizers.flatMap((formula) => evaluate(formula, file)).map(rangeOf),
      sinks: sinks.map(rangeOf),
      propagators,
    },
  });
  const lines = new Set(reached.map((match) => match.line));
  return sinks.filter((sink) => lines.has(lineAndColumn(file.text, sink.start).line));
}

export function emptyRuleSet(): SemgrepRuleSet {
  return { rules: [], notRun: [], fingerprint: '', sources: [], texts: [] };
}

/** The rules of several rule files, compiled (named by `file`, relative to the workspace). */
export async function ruleSetOf(texts: readonly RuleText[]): Promise<SemgrepRuleSet> {
  if (texts.length === 0) return emptyRuleSet();
  const merged: LoadedRules = { rules: [], notRun: [] };
  for (const { file, text } of texts) {
    const one = await loadRuleFile(text, file);
    merged.rules.push(...one.rules);
    merged.notRun.push(...one.notRun);
  }
  return {
    rules: merged.rules,
    notRun: merged.notRun,
    fingerprint: rulesFingerprint(texts.map((entry) => entry.text)),
    sources: texts.map((entry) => entry.file),
    texts,
  };
}
