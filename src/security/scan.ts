import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import { parserFor } from '../syntax/parser.js';
import { bidiControlFindings } from './bidi-controls.js';
import { analyzeSource, ruleLanguage, UNPARSED_RULE, UNSETTLED_RULE } from './engine/analyze.js';
import { AnalysisStopped, AnalysisTooDeep } from './engine/deadline.js';
import { projectSettings } from './engine/project-settings.js';
import {
  banditLimitation,
  banditVersion,
  detectOthers,
  type ExternalRun,
  keepConfirmed,
  mergeFindings,
  runBandit,
  which,
} from './external.js';
import { crLineEnded, editorPlacer, lineEndedText } from './line-ended-text.js';
import { defaultRuleSet, type RuleSet } from './rules.js';
import { contentHash, type ScanCache } from './scan-cache.js';
import {
  PARALLEL_FROM,
  poolPaysFor,
  poolSize,
  prepareScanPool,
  ScanBudgetError,
  scanInParallel,
} from './scan-pool.js';
import { makeScratchFolder, removeScratchFolderLater } from './scan-scratch.js';
import { secretFindings } from './secrets.js';
import { projectSemgrepRules } from './semgrep/discover.js';
import type { RuleNotRun } from './semgrep/rule-file.js';
import {
  finishTeamRules,
  mergeTeamFindings,
  planTeamRules,
  runTeamRules,
  type TeamRulesRun,
} from './semgrep/team-rules.js';
import { applySuppressions, type CommentSpan, commentSpans } from './suppress.js';

/** One piece of code to scan. `absolutePath` lets external scanners read the file in place. */
export interface ScanInput {
  /** the path reported in findings (relative to the workspace, or `<stdin>`, `<generated>`) */
  path: string;
  source: string;
  language?: LanguageId;
  absolutePath?: string;
  /** lines of the scan's Python files that change a framework's defaults (engine/project-settings.ts) */
  project?: string;
}

