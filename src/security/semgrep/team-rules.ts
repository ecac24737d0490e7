import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finding, SEVERITY_ORDER } from '../../core/check.js';
import { LANGUAGES, type LanguageId } from '../../core/languages.js';
import { cweFamily, mergeFindings } from '../external.js';
import { engineFingerprint, type ScanCache } from '../scan-cache.js';
import type { SemgrepConfig } from './discover.js';
import type { RuleNotRun } from './rule-file.js';
import { runSemgrep, semgrepVersion } from './semgrep-cli.js';
import { type SemgrepRuleSet, semgrepFindings } from './semgrep-rules.js';

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
}

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
export function finishTeamRules(
  plan: TeamRulesPlan,
  team: { rules: SemgrepRuleSet },
  fresh: { ran: boolean; reason?: string; findings: Finding[] },
  options: { cache?: ScanCache; hashes: ReadonlyMap<Input, string> },
): TeamRulesRun {
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
  },
): Promise<TeamRulesRun> {
  const plan = await planTeamRules(inputs, team, options);
  const fresh = plan.version
    ? await bySemgrep(plan.pending, team, options.signal)
    : await byMatcher(plan.pending, team.rules, options.signal);
  return finishTeamRules(plan, team, fresh, options);
}

async function byMatcher(
  inputs: readonly Input[],
  rules: SemgrepRuleSet,
  signal: AbortSignal | undefined,
): Promise<{ ran: boolean; reason?: string; findings: Finding[] }> {
  const findings: Finding[] = [];
  let yielded = performance.now();
  for (const input of inputs) {
    // matching is synchronous work: give the event loop a turn now and then, so Ctrl-C is heard
    if (performance.now() - yielded > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
    }
    signal?.throwIfAborted();
    findings.push(...(await semgrepFindings(rules.rules, input.source, input.language!, input.path)));
  }
  return { ran: true, findings };
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
    return await runSemgrep(
      team.config.configPaths,
      paths,
      ids,
      (file) => reported.get(file) ?? file,
      signal,
    );
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
