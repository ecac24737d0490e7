import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ignore } from 'ignore';
import { z } from 'zod';
import type { Severity } from '../../core/check.js';
import type { LanguageId } from '../../core/languages.js';
import { type Comparison, ComparisonError, compileComparison } from './comparison.js';
import { compilePattern, type Pattern, PatternError } from './pattern.js';
import { compileRegex, RegexError } from './pcre.js';

const require = createRequire(import.meta.url);
// `ignore` and YAML load only for a project with Semgrep rules: required at start, YAML was ≈ 5% of a
// one-file `vouch scan`'s CPU (issue 59), for the few workspaces that have any.
const ignore = (): Ignore => (require('ignore') as typeof import('ignore'))();
const parseYaml = (text: string): unknown => (require('yaml') as typeof import('yaml')).parse(text);

/** A rule's condition, compiled: patterns parsed for each grammar the rule runs on. */
export type Formula =
  | { kind: 'pattern'; patterns: ReadonlyMap<LanguageId, Pattern>; source: string }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'either'; items: Formula[] }
  | {
      kind: 'and';
      positives: Formula[];
      insides: Formula[];
      nots: Formula[];
      notInsides: Formula[];
      conditions: Condition[];
      focus: string[];
    };

export type Condition =
  | { kind: 'regex'; name: string; regex: RegExp }
  | { kind: 'pattern'; name: string; formula: Formula }
  | { kind: 'comparison'; name: string; comparison: Comparison; strip: boolean };

/** `mode: taint`: each part a formula matched on the file; a propagator's `from` and `to` metavariables. */
export interface TaintFormulas {
  sources: Formula[];
  sanitizers: Formula[];
  sinks: Formula[];
  propagators: { formula: Formula; from: string; to: string }[];
}

export interface SemgrepRule {
  id: string;
  message: string;
  severity: Severity;
  cwe?: number;
  fix?: string;
  /** vouch's grammars the rule runs on (Semgrep's `typescript` is TypeScript and TSX) */
  languages: LanguageId[];
  /** search mode: the rule's formula; taint mode: the sinks (where findings are), with `taint` beside it */
  formula: Formula;
  /** set for `mode: taint`: the data-flow between sources and sinks decides, not the formula alone */
  taint?: TaintFormulas;
  /** Semgrep's `paths.include`/`paths.exclude`, gitignore-style */
  paths?: { include?: Ignore; exclude?: Ignore };
  /** the file the rule came from */
  file: string;
}

/** A rule that is not evaluated, and why: never skipped silently. */
export interface RuleNotRun {
  id: string;
  file: string;
  reason: string;
}

export interface LoadedRules {
  rules: SemgrepRule[];
  notRun: RuleNotRun[];
}

const SEVERITIES: Record<string, Severity> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INVENTORY: 'info',
  EXPERIMENT: 'info',
};

const LANGUAGES: Record<string, LanguageId[]> = {
  python: ['python'],
  python3: ['python'],
  py: ['python'],
  javascript: ['javascript'],
  js: ['javascript'],
  typescript: ['typescript', 'tsx'],
  ts: ['typescript', 'tsx'],
};

/** Keys of a rule that change nothing a match depends on. */
const DESCRIPTIVE = new Set([
  'id',
  'message',
  'severity',
  'languages',
  'metadata',
  'fix',
  'fix-regex',
  'min-version',
  'max-version',
  'paths',
  'mode',
]);
const TOP_FORMULA = ['pattern', 'patterns', 'pattern-either', 'pattern-regex'] as const;
const TAINT_KEYS = ['pattern-sources', 'pattern-sinks', 'pattern-sanitizers', 'pattern-propagators'];

const ruleShape = z.looseObject({
  id: z.string().min(1),
  message: z.string().default(''),
  severity: z.string(),
  languages: z.array(z.string()).min(1),
  metadata: z.looseObject({ cwe: z.union([z.string(), z.array(z.string())]).optional() }).optional(),
  fix: z.string().optional(),
  mode: z.string().optional(),
  paths: z
    .object({ include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() })
    .optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});
