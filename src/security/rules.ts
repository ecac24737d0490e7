import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { requiredKeyword } from './engine/conditions.js';
import { jsonClearedId } from './engine/taint.js';
import { GlobIndex } from './glob-index.js';
import {
  ARTEFACT_VERSION,
  type RuleArtefact,
  readArtefactFile,
  ruleFileNames,
  ruleFilesKey,
  shippedArtefactPath,
  stampRuleFiles,
  unchangedSince,
} from './rule-artefact.js';
import {
  type AuthModel,
  type Matcher,
  type Rule,
  type RuleLanguage,
  ruleSchemas,
  type SourcesFile,
} from './rule-schema.js';
import { anchorsOf, knownAnchors, rememberAnchors, type TriggerTest, triggerTest } from './trigger-test.js';

/** A matcher with its globs compiled, tied to its rule. */
export interface CompiledMatcher {
  rule: Rule;
  spec: Matcher;
  call?: RegExp;
  callNot?: RegExp;
  assign?: RegExp;
  assignNot?: RegExp;
  context?: RegExp;
  contextNot?: RegExp;
  assertion?: RegExp;
  pathMatches?: RegExp;
  pathNot?: RegExp;
  stringPattern?: RegExp;
  jsxElementNot?: RegExp;
  valueText?: RegExp;
  valuePath?: RegExp;
  fileTextNot?: RegExp;
  projectTextNot?: RegExp;
  fileText?: RegExp;
  valueConstPattern?: RegExp;
  keyConstNot?: RegExp;
  keyConst?: RegExp;
  argProperty?: RegExp;
  argPropertyNot?: RegExp;
}

/** Everything the rules say about one callee, looked up once per call site. */
export interface CallRules {
  patterns: CompiledMatcher[];
  sinks: CompiledMatcher[];
  sanitizers: CompiledMatcher[];
  cleaners: CompiledMatcher[];
  normalizers: CompiledMatcher[];
  /** the label of the source the call's result is, if it is one */
  source: string | undefined;
}

type CallMatcherKind = Exclude<keyof CallRules, 'source'>;
type CallEntry = { kind: CallMatcherKind; matcher: CompiledMatcher } | { kind: 'source'; label: string };

/** A matcher's `call` or `assign` globs as a list. */
const globList = (globs: string | string[] | undefined): string[] =>
  globs === undefined ? [] : Array.isArray(globs) ? globs : [globs];

/** Assignment matchers whose target glob matches, in the order of the rule files. */
export interface AssignRules {
  sinks: CompiledMatcher[];
  patterns: CompiledMatcher[];
}

type AssignEntry = { kind: keyof AssignRules; order: number; matcher: CompiledMatcher };

function assignIndex(
  sinks: CompiledMatcher[],
  patterns: CompiledMatcher[],
): GlobIndex<AssignEntry, AssignRules> {
  const index = new GlobIndex<AssignEntry, AssignRules>((entries) => {
    const rules: AssignRules = { sinks: [], patterns: [] };
    for (const entry of [...entries].sort((a, b) => a.order - b.order)) rules[entry.kind].push(entry.matcher);
    return rules;
  });
  const add = (kind: keyof AssignRules, list: CompiledMatcher[]) =>
    list.forEach((matcher, order) => {
      const entry: AssignEntry = { kind, order, matcher };
      for (const glob of globList(matcher.spec.assign)) index.add(glob, globToRegExp(glob), entry);
    });
  add('sinks', sinks);
  add('patterns', patterns);
  return index;
}

