import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finding, SEVERITY_ORDER } from '../../core/check.js';
import { LANGUAGES, type LanguageId } from '../../core/languages.js';
import { cweFamily, mergeFindings } from '../external.js';
import type { ScanInput } from '../scan.js';
import { engineFingerprint, type ScanCache } from '../scan-cache.js';
import { ScanBudgetError, scanInParallel } from '../scan-pool.js';
import type { SemgrepConfig } from './discover.js';
import type { RuleNotRun } from './rule-file.js';
import { runSemgrep, semgrepVersion } from './semgrep-cli.js';
import type { SemgrepRuleSet } from './semgrep-rules.js';

/** A file as the scan has it (see security/scan.ts `ScanInput`). */
interface Input {
  path: string;
  source: string;
  language?: LanguageId;
  absolutePath?: string;
}

export interface TeamRulesRun {
  /** `semgrep` (Semgrep itself ran them) or `semgrep rules (vouch)` (vouch's matcher did) */
  tool: string;
  ran: boolean;
  reason?: string;
  findings: Finding[];
  cached?: number;
  notRun?: RuleNotRun[];
  /** the rules ran past their time budget and were stopped: the files were not checked by them */
  overBudget?: boolean;
}

/**
 * How long vouch's matcher may take on the project's rules in one scan. A team rule's `pattern-regex`
 * can backtrack exponentially (`(a+)+$`); the rules run on a worker thread, which is ended at this
 * deadline, so a request never holds the server's thread. Generous: a cold worker loads the grammars
 * first, seconds on a loaded machine.
 */
export const TEAM_RULES_BUDGET_MS = 30_000;

const LANGUAGES_RUN: ReadonlySet<LanguageId> = new Set(['python', 'javascript', 'typescript', 'tsx']);
export const NATIVE_TOOL = 'semgrep rules (vouch)';

/**
 * The project's Semgrep rules on `inputs`: by Semgrep in its own process when `useSemgrep` and it is on
 * PATH (cached by content, Semgrep's version and the rules), else by vouch's matcher here (cached by
 * content, the rules and vouch's engine). With a cache, only files not answered from it are scanned.
 */
/** Which files the project's rules still have to run on, and which findings the cache already holds. */
export interface TeamRulesPlan {
  /** `semgrep X.Y.Z` when Semgrep runs them, undefined when vouch's matcher does */
  version?: string;
  cacheKey: string;
  remembered: Finding[];
  pending: Input[];
  scanned: number;
}

export async function planTeamRules(
  inputs: readonly Input[],
  team: { rules: SemgrepRuleSet },
  options: { useSemgrep: boolean; cache?: ScanCache; hashes: ReadonlyMap<Input, string> },
): Promise<TeamRulesPlan> {
  const scanned = inputs.filter((input) => input.language && LANGUAGES_RUN.has(input.language));
  const version = options.useSemgrep ? await semgrepVersion() : undefined;
  const cacheKey = version
    ? `semgrep ${version} ${team.rules.fingerprint}`
    : `${NATIVE_TOOL} ${engineFingerprint().slice(0, 16)} ${team.rules.fingerprint}`;
  const remembered: Finding[] = [];
  const pending = scanned.filter((input) => {
    const hash = options.hashes.get(input);
    const known = hash && options.cache ? options.cache.getExternal(cacheKey, input.path, hash) : undefined;
    if (known) remembered.push(...known);
    return !known;
  });
  return { ...(version ? { version } : {}), cacheKey, remembered, pending, scanned: scanned.length };
}

/** The run's report from the plan and what the pending files gave (cached for next time). */
export function finishTeamRules({
  plan,
  team,
  fresh,
  options,
}: {
  plan: TeamRulesPlan;
  team: { rules: SemgrepRuleSet };
  fresh: { ran: boolean; reason?: string; findings: Finding[]; overBudget?: boolean };
  options: { cache?: ScanCache; hashes: ReadonlyMap<Input, string> };
}): TeamRulesRun {
  const { pending, version } = plan;
  if (fresh.ran && options.cache) {
    const byPath = new Map<string, Finding[]>(pending.map((input) => [input.path, []]));
    for (const finding of fresh.findings) byPath.get(finding.file)?.push(finding);
    const entries = pending.flatMap((input) => {
      const hash = options.hashes.get(input);
      return hash ? [{ path: input.path, hash, findings: byPath.get(input.path)! }] : [];
    });
    if (entries.length > 0) options.cache.putExternal(plan.cacheKey, entries);
  }
  // Semgrep evaluates every rule it reads; the matcher reports those it cannot.
  const notRun = version ? [] : [...team.rules.notRun];
  const notRunReason =
    notRun.length > 0
      ? `${new Set(notRun.map((entry) => entry.id)).size} rule(s) not run: ${notRun
          .slice(0, 3)
          .map((entry) => `${entry.id} ${entry.reason}`)
          .join('; ')}${notRun.length > 3 ? '; …' : ''}`
      : undefined;
  const reason = [fresh.reason, notRunReason].filter(Boolean).join('; ') || undefined;
  const cached = plan.scanned - pending.length;
  return {
    tool: version ? `semgrep ${version}` : NATIVE_TOOL,
    ran: fresh.ran || (pending.length === 0 && plan.scanned > 0),
    ...(reason ? { reason } : {}),
    findings: [...plan.remembered, ...fresh.findings],
    ...(cached > 0 ? { cached } : {}),
    ...(notRun.length > 0 ? { notRun } : {}),
    ...(fresh.overBudget ? { overBudget: true } : {}),
  };
}