export interface ScanOptions {
  ruleSet?: RuleSet;
  /**
   * which project a file belongs to, for the settings one file of a project makes for the others
   * (engine/project-settings.ts); unset: the scan is one project. A benchmark of unrelated programs gives
   * each its own (`(path) => path`).
   */
  projectOf?: (path: string) => string;
  /**
   * settings lines of the workspace's files the scan was not given (workspace-settings.ts: the gate on one
   * buffer, `vouch scan` of one file), added to every project's: they give exemptions up, never take them
   */
  outsideSettings?: string;
  /** run installed external scanners (Bandit, …); default true */
  external?: boolean;
  workspaceRoot?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** remembered findings of unchanged files (vouch's engine only; suppressions and external scanners always run) */
  cache?: ScanCache;
  /**
   * worker threads for large scans: `true` always, `false` never, unset when cores are idle (a custom
   * ruleSet always runs in-process)
   */
  parallel?: boolean;
  /**
   * the project's Semgrep rules (`.semgrep.yml`, `.semgrep/`, or these paths from vouch.toml's
   * `[security] semgrep`), found from `workspaceRoot`; `false` runs none
   */
  semgrep?: false | readonly string[];
  /** how long vouch's matcher may run the project's rules (default: team-rules.ts TEAM_RULES_BUDGET_MS) */
  teamBudgetMs?: number;
  /**
   * vouch's engine (rules, taint, secrets) runs on a scan-pool worker, ended after this many ms: the
   * team server's thread serves everyone, and a request's code is untrusted (issue 55). A run stopped
   * there is reported as the engine not run (`overBudget`), never as clean code. Unset (and no
   * `fileBudgetMs`): the engine runs in-process for small scans (the gate: a worker's cold start costs
   * more than a single file's scan)
   */
  engineBudgetMs?: number;
  /**
   * each file may take vouch's engine this long (issue 59): the engine then runs on scan-pool workers, and
   * a worker still on a file past it is ended, the file reported as not checked (`ToolRun.stopped`,
   * `overBudget`), never as clean code. Unset: no limit per file
   */
  fileBudgetMs?: number;
}

/** A budget in ms as the user sets it (`--file-budget` takes seconds). */
function seconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

/**
 * What a file needs before its clock starts (the language's rule tables, its grammar), so that a budget
 * per file is not charged a cold start: loaded once per process, then at once.
 */
async function readyFor(input: ScanInput, ruleSet: RuleSet): Promise<void> {
  const family = input.language ? ruleLanguage(input.language) : undefined;
  if (!family || !input.language) return;
  void ruleSet[family];
  await parserFor(input.language).catch(() => undefined);
}

/** Whether the pool pays for these files (scan-pool.ts `poolPaysFor`), or the caller asks for it with enough of them. */
function poolPays(files: number, characters: number, parallel: boolean | undefined): boolean {
  if (parallel === true) return files >= PARALLEL_FROM;
  return poolPaysFor(files, characters);
}

/**
 * Starts the pool's workers for a scan of `inputs` about to run (`scanSources` with neither `parallel` nor a
 * custom rule set, as `vouch scan` runs it) when the pool would pay for them and the cores are idle
 * (scan-pool.ts `prepareScanPool`): they load their engine while the caller prepares the scan, and the
 * scan's decision is the one taken here. Files whose findings the scan then takes from its cache may leave
 * fewer to scan than the pool pays for: the worker started then waits unused (≈ 0.1 s of an idle core)
 * and ends with the process.
 */
export function prepareScanSources(inputs: readonly ScanInput[]): void {
  const characters = sourceCharacters(inputs);
  if (poolPaysFor(inputs.length, characters)) prepareScanPool(inputs.length, characters);
}

/** The characters of source of `inputs` in all (the pool's decision weighs a partly free core by it). */
function sourceCharacters(inputs: readonly ScanInput[]): number {
  let characters = 0;
  for (const input of inputs) characters += input.source.length;
  return characters;
}

export interface ToolRun {
  tool: string;
  ran: boolean;
  reason?: string;
  findings: number;
  /** files whose findings came from the cache */
  cached?: number;
  /** it ran, but some of its tests cannot work here (Bandit < 1.6.3 on Python >= 3.8) */
  limitation?: string;
  /** findings left out: no vouch rule confirmed them and the tool's test is imprecise */
  unconfirmed?: number;
  /** rules of the project's Semgrep configuration that vouch's matcher does not evaluate, and why */
  notRun?: RuleNotRun[];
  /** it ran past its time budget and was stopped: what it checks was not checked (never a pass) */
  overBudget?: boolean;
  /** files whose analysis it stopped (at the file budget, or nested too deep: AnalysisTooDeep), and why: not checked by it (never a pass) */
  stopped?: { file: string; reason: string }[];
  /**
   * files it could not parse (whole: vouch's engine reports what it found in the parts it read), or whose
   * analysis did not settle, and why: not checked (whole) by it, never a pass
   */
  unparsed?: { file: string; reason: string }[];
  /**
   * no file among those given is of a language its rules read (an empty folder, only Ruby or Markdown, every
   * source file ignored): it checked nothing, so the scan is not verified, never a pass (r33, w141)
   */
  nothingChecked?: boolean;
}

export interface ScanReport {
  findings: Finding[];
  files: number;
  /** files whose vouch findings came from the cache (unchanged since they were last scanned) */
  cached: number;
  /** which engines ran: always `vouch`, plus external scanners when installed */
  tools: ToolRun[];
  /** external findings dropped because vouch reported the same thing */
  duplicates: number;
  /**
   * external findings left out because their test is imprecise and no vouch rule reported the same line
   * and family (see `keepConfirmed`)
   */
  unconfirmed: number;
  durationMs: number;
}

/**
 * The text of a line of one of the scanned files (for Bandit findings the line itself refutes), from the
 * files' line-ended texts: lines as the language counts them.
 */
function lineText(
  lineEnded: ReadonlyMap<string, string>,
): (file: string, line: number) => string | undefined {
  const lines = new Map<string, string[]>();
  return (file, line) => {
    const text = lineEnded.get(file);
    if (text === undefined) return undefined;
    let split = lines.get(file);
    if (!split) {
      split = text.split('\n');
      lines.set(file, split);
    }
    return split[line - 1];
  };
}

/**
 * Each Python input with the settings lines of its project's files (`projectOf`: one project by default)
 * and those of the workspace's files outside the scan (`outside`).
 */
function withProjectSettings(
  given: readonly ScanInput[],
  { projectOf = () => '', outside = '' }: { projectOf?: (path: string) => string; outside?: string },
): ScanInput[] {
  const projects = new Map<string, ScanInput[]>();
  for (const input of given) {
    const key = projectOf(input.path);
    const members = projects.get(key);
    if (members) members.push(input);
    else projects.set(key, [input]);
  }
  const settings = new Map<string, string>();
  for (const [key, members] of projects)
    settings.set(key, [projectSettings(members), outside].filter(Boolean).join('\n'));
  return given.map((input) => {
    const project = input.language === 'python' ? settings.get(projectOf(input.path)) : undefined;
    return project ? { ...input, project } : input;
  });
}

/**
 * vouch's own engine on one file: rules with taint tracking plus secrets, duplicates on a line merged. With
 * `deadline` (a `performance.now()` reading), its analysis stops past it and AnalysisStopped is thrown
 * (engine/deadline.ts): the file was not checked. With `signal` aborted, it stops the same way. `lineEnded`
 * is the file's `lineEndedText`, when the caller has it already (a scan computes it once a file).
 */
export async function scanSource(
  input: ScanInput,
  ruleSet: RuleSet = defaultRuleSet(),
  {
    deadline,
    signal,
    lineEnded: given,
  }: { deadline?: number; signal?: AbortSignal; lineEnded?: string } = {},
): Promise<Finding[]> {
  const own =
    input.language && ruleLanguage(input.language)
      ? await analyzeSource({
          source: input.source,
          language: input.language,
          file: input.path,
          ruleSet,
          ...(input.project ? { project: input.project } : {}),
          ...(deadline !== undefined ? { deadline } : {}),
          ...(signal ? { signal } : {}),
        })
      : [];
  // lines as the language ends them, as the engine counts them (line-ended-text.ts, w104)
  const lineEnded = given ?? (await lineEndedText(input.source, input.language));
  const secrets = secretFindings(input.source, input.path, { lineEnded });
  // Trojan Source: code that displays in another order than it runs (bidi-controls.ts)
  const bidi = bidiControlFindings(lineEnded, input.path);
  // A secret format match says more than the generic hard-coded-credential rule on the same line.
  const secretLines = new Set(secrets.map((finding) => finding.line));
  const findings = [
    ...own.filter(
      (finding) => !(finding.ruleId === 'hardcoded-credentials' && secretLines.has(finding.line)),
    ),
    ...secrets,
    ...bidi,
  ];
  return findings;
}

/**
 * The findings on the lines an editor shows (w124): every check above counted a file's lines as its language ends
 * them (`lineEndedText`: suppressions, Bandit's lines, duplicates on a line), and only the report moves them, for a
 * JavaScript or TypeScript file holding U+2028/U+2029 outside a string (`editorPlacer`).
 */
function onEditorLines(
  findings: Finding[],
  inputs: readonly ScanInput[],
  lineEnded: ReadonlyMap<string, string>,
): Finding[] {
  const placers = new Map<string, (finding: Finding) => Finding>();
  for (const input of inputs) {
    const placer = editorPlacer(input.source, lineEnded.get(input.path) ?? input.source);
    if (placer) placers.set(input.path, placer);
  }
  if (placers.size === 0) return findings;
  return findings.map((finding) => placers.get(finding.file)?.(finding) ?? finding);
}

/** What the report says of a file whose analysis stopped: past its budget, or nested too deep (w80). */
function stoppedReason(error: AnalysisStopped, budgetMs: number | undefined): string {
  if (error instanceof AnalysisTooDeep || budgetMs === undefined) return `not verified: ${reasonOf(error)}`;
  return `not verified: analysis stopped after ${seconds(budgetMs)}`;
}

function reasonOf(error: AnalysisStopped): string {
  return error instanceof AnalysisTooDeep ? error.reason : error.message;
}

/**
 * The engine's run with files it did not check: `overBudget` when any ran past the file budget (raising it
 * helps), the tool's reason naming both kinds, each file in `stopped` with its own reason.
 */
function stoppedFiles(
  filesStopped: StoppedFile[],
  budgetMs: number | undefined,
): Pick<ToolRun, 'overBudget' | 'reason' | 'stopped'> {
  const deep = filesStopped.filter((stopped) => stopped.tooDeep);
  const timed = filesStopped.filter((stopped) => !stopped.tooDeep);
  const some = (files: { file: string }[]) =>
    `${files
      .slice(0, 3)
      .map((stopped) => stopped.file)
      .join(', ')}${files.length > 3 ? ', …' : ''}`;
  const reasons = [
    ...(timed.length > 0 && budgetMs !== undefined
      ? [
          `${timed.length} file(s) not verified: analysis stopped after ${seconds(budgetMs)} (${some(timed)}); raise [security] file_budget in vouch.toml (vouch scan: --file-budget) to check them; in the editor, saving runs the whole gate, with a longer budget than typing`,
        ]
      : []),
    ...(deep.length > 0
      ? [
          `${deep.length} file(s) not verified: too deeply nested to analyse (${some(deep)}); split the deepest expression to check them`,
        ]
      : []),
  ];
  return {
    ...(timed.length > 0 ? { overBudget: true } : {}),
    reason: reasons.join('; '),
    stopped: filesStopped.map(({ file, reason }) => ({ file, reason })),
  };
}

function tooDeepFiles(files: { input: ScanInput; reason: string }[]): StoppedFile[] {
  return files.map(({ input, reason }) => ({
    file: input.path,
    reason: `not verified: ${reason}`,
    tooDeep: true,
  }));
}

/** The engine's findings that say a file was not checked whole: its analysis did not settle, or it did not parse. */
const NOT_WHOLE: ReadonlySet<string> = new Set([UNSETTLED_RULE, UNPARSED_RULE]);

/** The engine's reason naming the files it did not check whole, by kind (empty when there are none). */
function notWholeReason(notWhole: readonly Finding[]): string {
  const some = (files: readonly Finding[]) =>
    `${files
      .slice(0, 3)
      .map((finding) =>
        finding.ruleId === UNPARSED_RULE ? `${finding.file} line ${finding.line}` : finding.file,
      )
      .join(', ')}${files.length > 3 ? ', …' : ''}`;
  const unparsed = notWhole.filter((finding) => finding.ruleId === UNPARSED_RULE);
  const unsettled = notWhole.filter((finding) => finding.ruleId === UNSETTLED_RULE);
  return [
    ...(unparsed.length > 0
      ? [`${unparsed.length} file(s) not verified: could not parse them whole (${some(unparsed)})`]
      : []),
    ...(unsettled.length > 0
      ? [`${unsettled.length} file(s) not verified: analysis stopped before settling (${some(unsettled)})`]
      : []),
  ].join('; ');
}

/** a file the engine did not check: past its budget, or `tooDeep` (AnalysisTooDeep) */
interface StoppedFile {
  file: string;
  reason: string;
  tooDeep?: boolean;
}

export async function scanSources(given: ScanInput[], options: ScanOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  // What the project's files set of Flask's defaults, given to each Python file (review r22); part of its cache key.
  const inputs = withProjectSettings(given, {
    ...(options.projectOf ? { projectOf: options.projectOf } : {}),
    ...(options.outsideSettings ? { outside: options.outsideSettings } : {}),
  });
  const ruleSet = options.ruleSet ?? defaultRuleSet();
  // each file's lines as its language ends them (line-ended-text.ts), once a file: the secrets detector's and
  // the bidi check's (in-process), Bandit's refuted lines, the suppressions'
  const lineEndedOf = new Map<ScanInput, string>();
  const lineEnded = new Map<string, string>();
  for (const input of inputs) {
    const text = await lineEndedText(input.source, input.language);
    lineEndedOf.set(input, text);
    lineEnded.set(input.path, text);
  }
  const own: Finding[] = [];
  // A custom rule set is not what the cache's fingerprint describes: no cache then.
  const cache = options.ruleSet ? undefined : options.cache;
  const hashes = new Map<ScanInput, string>();
  if (options.cache)
    for (const input of inputs)
      hashes.set(input, contentHash(input.project ? `${input.source}\0${input.project}` : input.source));
  const team =
    options.semgrep !== false && options.workspaceRoot
      ? await projectSemgrepRules(options.workspaceRoot, options.semgrep)
      : undefined;
  // External scanners run in their own processes while vouch's engine runs here; Semgrep too, when
  // installed, on the project's rules (vouch's matcher runs them after the engine otherwise).
  const external =
    options.external !== false
      ? runExternal({ inputs, options, hashes, teamRules: team !== undefined })
      : undefined;
  // A rejected promise not yet awaited must not end the process: it is awaited below, after the scan.
  external?.catch(() => {});
  const semgrepInstalled = options.external !== false && which('semgrep') !== undefined;
  const teamRun: Promise<TeamRulesRun> | undefined =
    team && semgrepInstalled
      ? runTeamRules(inputs, team, {
          useSemgrep: true,
          hashes,
          ...(options.cache ? { cache: options.cache } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })
      : undefined;
  teamRun?.catch(() => {});
  const pending: ScanInput[] = [];
  for (const input of inputs) {
    const known = cache?.get(input.path, hashes.get(input)!);
    if (known) own.push(...known);
    else pending.push(input);
  }
  const fresh: Finding[] = [];
  const pendingCharacters = sourceCharacters(pending);
  const workers =
    options.parallel === false
      ? 1
      : poolSize(pending.length, {
          ignoreLoad: options.parallel === true,
          characters: pendingCharacters,
        });
  let matcherRun: TeamRulesRun | undefined;
  let engineStopped: string | undefined;
  let filesStopped: StoppedFile[] = [];
  const budget = options.ruleSet ? undefined : options.engineBudgetMs;
  const fileBudget = options.ruleSet ? undefined : options.fileBudgetMs;
  // the pool where it pays (idle cores, many files) or where a whole scan has a deadline (the server);
  // otherwise this thread, each file stopping itself at its budget (engine/deadline.ts)
  const pooled = workers > 1 && poolPays(pending.length, pendingCharacters, options.parallel);
  if ((budget !== undefined || (fileBudget !== undefined && pooled)) && pending.length > 0) {
    // the engine alone, off this thread, within the budget; the team's rules run after, with their own
    try {
      const result = await scanInParallel(pending, Math.max(1, workers), {
        // this thread scans beside the workers (never under a whole scan's deadline: scan-pool.ts)
        thisThread: true,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(budget !== undefined ? { deadlineMs: budget } : {}),
        ...(fileBudget !== undefined ? { fileBudgetMs: fileBudget } : {}),
      });
      fresh.push(...result.findings);
      filesStopped = [
        ...result.stopped.map((input) => ({
          file: input.path,
          reason: `not verified: analysis stopped after ${seconds(fileBudget!)}`,
        })),
        ...tooDeepFiles(result.tooDeep),
      ];
    } catch (error) {
      if (!(error instanceof ScanBudgetError)) throw error;
      engineStopped = `vouch's engine ran past its time budget (${budget} ms) and was stopped: the code was not checked by its rules or its secrets detector`;
    }
  } else if (pooled && !options.ruleSet) {
    // vouch's matcher runs the team's rules on the same threads as the engine, file by file beside it.
    const plan =
      team && !teamRun
        ? await planTeamRules(inputs, team, {
            useSemgrep: false,
            hashes,
            ...(options.cache ? { cache: options.cache } : {}),
          })
        : undefined;
    const engineDue = new Set(pending);
    const teamOnly = plan?.pending.filter((input) => !engineDue.has(input)) ?? [];
    const result = await scanInParallel([...pending, ...teamOnly], workers, {
      thisThread: true,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      engineCached: new Set(teamOnly),
      ...(plan && team
        ? {
            team: {
              fingerprint: team.rules.fingerprint,
              texts: [...team.rules.texts],
              inputs: new Set(plan.pending),
            },
          }
        : {}),
    });
    fresh.push(...result.findings);
    filesStopped = tooDeepFiles(result.tooDeep);
    if (plan && team)
      matcherRun = finishTeamRules({
        plan,
        team,
        fresh: { ran: true, findings: result.teamFindings },
        options: { hashes, ...(options.cache ? { cache: options.cache } : {}) },
      });
  } else {
    let done = 0;
    let yielded = performance.now();
    for (const input of pending) {
      // scanning is synchronous work: give the event loop a turn now and then, so Ctrl-C is heard
      if (performance.now() - yielded > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      options.signal?.throwIfAborted();
      if (fileBudget !== undefined) await readyFor(input, ruleSet);
      // an abandoned scan (the signal) stops in the file it is in, not at the file's end
      const signal = fileBudget !== undefined && options.signal ? { signal: options.signal } : {};
      try {
        fresh.push(
          ...(await scanSource(input, ruleSet, {
            lineEnded: lineEndedOf.get(input)!,
            ...(fileBudget !== undefined ? { deadline: performance.now() + fileBudget, ...signal } : {}),
          })),
        );
      } catch (error) {
        // past the file's budget, or nested too deep for the engine (AnalysisTooDeep): not verified
        if (!(error instanceof AnalysisStopped)) throw error;
        options.signal?.throwIfAborted();
        filesStopped.push({
          file: input.path,
          reason: stoppedReason(error, fileBudget),
          ...(error instanceof AnalysisTooDeep ? { tooDeep: true } : {}),
        });
      }
      done++;
      if (done % 25 === 0 || done === pending.length) options.onProgress?.(done, pending.length);
    }
  }
  own.push(...fresh);
  const teamRules =
    teamRun ??
    matcherRun ??
    (team
      ? runTeamRules(inputs, team, {
          useSemgrep: false,
          hashes,
          ...(options.cache ? { cache: options.cache } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.teamBudgetMs !== undefined ? { budgetMs: options.teamBudgetMs } : {}),
        })
      : undefined);
  if (cache && !engineStopped) {
    const byPath = new Map<string, Finding[]>(pending.map((input) => [input.path, []]));
    for (const finding of fresh) byPath.get(finding.file)?.push(finding);
    // a file stopped at its budget was not checked: nothing of it is remembered
    const unchecked = new Set(filesStopped.map((stopped) => stopped.file));
    cache.putMany(
      pending
        .filter((input) => !unchecked.has(input.path))
        .map((input) => ({
          path: input.path,
          hash: hashes.get(input)!,
          findings: byPath.get(input.path)!,
        })),
    );
  }
  // A file whose analysis stopped before settling, or with a part tree-sitter could not read (engine/analyze.ts),
  // was not fully checked: reported as a file vouch could not check, as Bandit's unparsed files are, never as a
  // pass (issue 59, review F1; w90). What the engine found in the rest of it stays reported.
  const notWhole = own.filter((finding) => NOT_WHOLE.has(finding.ruleId));
  if (notWhole.length > 0)
    own.splice(0, own.length, ...own.filter((finding) => !NOT_WHOLE.has(finding.ruleId)));
  const stopped: Partial<ReturnType<typeof stoppedFiles>> =
    filesStopped.length > 0 ? stoppedFiles(filesStopped, fileBudget) : {};
  const reason = [stopped.reason, notWholeReason(notWhole)].filter(Boolean).join('; ');
  const tools: ToolRun[] = [
    engineStopped
      ? { tool: 'vouch', ran: false, reason: engineStopped, findings: 0, overBudget: true }
      : {
          tool: 'vouch',
          ran: true,
          findings: own.length,
          ...(notWhole.length > 0
            ? { unparsed: notWhole.map(({ file, message }) => ({ file, reason: message })) }
            : {}),
          ...stopped,
          ...(reason ? { reason } : {}),
        },
  ];
  let findings = own;
  let duplicates = 0;
  let unconfirmed = 0;
  const runs = [...(teamRules ? [await teamRules] : []), ...(external ? await external : [])];
  // the comments of the files that hold a suppression: one in a string literal is no suppression (r23)
  const comments = new Map<string, CommentSpan[]>();
  for (const input of inputs) {
    const spans = await commentSpans(lineEnded.get(input.path)!, input.language);
    if (spans) comments.set(input.path, spans);
  }
  for (const run of runs) {
    const { kept, unconfirmed: left } = keepConfirmed(own, run.findings, lineText(lineEnded));
    tools.push({
      tool: run.tool,
      ran: run.ran,
      reason: run.reason,
      findings: run.findings.length,
      ...(run.cached !== undefined ? { cached: run.cached } : {}),
      ...('limitation' in run && run.limitation ? { limitation: run.limitation } : {}),
      ...(left > 0 ? { unconfirmed: left } : {}),
      ...('notRun' in run && Array.isArray(run.notRun) ? { notRun: run.notRun as RuleNotRun[] } : {}),
      ...('overBudget' in run && run.overBudget ? { overBudget: true } : {}),
      ...('unparsed' in run && run.unparsed?.length ? { unparsed: run.unparsed } : {}),
    });
    const merged =
      teamRules && run === runs[0] ? mergeTeamFindings(findings, kept) : mergeFindings(findings, kept);
    findings = merged.findings;
    duplicates += merged.duplicates;
    unconfirmed += left;
  }
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const final: Finding[] = [];
  for (const [file, list] of byFile) {
    final.push(
      ...applySuppressions(list, { text: lineEnded.get(file) ?? '', file, comments: comments.get(file) }),
    );
  }
  // Files whose only vouch-ignore comments cover nothing still get those reported.
  for (const input of inputs) {
    if (!byFile.has(input.path) && input.source.includes('vouch-ignore'))
      final.push(
        ...applySuppressions([], {
          text: lineEnded.get(input.path) ?? input.source,
          file: input.path,
          comments: comments.get(input.path),
        }),
      );
  }
  const placed = onEditorLines(final, inputs, lineEnded);
  placed.sort((a, b) => byName(a.file, b.file) || a.line - b.line || a.column - b.column);
  return {
    findings: placed,
    files: inputs.length,
    cached: inputs.length - pending.length,
    tools,
    duplicates,
    unconfirmed,
    durationMs: performance.now() - started,
  };
}

/**
 * Bandit on the Python inputs (and the detection of other scanners). With a cache, files whose content
 * Bandit has already seen at this version are answered from it, and Bandit runs only on the rest.
 */
async function runExternal({
  inputs,
  options,
  hashes,
  teamRules,
}: {
  inputs: ScanInput[];
  options: ScanOptions;
  hashes: ReadonlyMap<ScanInput, string>;
  teamRules: boolean;
}): Promise<ExternalRun[]> {
  const python = inputs.filter((input) => input.language === 'python');
  // With a Semgrep configuration, Semgrep (or vouch's matcher) is reported as the run of those rules.
  const others = detectOthers(options.workspaceRoot ?? process.cwd()).filter(
    (other) => !(teamRules && other.tool === 'semgrep'),
  );
  const cache = options.cache;
  const version = cache && python.length > 0 ? await banditVersion() : undefined;
  const tool = version ? `bandit ${version}` : undefined;
  const remembered: Finding[] = [];
  const pending = python.filter((input) => {
    const known = tool ? cache!.getExternal(tool, input.path, hashes.get(input)!) : undefined;
    if (known) remembered.push(...known);
    return !known;
  });
  if (python.length > 0 && pending.length === 0) {
    const limitation = await banditLimitation();
    const run = { tool: 'bandit', ran: true, findings: remembered, cached: python.length };
    return [limitation ? { ...run, limitation } : run, ...others];
  }
  let scratch: string | undefined;
  const absolute = new Map<string, string>();
  try {
    const paths = pending.map((input, index) => {
      // Bandit 1.6.2 reads `# nosec` from `tokenize` fed lines cut at `\n` and its findings' lines from `ast`,
      // which also ends one at a lone `\r`: given a file holding one, a `# nosec` silenced a finding on
      // another line, not its own. It gets what Python reads instead, each lone `\r` as `\n` (w104).
      const lineEnded = crLineEnded(input.source, 'python');
      if (input.absolutePath && lineEnded === input.source) {
        absolute.set(input.absolutePath, input.path);
        return input.absolutePath;
      }
      // Code that is not on disk (stdin, generated) goes to a private temporary folder, never the user's tree.
      scratch ??= makeScratchFolder();
      const file = join(scratch, `snippet-${index}.py`);
      writeFileSync(file, lineEnded);
      absolute.set(file, input.path);
      return file;
    });
    const bandit = await runBandit(paths, (file) => absolute.get(file) ?? file, options.signal);
    if (bandit.ran && tool) {
      const byPath = new Map<string, Finding[]>(pending.map((input) => [input.path, []]));
      for (const finding of bandit.findings) byPath.get(finding.file)?.push(finding);
      // a file Bandit could not parse was not checked: never remembered as clean
      const unparsed = new Set(bandit.unparsed?.map((entry) => entry.file));
      cache!.putExternal(
        tool,
        pending
          .filter((input) => !unparsed.has(input.path))
          .map((input) => ({
            path: input.path,
            hash: hashes.get(input)!,
            findings: byPath.get(input.path)!,
          })),
      );
    }
    const cached = python.length - pending.length;
    return [
      { ...bandit, findings: [...remembered, ...bandit.findings], ...(cached > 0 ? { cached } : {}) },
      ...others,
    ];
  } finally {
    if (scratch) await removeScratchFolderLater(scratch);
  }
}

/**
 * `a.localeCompare(b)`, which it equals, without asking ICU when the names are the same: the first
 * `localeCompare` of a process builds ICU's list of locales (≈ 9 ms of CPU), which a scan whose findings
 * are all in one file then never needs.
 */
export function byName(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b);
}