export interface LanguageRules {
  /** call matchers and call sources, indexed by their globs */
  calls: GlobIndex<CallEntry, CallRules>;
  /** matchers on any callee that need a keyword (`cert_reqs=…`), by that keyword in lower case */
  keywordCalls: ReadonlyMap<string, CallRules>;
  sourcePaths: GlobIndex<string>;
  /** labels of sources the person running the program controls (findings from them rank one lower) */
  localSources: Set<string>;
  /** rules for which data from those sources is the operator's choice, not an attack (`localSourcesTrusted`) */
  localTrusted: ReadonlySet<string>;
  /** matchers on assignments, JSX attributes, returns, asserts and regex literals, by their target globs */
  assigns: GlobIndex<AssignEntry, AssignRules>;
  sinks: CompiledMatcher[];
  patterns: CompiledMatcher[];
  /** patterns over string literals' text (inline templates), with `stringPattern` */
  stringPatterns: CompiledMatcher[];
  routeDecorators: RegExp;
  htmlRouteDecorators: RegExp;
  /** `response_class=` values that make a route's return a page (`_sources.json` `htmlResponseClasses`) */
  htmlResponseClasses: RegExp;
  requestParameters: Set<string>;
  /** modules whose calls given the request object are the framework's own (`_sources.json` `requestLibraries`) */
  requestLibraries: ReadonlySet<string>;
  /** calls after which nothing runs; calls that build text from their arguments; pure calls (`_sources.json` `calls`) */
  terminatingCalls: RegExp;
  buildingCalls: RegExp;
  constantCalls: RegExp;
  mutatingMethods: Set<string>;
  callbackResultMethods: Set<string>;
  passThroughCalls: RegExp;
  urlParsers: RegExp;
  /** cleaners whose result is a number parsed from the data (kept for rules with `numbers`) */
  numberCalls: RegExp;
  regexCompilers: RegExp;
  /** calls that turn entities back into characters: what they return is no longer escaped (`calls.unescaping`) */
  unescapingCalls: RegExp;
  /** the rules a number parsed from untrusted data is cleared for: all but those with `numbers` */
  numericCleared: readonly string[];
  /** the rules with `numbers` (a bound on a value clears it for these) */
  numericRules: readonly string[];
  /** cleaners whose result is the data as JSON text (cleared only for rules with `clearedByJson`) */
  jsonCalls: RegExp;
  /** the marks JSON text of untrusted data is cleared with (`jsonClearedId`): of the rules with `clearedByJson` */
  jsonCleared: readonly string[];
  /** JSON encoders that write non-ASCII raw (`_sources.json` `calls.jsonRawUnicode`) */
  jsonRawUnicodeCalls: RegExp;
  /** the marks JSON text with non-ASCII raw is cleared with: of `clearedByJson: true` (not `"ascii"`) */
  jsonClearedRawUnicode: readonly string[];
  /**
   * per source label, the rules its data starts cleared for: rules that take only other sources
   * (`sources`), and for a `scoped` source every rule that does not list it
   */
  sourceCleared: ReadonlyMap<string, ReadonlySet<string>>;
  /** names a source glob covers that are not untrusted (`_sources.json` `notSources`, exact names) */
  notSources: ReadonlySet<string>;
  /** scoped source paths (`request.files[].filename`): applied even to data already tainted */
  scopedSourcePaths: GlobIndex<string>;
  /**
   * per rule, the source labels that never count for it (scoped sources it does not take, `notFor`, local sources
   * it trusts); read through `excludedSourcesAt`, which knows the sinks that trust local sources themselves
   */
  excludedSources: ReadonlyMap<string, ReadonlySet<string>>;
  /** rules whose data passes only through text (`textOnly`): cleared by a call the data is handed to */
  textOnlyRules: readonly string[];
  /** receiver names call globs spell out (`db` of `db.all`, `res` of `res.send`): matched as written too */
  receiverNames: ReadonlySet<string>;
  /** the last names of scoped source paths (`filename`, `originalname`): only members of these names are looked up */
  scopedLastNames: ReadonlySet<string>;
  /** scoped source label → the rules that take it */
  scopedRules: ReadonlyMap<string, readonly string[]>;
  /** the source a caught exception is (`except E as e`, `catch (err)`), and the types that are not */
  exceptionSource?: { label: string; not?: RegExp };
  errorHandlerDecorators: RegExp;
  /** patterns on object-literal properties, equality tests against literals; sinks on repetition, loop bounds, handler returns */
  propertyPatterns: CompiledMatcher[];
  comparePatterns: CompiledMatcher[];
  /** patterns on `a == b` where neither side is a literal (`secretCompare`) */
  secretComparePatterns: CompiledMatcher[];
  repeatSinks: CompiledMatcher[];
  loopSinks: CompiledMatcher[];
  responseSinks: CompiledMatcher[];
  /** sinks on the headers a web handler returns in a tuple (`returnedHeaders`) */
  returnedHeaderSinks: CompiledMatcher[];
  responsePatterns: CompiledMatcher[];
  /** the route model's matchers (missing authentication, missing authorization) */
  routeMatchers: CompiledMatcher[];
  /** the route model's data for this language, compiled (see `AuthModel`) */
  auth: CompiledAuth;
  /** rules about passwords (a matcher with `password`): their sanitisers make data no longer a password */
  passwordRules: ReadonlySet<string>;
  /** rule id → the rules whose findings on the same line it replaces */
  supersedes: ReadonlyMap<string, readonly string[]>;
  /** whether the text may hold routes and an authentication the route model judges */
  routeTrigger: (text: string) => boolean;
  /** false when no rule of the language can match the text, so it need not be parsed */
  mayMatch: (text: string) => boolean;
}