/**
 * The project's Semgrep rules on `inputs`: by Semgrep in its own process when `useSemgrep` and it is on
 * PATH (cached by content, Semgrep's version and the rules), else by vouch's matcher here (cached by
 * content, the rules and vouch's engine). With a cache, only files not answered from it are scanned.
 * A large scan runs the matcher on its worker threads instead (scan.ts, with planTeamRules).
 */
export async function runTeamRules(
  inputs: readonly Input[],
  team: { config: SemgrepConfig; rules: SemgrepRuleSet },
  options: {
    useSemgrep: boolean;
    cache?: ScanCache;
    hashes: ReadonlyMap<Input, string>;
    signal?: AbortSignal;
    /** vouch's matcher's deadline (default TEAM_RULES_BUDGET_MS) */
    budgetMs?: number;
  },
): Promise<TeamRulesRun> {
  const plan = await planTeamRules(inputs, team, options);
  const fresh = plan.version
    ? await bySemgrep(plan.pending, team, options.signal)
    : await byMatcher(plan.pending, team.rules, {
        budgetMs: options.budgetMs ?? TEAM_RULES_BUDGET_MS,
        ...(options.signal ? { signal: options.signal } : {}),
      });
  return finishTeamRules({ plan, team, fresh, options });
}

/** The rules by vouch's matcher on a worker thread of the scan pool, ended at the deadline. */
async function byMatcher(
  inputs: readonly Input[],
  rules: SemgrepRuleSet,
  options: { budgetMs: number; signal?: AbortSignal },
): Promise<{ ran: boolean; reason?: string; findings: Finding[]; overBudget?: boolean }> {
  if (inputs.length === 0) return { ran: true, findings: [] };
  const scanned = inputs as ScanInput[];
  try {
    const result = await scanInParallel(scanned, 1, {
      // only the team's rules: the engine's findings are the caller's
      engineCached: new Set(scanned),
      team: { fingerprint: rules.fingerprint, texts: [...rules.texts], inputs: new Set(scanned) },
      deadlineMs: options.budgetMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { ran: true, findings: result.teamFindings };
  } catch (error) {
    if (!(error instanceof ScanBudgetError)) throw error;
    return {
      ran: false,
      overBudget: true,
      reason: `the project's rules ran past their time budget (${Math.round(options.budgetMs / 1000)} s) and were stopped: a rule's pattern-regex may backtrack without end; the code was not checked by them`,
      findings: [],
    };
  }
}

async function bySemgrep(
  inputs: readonly Input[],
  team: { config: SemgrepConfig; rules: SemgrepRuleSet },
  signal: AbortSignal | undefined,
): Promise<{ ran: boolean; reason?: string; findings: Finding[] }> {
  if (inputs.length === 0) return { ran: true, findings: [] };
  let scratch: string | undefined;
  const reported = new Map<string, string>();
  try {
    const paths = inputs.map((input, index) => {
      if (input.absolutePath) {
        reported.set(input.absolutePath, input.path);
        return input.absolutePath;
      }
      // Code not on disk goes to a private temporary folder, never into the user's tree.
      scratch ??= mkdtempSync(join(tmpdir(), 'vouch-semgrep-'));
      const file = join(scratch, `snippet-${index}${LANGUAGES[input.language!].extensions[0]}`);
      writeFileSync(file, input.source);
      reported.set(file, input.path);
      return file;
    });
    const ids = new Set(team.rules.rules.map((rule) => rule.id));
    for (const entry of team.rules.notRun) ids.add(entry.id);
    return await runSemgrep({
      configPaths: team.config.configPaths,
      files: paths,
      ruleIds: ids,
      relative: (file) => reported.get(file) ?? file,
      signal,
    });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The project's findings merged with those already reported (by file, line and CWE family, as every
 * external scanner's are): a team finding that repeats one of vouch's is not listed twice, but the
 * finding kept names the team's rule and takes its severity when higher, so the rule the team wrote
 * is still seen to fire and still blocks where it would alone.
 */
export function mergeTeamFindings(
  reported: readonly Finding[],
  team: readonly Finding[],
): { findings: Finding[]; duplicates: number } {
  const { findings, duplicates } = mergeFindings([...reported], [...team]);
  if (duplicates === 0) return { findings, duplicates };
  const kept = new Set(findings);
  const byPlace = new Map<string, Finding>();
  for (const finding of findings)
    if (!team.includes(finding))
      byPlace.set(`${finding.file}:${finding.line}:${cweFamily(finding.cwe)}`, finding);
  const renamed = new Map<Finding, Finding>();
  for (const finding of team) {
    if (kept.has(finding)) continue;
    const place = `${finding.file}:${finding.line}:${cweFamily(finding.cwe)}`;
    const other = byPlace.get(place);
    if (!other) continue;
    const current = renamed.get(other) ?? other;
    // The team's severity counts: an ERROR rule blocks the gate even where vouch's own finding is lower.
    const severity =
      SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[current.severity]
        ? finding.severity
        : current.severity;
    renamed.set(other, {
      ...current,
      severity,
      message: `${current.message} (also the project's Semgrep rule ${finding.ruleId})`,
    });
  }
  return { findings: findings.map((finding) => renamed.get(finding) ?? finding), duplicates };
}
