import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import {
  type Matcher,
  type Rule,
  type RuleLanguage,
  ruleSchema,
  type SourcesFile,
  sourcesFileSchema,
} from './rule-schema.js';

/** A matcher with its globs compiled, tied to its rule. */
export interface CompiledMatcher {
  rule: Rule;
  spec: Matcher;
  call?: RegExp;
  assign?: RegExp;
  context?: RegExp;
  contextNot?: RegExp;
  assertion?: RegExp;
  pathMatches?: RegExp;
  pathNot?: RegExp;
}

export interface LanguageRules {
  sinks: CompiledMatcher[];
  sanitizers: CompiledMatcher[];
  patterns: CompiledMatcher[];
  sources: { label: string; paths: RegExp[]; calls: RegExp[] }[];
  cleaners: CompiledMatcher[];
  normalizers: CompiledMatcher[];
  routeDecorators: RegExp;
  htmlRouteDecorators: RegExp;
  requestParameters: Set<string>;
  /** a file containing none of these words cannot match any rule of the language */
  trigger: RegExp;
}

export interface RuleSet {
  rules: Rule[];
  byId: Map<string, Rule>;
  python: LanguageRules;
  javascript: LanguageRules;
}

/** `subprocess.*` → /^subprocess\..*$/; several globs become one alternation. */
export function globToRegExp(glob: string | string[]): RegExp {
  const globs = Array.isArray(glob) ? glob : [glob];
  const body = globs
    .map((one) =>
      one
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    )
    .join('|');
  return new RegExp(`^(?:${body})$`);
}

function compile(rule: Rule, spec: Matcher): CompiledMatcher {
  return {
    rule,
    spec,
    call: spec.call ? globToRegExp(spec.call) : undefined,
    assign: spec.assign ? globToRegExp(spec.assign) : undefined,
    context: spec.context ? new RegExp(spec.context, 'i') : undefined,
    contextNot: spec.contextNot ? new RegExp(spec.contextNot, 'i') : undefined,
    assertion: spec.assert ? new RegExp(spec.assert, 'i') : undefined,
    pathMatches: spec.pathMatches ? new RegExp(spec.pathMatches) : undefined,
    pathNot: spec.pathNot ? new RegExp(spec.pathNot) : undefined,
  };
}

const applies = (spec: Matcher, language: RuleLanguage) =>
  !spec.languages || spec.languages.includes(language);

const SOURCES_RULE: Rule = {
  id: 'sources',
  name: 'sources',
  cwe: 20,
  severity: 'low',
  message: '',
  hint: '',
  triggers: ['-'],
  sinks: [],
  sanitizers: [],
  patterns: [],
  examples: [],
};

function languageRules(rules: Rule[], sources: SourcesFile, language: RuleLanguage): LanguageRules {
  const pick = (kind: 'sinks' | 'sanitizers' | 'patterns') =>
    rules.flatMap((rule) =>
      rule[kind].filter((spec) => applies(spec, language)).map((spec) => compile(rule, spec)),
    );
  const words = new Set<string>();
  for (const rule of rules) for (const word of rule.triggers) words.add(word);
  const escaped = [...words].map((word) => word.replace(/[.+?^${}()|[\]\\*]/g, '\\$&'));
  return {
    sinks: pick('sinks'),
    sanitizers: pick('sanitizers'),
    patterns: pick('patterns'),
    sources: sources.sources
      .filter((source) => source.languages.includes(language))
      .map((source) => ({
        label: source.label,
        paths: source.paths.map((path) => globToRegExp(path)),
        calls: source.calls.map((call) => globToRegExp(call)),
      })),
    cleaners: sources.cleaners
      .filter((spec) => applies(spec, language))
      .map((spec) => compile(SOURCES_RULE, spec)),
    normalizers: sources.normalizers
      .filter((spec) => applies(spec, language))
      .map((spec) => compile(SOURCES_RULE, spec)),
    routeDecorators: globToRegExp(sources.routeDecorators),
    htmlRouteDecorators: globToRegExp(sources.htmlRouteDecorators),
    requestParameters: new Set(sources.requestParameters[language] ?? []),
    trigger: new RegExp(escaped.join('|')),
  };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new EnvironmentError(`cannot read the security rule file ${path}`, {
      hint: 'reinstall vouch; rules/security/ ships with the package',
      cause: error,
    });
  }
}

function validated<T>(
  path: string,
  parse: (value: unknown) => { success: true; data: T } | { success: false; error: { message: string } },
): T {
  const result = parse(readJson(path));
  if (!result.success) {
    throw new EnvironmentError(`the security rule file ${path} is malformed: ${result.error.message}`, {
      hint: 'fix the file against src/security/rule-schema.ts',
    });
  }
  return result.data;
}

/** Loads and compiles every rule under `directory` (default: the rules/security/ shipped with vouch). */
export function loadRuleSet(directory = join(packageRoot(), 'rules', 'security')): RuleSet {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const sources = validated(join(directory, '_sources.json'), (value) => sourcesFileSchema.safeParse(value));
  const rules: Rule[] = [];
  const byId = new Map<string, Rule>();
  for (const name of files) {
    if (name.startsWith('_')) continue;
    const rule = validated(join(directory, name), (value) => ruleSchema.safeParse(value));
    if (byId.has(rule.id)) throw new EnvironmentError(`duplicate security rule id ${rule.id} in ${name}`);
    rules.push(rule);
    byId.set(rule.id, rule);
  }
  return {
    rules,
    byId,
    python: languageRules(rules, sources, 'python'),
    javascript: languageRules(rules, sources, 'javascript'),
  };
}

let shared: RuleSet | undefined;

/** The shipped rule set, loaded once per process. */
export function defaultRuleSet(): RuleSet {
  shared ??= loadRuleSet();
  return shared;
}