/** What authenticates a route and what checks a role, as regular expressions (from `_sources.json` `auth`). */
export interface CompiledAuth {
  neutral: RegExp;
  views: RegExp;
  settingsProtected: RegExp;
  decorators: RegExp;
  roleDecorators: RegExp;
  mixins: RegExp;
  roleMixins: RegExp;
  names: RegExp;
  roleNames: RegExp;
  checks: RegExp;
  roleChecks: RegExp;
  refusals: RegExp;
  writes: RegExp;
  publicRoutes: RegExp;
  privateRoutes: RegExp;
  adminRoutes: RegExp;
}

const NOTHING = /(?!)/;
const globsOrNothing = (globs: string[]) => (globs.length > 0 ? globToRegExp(globs) : NOTHING);

function compileAuth(model: AuthModel, language: RuleLanguage): CompiledAuth {
  const own = model[language];
  return {
    neutral: globsOrNothing(own.neutral),
    views: globsOrNothing(own.views),
    settingsProtected: globsOrNothing(own.settingsProtected),
    decorators: globsOrNothing(own.decorators),
    roleDecorators: globsOrNothing(own.roleDecorators),
    mixins: globsOrNothing(own.mixins),
    roleMixins: globsOrNothing(own.roleMixins),
    names: new RegExp(own.names),
    roleNames: new RegExp(own.roleNames),
    checks: new RegExp(own.checks),
    roleChecks: new RegExp(own.roleChecks),
    refusals: new RegExp(own.refusals),
    writes: new RegExp(own.writes),
    publicRoutes: new RegExp(model.publicRoutes),
    privateRoutes: new RegExp(model.privateRoutes),
    adminRoutes: new RegExp(model.adminRoutes),
  };
}

export interface RuleSet {
  rules: Rule[];
  byId: Map<string, Rule>;
  python: LanguageRules;
  javascript: LanguageRules;
}

/**
 * `subprocess.*` → /^subprocess\..*$/; several globs become one alternation. Each glob is escaped whole and
 * its `*` then made `.*` (the escapes hold no `*`): the same text as escaping the parts between the stars,
 * without an array per glob. A scan builds its language's tables from some 2,000 globs at start: 9 → 4 ms of
 * CPU cold (issue 59).
 */
export function globToRegExp(glob: string | string[]): RegExp {
  const body = Array.isArray(glob) ? glob.map(globBody).join('|') : globBody(glob);
  return new RegExp(`^(?:${body})$`);
}

function globBody(glob: string): string {
  return glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
}