const fileShape = z.object({ rules: z.array(z.unknown()) });

class NotSupported extends Error {}

/** The first CWE number of Semgrep's `metadata.cwe` ("CWE-89: SQL Injection", or a list of them). */
function cweOf(cwe: string | string[] | undefined): number | undefined {
  const first = Array.isArray(cwe) ? cwe[0] : cwe;
  const match = first ? /CWE-(\d+)/i.exec(first) : null;
  return match ? Number(match[1]) : undefined;
}

async function compileFormulaOf(
  node: Record<string, unknown>,
  languages: readonly LanguageId[],
  where: string,
): Promise<Formula> {
  const keys = Object.keys(node).filter((key) => !DESCRIPTIVE.has(key) && key !== 'options');
  const formulaKeys = keys.filter((key) => (TOP_FORMULA as readonly string[]).includes(key));
  const unknown = keys.filter((key) => !(TOP_FORMULA as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new NotSupported(`uses \`${unknown[0]}\`${where}, which vouch's matcher does not evaluate`);
  if (formulaKeys.length !== 1)
    throw new NotSupported(
      formulaKeys.length === 0
        ? `has none of pattern, patterns, pattern-either, pattern-regex${where}`
        : `has more than one of ${formulaKeys.join(', ')}${where}`,
    );
  return compileOperator(formulaKeys[0]!, node[formulaKeys[0]!], languages);
}

async function compilePatternText(value: unknown, languages: readonly LanguageId[]): Promise<Formula> {
  if (typeof value !== 'string') throw new NotSupported('has a pattern that is not a string');
  const patterns = new Map<LanguageId, Pattern>();
  const errors: string[] = [];
  for (const language of languages) {
    try {
      patterns.set(language, await compilePattern(value, language));
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      errors.push(error.message);
    }
  }
  // A JSX pattern does not parse as plain TypeScript, and needs not: no .ts file holds JSX.
  if (patterns.size === 0) throw new NotSupported(errors[0] ?? 'has an empty pattern');
  return { kind: 'pattern', patterns, source: value };
}

function regexOf(value: unknown, anchored: boolean): RegExp {
  if (typeof value !== 'string') throw new NotSupported('has a regex that is not a string');
  try {
    return compileRegex(value, { anchored, global: !anchored });
  } catch (error) {
    if (error instanceof RegexError) throw new NotSupported(error.message);
    throw error;
  }
}

async function compileOperator(
  key: string,
  value: unknown,
  languages: readonly LanguageId[],
): Promise<Formula> {
  switch (key) {
    case 'pattern':
      return compilePatternText(value, languages);
    case 'pattern-regex':
      return { kind: 'regex', regex: regexOf(value, false) };
    case 'pattern-either': {
      if (!Array.isArray(value)) throw new NotSupported('has a pattern-either that is not a list');
      const items: Formula[] = [];
      for (const item of value) items.push(await compileItem(item, languages));
      return { kind: 'either', items };
    }
    case 'patterns':
      return compileConjunction(value, languages);
    // Inside pattern-either, an inside is one more range a match may come from.
    case 'pattern-inside':
      return compileInsideOrNot(value, languages);
    default:
      throw new NotSupported(`uses \`${key}\`, which vouch's matcher does not evaluate`);
  }
}

/** One entry of a list: a mapping with one operator key (`- pattern: …`). */
async function compileItem(item: unknown, languages: readonly LanguageId[]): Promise<Formula> {
  if (!item || typeof item !== 'object' || Array.isArray(item))
    throw new NotSupported('has a list entry that is not a mapping');
  const entries = Object.entries(item);
  if (entries.length !== 1)
    throw new NotSupported(`has a list entry with ${entries.length} keys (${Object.keys(item).join(', ')})`);
  const [key, value] = entries[0]!;
  return compileOperator(key, value, languages);
}

function metavariableName(value: unknown): string {
  if (typeof value !== 'string' || !/^\$[A-Z_][A-Z0-9_]*$/.test(value))
    throw new NotSupported(`names ${JSON.stringify(value)} where a metavariable ($X) is expected`);
  return value;
}

async function compileConjunction(value: unknown, languages: readonly LanguageId[]): Promise<Formula> {
  if (!Array.isArray(value)) throw new NotSupported('has a patterns that is not a list');
  const formula = {
    kind: 'and' as const,
    positives: [] as Formula[],
    insides: [] as Formula[],
    nots: [] as Formula[],
    notInsides: [] as Formula[],
    conditions: [] as Condition[],
    focus: [] as string[],
  };
  for (const item of value) {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new NotSupported('has a patterns entry that is not a mapping');
    const entries = Object.entries(item as Record<string, unknown>);
    if (entries.length !== 1)
      throw new NotSupported(`has a patterns entry with keys ${Object.keys(item).join(', ')}`);
    const [key, body] = entries[0]!;
    switch (key) {
      case 'pattern':
      case 'patterns':
      case 'pattern-either':
      case 'pattern-regex':
        formula.positives.push(await compileOperator(key, body, languages));
        break;
      case 'pattern-inside':
        formula.insides.push(await compileInsideOrNot(body, languages));
        break;
      case 'pattern-not':
        formula.nots.push(await compileInsideOrNot(body, languages));
        break;
      case 'pattern-not-inside':
        formula.notInsides.push(await compileInsideOrNot(body, languages));
        break;
      case 'focus-metavariable':
        for (const name of Array.isArray(body) ? body : [body]) formula.focus.push(metavariableName(name));
        break;
      case 'metavariable-regex': {
        const spec = conditionSpec(body, 'regex');
        formula.conditions.push({ kind: 'regex', name: spec.name, regex: regexOf(spec.body.regex, true) });
        break;
      }
      case 'metavariable-comparison': {
        const spec = conditionSpec(body, 'comparison');
        if (spec.body.base !== undefined)
          throw new NotSupported('uses metavariable-comparison `base`, which vouch does not evaluate');
        try {
          formula.conditions.push({
            kind: 'comparison',
            name: spec.name,
            comparison: compileComparison(String(spec.body.comparison)),
            strip: spec.body.strip === true,
          });
        } catch (error) {
          if (error instanceof ComparisonError) throw new NotSupported(error.message);
          throw error;
        }
        break;
      }
      case 'metavariable-pattern': {
        const spec = conditionSpec(body, undefined);
        const { metavariable: _name, language, ...rest } = spec.body;
        if (language !== undefined && !sameLanguage(String(language), languages))
          throw new NotSupported(
            `uses metavariable-pattern with language ${String(language)}, which vouch does not evaluate`,
          );
        formula.conditions.push({
          kind: 'pattern',
          name: spec.name,
          formula: await compileFormulaOf(rest, languages, ' in metavariable-pattern'),
        });
        break;
      }
      default:
        throw new NotSupported(`uses \`${key}\`, which vouch's matcher does not evaluate`);
    }
  }
  if (formula.positives.length === 0 && formula.insides.length === 0)
    throw new NotSupported(
      'has a patterns with no positive pattern (pattern, pattern-either, pattern-inside, pattern-regex)',
    );
  return formula;
}

function sameLanguage(language: string, languages: readonly LanguageId[]): boolean {
  const wanted = LANGUAGES[language.toLowerCase()];
  return wanted?.every((id) => languages.includes(id)) ?? false;
}

async function compileInsideOrNot(body: unknown, languages: readonly LanguageId[]): Promise<Formula> {
  if (typeof body === 'string') return compilePatternText(body, languages);
  // Newer Semgrep also accepts a nested formula here (`pattern-not: {patterns: …}`).
  if (body && typeof body === 'object' && !Array.isArray(body))
    return compileFormulaOf(body as Record<string, unknown>, languages, '');
  throw new NotSupported('has a pattern-inside/pattern-not whose value is neither a pattern nor a formula');
}

function conditionSpec(
  body: unknown,
  required: string | undefined,
): { name: string; body: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new NotSupported('has a metavariable condition that is not a mapping');
  const spec = body as Record<string, unknown>;
  if (required && spec[required] === undefined)
    throw new NotSupported(`has a metavariable condition without \`${required}\``);
  return { name: metavariableName(spec.metavariable), body: spec };
}

/**
 * Keys of a taint rule's source, sink or sanitiser that change what Semgrep does with a match in ways
 * vouch's engine does not follow: such a rule is not run rather than run differently.
 */
const TAINT_OPTIONS: Record<string, string> = {
  label: 'taint labels (`label`)',
  requires: 'taint labels (`requires`)',
  'by-side-effect': 'sources or sanitisers by side effect (`by-side-effect`)',
  exact: 'the `exact` option',
  control: 'control-flow sources (`control`)',
  'not-conflicting': 'the `not-conflicting` option',
  replace_labels: 'taint labels (`replace_labels`)',
};

async function compileTaintPart({
  value,
  key,
  languages,
  extra = [],
}: {
  value: unknown;
  key: string;
  languages: readonly LanguageId[];
  extra?: readonly string[];
}): Promise<{ formula: Formula; spec: Record<string, unknown> }[]> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new NotSupported(`has a ${key} that is not a list`);
  const parts: { formula: Formula; spec: Record<string, unknown> }[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new NotSupported(`has a ${key} entry that is not a mapping`);
    const spec = item as Record<string, unknown>;
    const option = Object.keys(spec).find((name) => TAINT_OPTIONS[name] !== undefined);
    if (option)
      throw new NotSupported(
        `uses ${TAINT_OPTIONS[option]} in ${key}, which vouch's taint engine does not follow`,
      );
    const formulaPart = Object.fromEntries(Object.entries(spec).filter(([name]) => !extra.includes(name)));
    parts.push({ formula: await compileFormulaOf(formulaPart, languages, ` in ${key}`), spec });
  }
  return parts;
}

/** A formula whose matches need not be one expression or statement (a regex, a run of statements). */
function notAnExpression(formula: Formula): boolean {
  switch (formula.kind) {
    case 'pattern':
      return [...formula.patterns.values()].some((pattern) => pattern.statements);
    case 'regex':
      return true;
    case 'either':
      return formula.items.some(notAnExpression);
    case 'and':
      // focus-metavariable narrows the match to what the metavariable holds
      return (
        formula.focus.length === 0 &&
        (formula.positives.length > 0 ? formula.positives : formula.insides.slice(0, 1)).some(notAnExpression)
      );
  }
}

async function compileTaint(
  rule: Record<string, unknown>,
  languages: readonly LanguageId[],
): Promise<TaintFormulas> {
  const stray = Object.keys(rule).find(
    (key) => !DESCRIPTIVE.has(key) && key !== 'options' && !TAINT_KEYS.includes(key),
  );
  if (stray) throw new NotSupported(`uses \`${stray}\` in a taint rule, which vouch does not evaluate`);
  const sources = await compileTaintPart({
    value: rule['pattern-sources'],
    key: 'pattern-sources',
    languages,
  });
  const sinks = await compileTaintPart({ value: rule['pattern-sinks'], key: 'pattern-sinks', languages });
  if (sources.length === 0 || sinks.length === 0)
    throw new NotSupported('is a taint rule without pattern-sources or pattern-sinks');
  if (sinks.some((part) => notAnExpression(part.formula)))
    throw new NotSupported(
      "has a sink that is a regex or several statements; vouch's taint engine follows data to expressions and statements",
    );
  const sanitizers = await compileTaintPart({
    value: rule['pattern-sanitizers'],
    key: 'pattern-sanitizers',
    languages,
  });
  const propagators = await compileTaintPart({
    value: rule['pattern-propagators'],
    key: 'pattern-propagators',
    languages,
    extra: ['from', 'to'],
  });
  return {
    sources: sources.map((part) => part.formula),
    sinks: sinks.map((part) => part.formula),
    sanitizers: sanitizers.map((part) => part.formula),
    propagators: propagators.map((part) => ({
      formula: part.formula,
      from: metavariableName(part.spec.from),
      to: metavariableName(part.spec.to),
    })),
  };
}

function pathsOf(paths: { include?: string[]; exclude?: string[] } | undefined): SemgrepRule['paths'] {
  if (!paths) return undefined;
  return {
    ...(paths.include?.length ? { include: ignore().add(paths.include) } : {}),
    ...(paths.exclude?.length ? { exclude: ignore().add(paths.exclude) } : {}),
  };
}

/** Reads one Semgrep rule file: the rules vouch evaluates, and the others with the reason each is not run. */
export async function loadRuleFile(text: string, file: string): Promise<LoadedRules> {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return {
      rules: [],
      notRun: [{ id: '*', file, reason: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }],
    };
  }
  const shape = fileShape.safeParse(document);
  if (!shape.success)
    return {
      rules: [],
      notRun: [{ id: '*', file, reason: 'has no `rules:` list (a Semgrep rule file starts with `rules:`)' }],
    };
  const loaded: LoadedRules = { rules: [], notRun: [] };
  for (const [index, raw] of shape.data.rules.entries()) {
    const parsed = ruleShape.safeParse(raw);
    const id = parsed.success ? parsed.data.id : String((raw as { id?: unknown })?.id ?? `#${index + 1}`);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      loaded.notRun.push({
        id,
        file,
        reason: `is not a valid rule: ${issue.path.join('.') || 'rule'}: ${issue.message}`,
      });
      continue;
    }
    const rule = parsed.data;
    try {
      loaded.rules.push(await compileRule(rule, file));
      const others = rule.languages.filter((language) => !LANGUAGES[language.toLowerCase()]);
      // The rule runs on the languages vouch parses; the others are said, not passed over.
      if (others.length > 0)
        loaded.notRun.push({
          id,
          file,
          reason: `runs on Python/JavaScript/TypeScript files only, not on ${others.join(', ')}`,
        });
    } catch (error) {
      if (!(error instanceof NotSupported)) throw error;
      loaded.notRun.push({ id, file, reason: error.message });
    }
  }
  return loaded;
}