function compile(rule: Rule, spec: Matcher): CompiledMatcher {
  return {
    rule,
    spec,
    call: spec.call ? globToRegExp(spec.call) : undefined,
    callNot: spec.callNot ? globToRegExp(spec.callNot) : undefined,
    assign: spec.assign ? globToRegExp(spec.assign) : undefined,
    assignNot: spec.assignNot ? globToRegExp(spec.assignNot) : undefined,
    context: spec.context ? new RegExp(spec.context, 'i') : undefined,
    contextNot: spec.contextNot ? new RegExp(spec.contextNot, 'i') : undefined,
    assertion: spec.assert ? new RegExp(spec.assert, 'i') : undefined,
    pathMatches: spec.pathMatches ? new RegExp(spec.pathMatches) : undefined,
    pathNot: spec.pathNot ? new RegExp(spec.pathNot) : undefined,
    stringPattern: spec.stringPattern ? new RegExp(spec.stringPattern, 'g') : undefined,
    jsxElementNot: spec.jsxElementNot ? new RegExp(spec.jsxElementNot) : undefined,
    valueText: spec.valueText ? new RegExp(spec.valueText) : undefined,
    valuePath: spec.valuePath ? globToRegExp(spec.valuePath) : undefined,
    fileTextNot: spec.fileTextNot ? new RegExp(spec.fileTextNot) : undefined,
    projectTextNot: spec.projectTextNot ? new RegExp(spec.projectTextNot) : undefined,
    fileText: spec.fileText ? new RegExp(spec.fileText) : undefined,
    valueConstPattern: spec.valueConstPattern ? new RegExp(spec.valueConstPattern) : undefined,
    keyConstNot: spec.keyConstNot ? new RegExp(spec.keyConstNot, 'i') : undefined,
    keyConst: spec.keyConst ? new RegExp(spec.keyConst, 'i') : undefined,
    argProperty: spec.argProperty ? new RegExp(spec.argProperty, 'i') : undefined,
    argPropertyNot: spec.argPropertyNot ? new RegExp(spec.argPropertyNot, 'i') : undefined,
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

/** A call's rules before any entry is added: also what a call that matches no rule gets. */
export function emptyCallRules(): CallRules {
  return { patterns: [], sinks: [], sanitizers: [], cleaners: [], normalizers: [], source: undefined };
}

function groupCalls(entries: CallEntry[]): CallRules {
  const rules = emptyCallRules();
  for (const entry of entries) {
    if (entry.kind === 'source') rules.source ??= entry.label;
    else rules[entry.kind].push(entry.matcher);
  }
  return rules;
}

/**
 * One index for every kind of call matcher: a call site asks once, not once per kind. Within a kind the
 * matchers keep the order separate indexes would give them.
 */
function callIndex(
  matchers: Record<CallMatcherKind, CompiledMatcher[]>,
  sources: { label: string; calls: string[] }[],
  byKeyword: Map<string, CallRules>,
): GlobIndex<CallEntry, CallRules> {
  const index = new GlobIndex<CallEntry, CallRules>(groupCalls);
  for (const [kind, list] of Object.entries(matchers) as [CallMatcherKind, CompiledMatcher[]][]) {
    for (const matcher of list) {
      // `call: "*"` with a keyword condition (`cert_reqs=…`, `password=…`): tried only where that keyword is.
      const keyword = globList(matcher.spec.call).join() === '*' ? requiredKeyword(matcher.spec) : undefined;
      if (keyword !== undefined) {
        let rules = byKeyword.get(keyword);
        if (!rules) {
          rules = groupCalls([]);
          byKeyword.set(keyword, rules);
        }
        rules[kind].push(matcher);
        continue;
      }
      // One entry per matcher, whatever number of its globs match: the index reports each entry once.
      const entry: CallEntry = { kind, matcher };
      for (const glob of globList(matcher.spec.call)) index.add(glob, globToRegExp(glob), entry);
    }
  }
  for (const source of sources) {
    const entry: CallEntry = { kind: 'source', label: source.label };
    for (const call of source.calls) index.add(call, globToRegExp(call), entry);
  }
  return index;
}

/**
 * One rule's trigger words for a language: those of its sinks (a taint finding also needs a source) and
 * those of its patterns. Empty when the rule has no such matchers for the language.
 */
export function triggerWords(rule: Rule, language: RuleLanguage): { sinks: string[]; patterns: string[] } {
  const triggers = Array.isArray(rule.triggers) ? rule.triggers : (rule.triggers[language] ?? []);
  return {
    sinks: rule.sinks.some((spec) => applies(spec, language)) ? triggers : [],
    patterns: rule.patterns.some((spec) => applies(spec, language)) ? (rule.patternTriggers ?? triggers) : [],
  };
}

/**
 * A rule's second necessary condition for a language (`requires`): words one of which must be in a file
 * beside its trigger words. Undefined when the rule has none for the language.
 */
export function requiredWords(rule: Rule, language: RuleLanguage): string[] | undefined {
  if (!rule.requires) return undefined;
  return Array.isArray(rule.requires) ? rule.requires : rule.requires[language];
}

/** The trigger tests of a rule with `requires`: its words count only where one of those is in the file too. */
interface GatedTriggers {
  requires: TriggerTest;
  patterns: TriggerTest;
  sinks: TriggerTest;
  caller: TriggerTest;
}

function languageRules(rules: Rule[], sources: SourcesFile, language: RuleLanguage): LanguageRules {
  const pick = (kind: 'sinks' | 'sanitizers' | 'patterns') =>
    rules.flatMap((rule) =>
      rule[kind].filter((spec) => applies(spec, language)).map((spec) => compile(rule, spec)),
    );
  // A file is parsed only if a pattern could match, or if it holds both a source and a sink: taint
  // findings need both in the same file. A rule's words count only for languages it has matchers for.
  const sinkWords = new Set<string>();
  const patternWords = new Set<string>();
  // A rule that takes only scoped sources needs one of their words: its sink words pair with those
  // (scopedPairs below), not with every source's.
  const scopedLabels = new Set(
    sources.sources.filter((source) => source.scoped).map((source) => source.label),
  );
  // The route model's rules need a route and a word of authentication, both: their `triggers` name
  // routes, their `patternTriggers` what authenticates.
  const routeWords = new Set<string>();
  const authWords = new Set<string>();
  // Rules with `requires` are tested on their own: their words, then one of the required ones.
  const gatedWords: { requires: string[]; patterns: string[]; sinks: string[]; caller: string[] }[] = [];
  for (const rule of rules) {
    const words = triggerWords(rule, language);
    const scopedOnly = rule.sources?.every((label) => scopedLabels.has(label)) ?? false;
    const route = rule.patterns.some((spec) => spec.route && applies(spec, language));
    const requires = requiredWords(rule, language);
    if (requires && !route) {
      gatedWords.push({
        requires,
        patterns: words.patterns,
        sinks: scopedOnly ? [] : words.sinks,
        caller: callerTriggers(rule, language),
      });
      continue;
    }
    if (!scopedOnly) for (const word of words.sinks) sinkWords.add(word);
    if (route) {
      const own = Array.isArray(rule.triggers) ? rule.triggers : (rule.triggers[language] ?? []);
      for (const word of own) routeWords.add(word);
      for (const word of rule.patternTriggers ?? []) authWords.add(word);
    } else for (const word of words.patterns) patternWords.add(word);
  }
  let routeTests: { routes: TriggerTest; auth: TriggerTest } | undefined;
  const routeTrigger = (text: string) => {
    if (routeWords.size === 0) return false;
    routeTests ??= { routes: triggerTest(routeWords), auth: triggerTest(authWords) };
    return routeTests.routes.test(text) && routeTests.auth.test(text);
  };
  const sourceWords = sources.triggers[language] ?? [];
  // Caller-supplied parameters are a source in any file that defines a function.
  const callerWords = new Set<string>();
  for (const rule of rules) {
    if (requiredWords(rule, language) && !rule.patterns.some((spec) => spec.route && applies(spec, language)))
      continue;
    for (const word of callerTriggers(rule, language)) callerWords.add(word);
  }
  const functionTrigger = language === 'python' ? /\bdef\s/ : /\bfunction\b|=>|\)\s*\{/;
  // Scoped sources pair their own words with the sink words of the rules that take them.
  const scopedPairs = sources.sources
    .filter((source) => source.languages.includes(language) && source.scoped && source.triggers?.[language])
    .map((source) => {
      const sinkWordsOfTakers = new Set<string>();
      for (const rule of rules)
        if (rule.sources?.includes(source.label) || source.takenBy.includes(rule.id))
          for (const word of triggerWords(rule, language).sinks) sinkWordsOfTakers.add(word);
      return { source: source.triggers![language]!, sinks: [...sinkWordsOfTakers] };
    })
    .filter((pair) => pair.sinks.length > 0);
  let pairTests: { source: TriggerTest; sinks: TriggerTest }[] | undefined;
  const pairs = () =>
    (pairTests ??= scopedPairs.map((pair) => ({
      source: triggerTest(pair.source),
      sinks: triggerTest(pair.sinks),
    })));
  // Triggers are case-sensitive: code spells a call one way, and `template`, `verify` or `search` in every
  // other file would otherwise get it parsed; `m`, so a trigger may anchor at a line start (`assert`).
  // Built on the first file of the language: a scan of Python files never needs the JavaScript tests.
  let tests: Record<'sink' | 'pattern' | 'source' | 'caller', TriggerTest> | undefined;
  const triggers = () =>
    (tests ??= {
      sink: triggerTest(sinkWords),
      pattern: triggerTest(patternWords),
      source: triggerTest(sourceWords),
      caller: triggerTest(callerWords),
    });
  let gatedTests: GatedTriggers[] | undefined;
  const gated = () =>
    (gatedTests ??= gatedWords.map((words) => ({
      requires: triggerTest(words.requires),
      patterns: triggerTest(words.patterns),
      sinks: triggerTest(words.sinks),
      caller: triggerTest(words.caller),
    })));
  const sinks = pick('sinks');
  const patterns = pick('patterns');
  const languageRuleIds = [...new Set([...sinks, ...patterns].map((matcher) => matcher.rule.id))];
  const cleaners = sources.cleaners
    .filter((spec) => applies(spec, language))
    .map((spec) => compile(SOURCES_RULE, spec));
  const normalizers = sources.normalizers
    .filter((spec) => applies(spec, language))
    .map((spec) => compile(SOURCES_RULE, spec));
  const languageSources = sources.sources.filter((source) => source.languages.includes(language));
  const keywordCalls = new Map<string, CallRules>();
  const sourcePaths = new GlobIndex<string>();
  const scopedSourcePaths = new GlobIndex<string>();
  for (const source of languageSources)
    for (const path of source.paths)
      (source.scoped ? scopedSourcePaths : sourcePaths).add(path, globToRegExp(path), source.label);
  const sourceCleared = new Map<string, ReadonlySet<string>>();
  for (const source of languageSources) {
    const cleared = new Set<string>();
    for (const rule of rules) {
      const listed = (rule.sources?.includes(source.label) ?? false) || source.takenBy.includes(rule.id);
      if ((rule.sources && !listed) || (source.scoped && !listed) || source.notFor.includes(rule.id))
        cleared.add(rule.id);
    }
    if (cleared.size > 0) sourceCleared.set(source.label, cleared);
  }
  const exception = languageSources.find((source) => source.exceptions);
  const numeric = new Set(rules.filter((rule) => rule.numbers).map((rule) => rule.id));
  const json = new Set(rules.filter((rule) => rule.clearedByJson).map((rule) => rule.id));
  const jsonRawUnicode = new Set(rules.filter((rule) => rule.clearedByJson === true).map((rule) => rule.id));
  return {
    calls: callIndex(
      { patterns, sinks, sanitizers: pick('sanitizers'), cleaners, normalizers },
      languageSources,
      keywordCalls,
    ),
    keywordCalls,
    sourcePaths,
    localSources: new Set(languageSources.filter((source) => source.local).map((source) => source.label)),
    localTrusted: new Set(
      [...patterns, ...sinks]
        .filter((matcher) => matcher.rule.localSourcesTrusted)
        .map((matcher) => matcher.rule.id),
    ),
    assigns: assignIndex(
      sinks.filter((matcher) => matcher.assign),
      patterns.filter((matcher) => matcher.assign && !matcher.spec.property),
    ),
    sinks,
    patterns,
    stringPatterns: patterns.filter((matcher) => matcher.stringPattern),
    routeDecorators: globToRegExp(sources.routeDecorators),
    htmlRouteDecorators: globToRegExp(sources.htmlRouteDecorators),
    htmlResponseClasses: globToRegExp(sources.htmlResponseClasses),
    requestParameters: new Set(sources.requestParameters[language] ?? []),
    requestLibraries: new Set(sources.requestLibraries[language] ?? []),
    terminatingCalls: globToRegExp([...sources.calls.terminating, ...sources.calls.terminatingIn[language]]),
    buildingCalls: globToRegExp(sources.calls.building),
    constantCalls: globToRegExp(sources.calls.constant),
    mutatingMethods: new Set(sources.calls.mutatingMethods),
    callbackResultMethods: new Set(sources.calls.callbackResultMethods),
    passThroughCalls: globToRegExp(sources.calls.passThrough),
    urlParsers: globToRegExp(sources.calls.urlParsers),
    numberCalls: globToRegExp(sources.calls.numbers),
    regexCompilers: globToRegExp(sources.calls.regexCompilers),
    unescapingCalls: globToRegExp(sources.calls.unescaping),
    numericCleared: languageRuleIds.filter((id) => !numeric.has(id)),
    numericRules: languageRuleIds.filter((id) => numeric.has(id)),
    jsonCalls: globToRegExp(sources.calls.json),
    jsonCleared: languageRuleIds.filter((id) => json.has(id)).map(jsonClearedId),
    jsonRawUnicodeCalls: globToRegExp(sources.calls.jsonRawUnicode),
    jsonClearedRawUnicode: languageRuleIds.filter((id) => jsonRawUnicode.has(id)).map(jsonClearedId),
    sourceCleared,
    notSources: new Set(sources.notSources),
    scopedSourcePaths,
    excludedSources: new Map(
      rules.flatMap((rule) => {
        const excluded = (localTrusted: boolean) =>
          new Set(
            languageSources
              .filter(
                (source) =>
                  (source.scoped &&
                    !rule.sources?.includes(source.label) &&
                    !source.takenBy.includes(rule.id)) ||
                  source.notFor.includes(rule.id) ||
                  (source.local && localTrusted),
              )
              .map((source) => source.label),
          );
        const entry: [string, Set<string>] = [rule.id, excluded(rule.localSourcesTrusted === true)];
        return rule.sinks.some((sink) => sink.localSourcesTrusted)
          ? [entry, [localTrustedKey(rule.id), excluded(true)] as [string, Set<string>]]
          : [entry];
      }),
    ),
    textOnlyRules: rules.filter((rule) => rule.textOnly).map((rule) => rule.id),
    receiverNames: new Set(
      [...patterns, ...sinks, ...pick('sanitizers')]
        .flatMap((matcher) => globList(matcher.spec.call))
        .map((glob) => /^([A-Za-z_$][\w$]*)\./.exec(glob)?.[1])
        .filter((name): name is string => name !== undefined),
    ),
    scopedLastNames: new Set(
      languageSources
        .filter((source) => source.scoped)
        .flatMap((source) => source.paths.map((path) => path.slice(path.lastIndexOf('.') + 1))),
    ),
    scopedRules: new Map(
      languageSources
        .filter((source) => source.scoped)
        .map((source) => [
          source.label,
          rules
            .filter((rule) => rule.sources?.includes(source.label) || source.takenBy.includes(rule.id))
            .map((rule) => rule.id),
        ]),
    ),
    exceptionSource: exception
      ? {
          label: exception.label,
          not: exception.exceptions?.not.length ? globToRegExp(exception.exceptions.not) : undefined,
        }
      : undefined,
    errorHandlerDecorators: globToRegExp(sources.errorHandlerDecorators),
    propertyPatterns: patterns.filter((matcher) => matcher.spec.property),
    comparePatterns: patterns.filter((matcher) => matcher.spec.compare),
    secretComparePatterns: patterns.filter((matcher) => matcher.spec.secretCompare),
    repeatSinks: sinks.filter((matcher) => matcher.spec.repeat),
    loopSinks: sinks.filter((matcher) => matcher.spec.loopBound),
    responseSinks: sinks.filter((matcher) => matcher.spec.responseReturn),
    returnedHeaderSinks: sinks.filter((matcher) => matcher.spec.returnedHeaders),
    responsePatterns: patterns.filter((matcher) => matcher.spec.responseReturn),
    routeMatchers: patterns.filter((matcher) => matcher.spec.route),
    auth: compileAuth(sources.auth, language),
    passwordRules: new Set(
      [...sinks, ...patterns].filter((matcher) => matcher.spec.password).map((matcher) => matcher.rule.id),
    ),
    supersedes: new Map(rules.filter((rule) => rule.supersedes).map((rule) => [rule.id, rule.supersedes!])),
    // The clauses are tests without side effects, so their order changes no answer: a sink's word and a
    // source's first (a web handler's file passes on them, and stops there), the pattern words' scan, the
    // dearest, after (w232, w243).
    mayMatch: (text: string) =>
      (triggers().sink.test(text) &&
        (triggers().source.test(text) || (triggers().caller.test(text) && functionTrigger.test(text)))) ||
      triggers().pattern.test(text) ||
      pairs().some((pair) => pair.source.test(text) && pair.sinks.test(text)) ||
      routeTrigger(text) ||
      gated().some(
        (rule) =>
          (rule.patterns.test(text) ||
            (rule.sinks.test(text) &&
              (triggers().source.test(text) || (rule.caller.test(text) && functionTrigger.test(text))))) &&
          rule.requires.test(text),
      ),
    routeTrigger,
  };
}

/** The words that make a file worth parsing for a rule's caller-supplied parameters (none without `callerSupplied`). */
/** Where `excludedSources` keeps a rule's sources at its sinks that trust local sources themselves. */
const localTrustedKey = (ruleId: string) => `${ruleId}#local-trusted`;

/**
 * The source labels that never count at this matcher: its rule's (`excludedSources`), and the local sources
 * where the sink itself trusts them (`localSourcesTrusted` on a sink, w222: the program an argument list names).
 */
export function excludedSourcesAt(
  rules: Pick<LanguageRules, 'excludedSources'>,
  matcher: CompiledMatcher,
): ReadonlySet<string> | undefined {
  return rules.excludedSources.get(
    matcher.spec.localSourcesTrusted ? localTrustedKey(matcher.rule.id) : matcher.rule.id,
  );
}

function callerTriggers(rule: Rule, language: RuleLanguage): string[] {
  if (!rule.callerSupplied || !rule.sinks.some((spec) => applies(spec, language))) return [];
  return rule.callerSupplied.triggers?.[language] ?? triggerWords(rule, language).sinks;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new EnvironmentError(`cannot read the security rule file ${path}`, {
      hint: 'reinstall vouch; rules/security/ ships with the package',
      cause: error,
    });
  }
}

function validated<T>(
  { path, text }: { path: string; text?: string },
  parse: (value: unknown) => { success: true; data: T } | { success: false; error: { message: string } },
): T {
  let value: unknown;
  try {
    value = JSON.parse(text ?? readText(path));
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(`cannot read the security rule file ${path}`, {
      hint: 'reinstall vouch; rules/security/ ships with the package',
      cause: error,
    });
  }
  const result = parse(value);
  if (!result.success) {
    throw new EnvironmentError(`the security rule file ${path} is malformed: ${result.error.message}`, {
      hint: 'fix the file against src/security/rule-schema.ts',
    });
  }
  return result.data;
}

export interface LoadRuleSetOptions {
  /**
   * the build's artefact of validated rules to use when it matches the files (`rule-artefact.ts`), or
   * false to validate the files; default: the shipped artefact for the shipped rules, none for any other
   * folder (a folder other than vouch's own is validated every time)
   */
  artefact?: string | false;
}

const shippedRules = () => join(packageRoot(), 'rules', 'security');

/**
 * Loads and compiles every rule under `directory` (default: the rules/security/ shipped with vouch). The
 * shipped rules are read as validated from the build's artefact when it was built from these very files;
 * otherwise (run from src/, files edited since the build, another folder) the files are validated.
 */
export function loadRuleSet(directory = shippedRules(), options: LoadRuleSetOptions = {}): RuleSet {
  const path = options.artefact ?? (directory === shippedRules() ? shippedArtefactPath() : false);
  const stored = path === false ? undefined : readArtefactFile(path);
  // the files are read only when their stamps do not vouch for the artefact (rule-artefact.ts)
  const unchanged = stored !== undefined && unchangedSince(directory, stored);
  const files = unchanged
    ? ruleFileNames(directory).map((name) => ({ name, path: join(directory, name) }) as RuleFile)
    : readRuleFiles(directory);
  const ruleFiles = files.filter((file) => !file.name.startsWith('_'));
  const entry = unchanged || stored?.key === ruleFilesKey(files as Required<RuleFile>[]) ? stored : undefined;
  const built = entry?.rules.length === ruleFiles.length ? entry : undefined;
  if (built) rememberAnchors(built.anchors);
  const sourcesFile = files.find((file) => file.name === '_sources.json');
  const sources = built
    ? (built.sources as SourcesFile)
    : validated(sourcesFile ?? { path: join(directory, '_sources.json') }, (value) =>
        ruleSchemas().sourcesFileSchema.safeParse(value),
      );
  const rules: Rule[] = [];
  const byId = new Map<string, Rule>();
  for (const [index, file] of ruleFiles.entries()) {
    const rule = built
      ? (built.rules[index] as Rule)
      : validated(file, (value) => ruleSchemas().ruleSchema.safeParse(value));
    if (byId.has(rule.id))
      throw new EnvironmentError(`duplicate security rule id ${rule.id} in ${file.name}`);
    rules.push(rule);
    byId.set(rule.id, rule);
  }
  // Each language's tables are built when first asked for (a file of that language analysed): a scan of
  // Python files never builds JavaScript's (issue 59)
  let python: LanguageRules | undefined;
  let javascript: LanguageRules | undefined;
  return {
    rules,
    byId,
    get python() {
      python ??= languageRules(rules, sources, 'python');
      return python;
    },
    get javascript() {
      javascript ??= languageRules(rules, sources, 'javascript');
      return javascript;
    },
  };
}

/** A rule file of a folder; `text` when it was read (not when the artefact's stamps vouched for it). */
interface RuleFile {
  name: string;
  path: string;
  text?: string;
}

function readRuleFiles(directory: string): Required<RuleFile>[] {
  return ruleFileNames(directory).map((name) => ({
    name,
    path: join(directory, name),
    text: readText(join(directory, name)),
  }));
}

/**
 * The artefact of the rules under `directory` (`npm run build` writes the shipped rules' one): the files
 * validated, and the anchors of every trigger word, computed afresh (not from this thread's memo).
 */
export function buildRuleArtefact(directory = shippedRules()): RuleArtefact {
  // stamped before anything is read: a file edited from here on no longer matches its stamp
  const { stamps, stampedAt } = stampRuleFiles(directory);
  const files = readRuleFiles(directory);
  const set = loadRuleSet(directory, { artefact: false });
  const sources = validated({ path: join(directory, '_sources.json') }, (value) =>
    ruleSchemas().sourcesFileSchema.safeParse(value),
  );
  // every trigger test built now, so every word the rules use has been through requiredLiterals
  set.python.mayMatch('');
  set.javascript.mayMatch('');
  const anchors = knownAnchors().map(([word]): [string, string[] | null] => [word, anchorsOf(word) ?? null]);
  return {
    key: ruleFilesKey(files),
    version: ARTEFACT_VERSION,
    stamps,
    stampedAt,
    sources,
    rules: set.rules,
    anchors,
  };
}

const NEVER = /(?!)/;

/**
 * What the engine knows of the language with no rule, source, sanitiser, route or guard of vouch's own:
 * for a team's Semgrep taint rules, which bring their own sources, sinks and sanitisers. Data flows
 * through assignments, calls and text as Semgrep's taint mode lets it; what Semgrep does not assume
 * (calls that end a function, methods that fill their receiver, route parameters, a caught exception as
 * a source) is left out, so that a rule means here what it means to Semgrep.
 */
export function taintKnowledge(
  language: RuleLanguage,
  directory = join(packageRoot(), 'rules', 'security'),
): LanguageRules {
  const sources = validated({ path: join(directory, '_sources.json') }, (value) =>
    ruleSchemas().sourcesFileSchema.safeParse(value),
  );
  const bare = languageRules([], { ...sources, sources: [], cleaners: [], normalizers: [] }, language);
  return {
    ...bare,
    routeDecorators: NEVER,
    htmlRouteDecorators: NEVER,
    htmlResponseClasses: NEVER,
    errorHandlerDecorators: NEVER,
    requestParameters: new Set(),
    requestLibraries: new Set(),
    terminatingCalls: NEVER,
    mutatingMethods: new Set(),
    exceptionSource: undefined,
    notSources: new Set(),
    mayMatch: () => true,
    routeTrigger: () => false,
  };
}

let shared: RuleSet | undefined;

/** The shipped rule set, loaded once per process. */
export function defaultRuleSet(): RuleSet {
  shared ??= loadRuleSet();
  return shared;
}