async function compileRule(rule: z.output<typeof ruleShape>, file: string): Promise<SemgrepRule> {
  const severity = SEVERITIES[rule.severity.toUpperCase()];
  if (!severity) throw new NotSupported(`has severity ${rule.severity} (expected ERROR, WARNING or INFO)`);
  if (rule.mode && rule.mode !== 'search' && rule.mode !== 'taint')
    throw new NotSupported(`uses mode ${rule.mode}, which vouch's matcher does not evaluate`);
  const taintKey = TAINT_KEYS.find((key) => key in rule);
  if (taintKey && rule.mode !== 'taint')
    throw new NotSupported(`has \`${taintKey}\` without \`mode: taint\``);
  if (rule.options && Object.keys(rule.options).length > 0)
    throw new NotSupported(
      `sets options (${Object.keys(rule.options).join(', ')}), which vouch's matcher does not evaluate`,
    );
  const languages = [
    ...new Set(rule.languages.flatMap((language) => LANGUAGES[language.toLowerCase()] ?? [])),
  ];
  const others = rule.languages.filter((language) => !LANGUAGES[language.toLowerCase()]);
  if (languages.length === 0)
    throw new NotSupported(
      `is for ${others.join(', ')}; vouch's matcher evaluates Python, JavaScript and TypeScript rules`,
    );
  const taint =
    rule.mode === 'taint' ? await compileTaint(rule as Record<string, unknown>, languages) : undefined;
  const formula = taint
    ? { kind: 'either' as const, items: taint.sinks }
    : await compileFormulaOf(rule as Record<string, unknown>, languages, '');
  return {
    id: rule.id,
    message: rule.message,
    severity,
    ...(cweOf(rule.metadata?.cwe) !== undefined ? { cwe: cweOf(rule.metadata?.cwe) } : {}),
    ...(rule.fix !== undefined ? { fix: rule.fix } : {}),
    languages,
    formula,
    ...(taint ? { taint } : {}),
    ...(rule.paths ? { paths: pathsOf(rule.paths) } : {}),
    file,
  };
}

/** What a rule set's findings depend on: the rule files' text (a cache key together with the matcher's). */
export function rulesFingerprint(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\0');
  return hash.digest('hex').slice(0, 16);
}
