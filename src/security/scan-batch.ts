import type { Finding } from '../core/check.js';
import { parserFor } from '../syntax/parser.js';
import { AnalysisStopped, AnalysisTooDeep } from './engine/deadline.js';
import { lineEndedText } from './line-ended-text.js';
import { defaultRuleSet } from './rules.js';
import { type ScanInput, scanSource } from './scan.js';
import { type RuleText, ruleSetOf, type SemgrepRuleSet, semgrepFindings } from './semgrep/semgrep-rules.js';

/**
 * One batch of the scan pool, as a worker thread (scan-worker.ts) or the pool's own thread (scan-pool.ts,
 * `thisThread`) scans it: the same function on both, so a file's findings do not depend on which thread
 * scanned it. `team` runs the project's Semgrep rules (vouch's matcher) on the files at `indexes`; the
 * rules' text comes with the first batch of a rule set a thread sees (`texts`), later ones name it by its
 * fingerprint.
 */
export interface WorkerRequest {
  batch: number;
  inputs: ScanInput[];
  /** files whose engine findings the scan already has (cached): only the team's rules run on them */
  skipEngine?: number[];
  team?: { fingerprint: string; texts?: RuleText[]; indexes: number[] };
  /** say when each file of the batch starts (`{batch, started, index}`) */
  clock?: boolean;
  /** each file's engine stops itself this long after it starts (engine/deadline.ts), the file then `stopped` */
  fileBudgetMs?: number;
}

export type WorkerResponse =
  | {
      batch: number;
      /** the engine's findings of each file of the batch, in the batch's order (none for a skipped or stopped file) */
      findings: Finding[][];
      /** the team's rules' findings of each file at `team.indexes`, in that order */
      teamFindings?: Finding[][];
      /** indexes of the batch's files whose analysis stopped at the file budget (not checked) */
      stopped?: number[];
      /** files nested too deep for the engine (AnalysisTooDeep), with the reason: not checked */
      tooDeep?: { index: number; reason: string }[];
    }
  /** the worker began the batch's file `index` (sent only when `clock` asks: a file budget's clock starts here, not at a cold start) */
  | { batch: number; started: true; index: number }
  | { batch: number; error: string }
  /**
   * sent once by a worker started from the scan bundle (dist/security/scan-worker.cjs, cli/start.ts
   * `startScanWorker`), before any batch: how it loaded the engine and whether V8 took the build's code cache
   */
  | WorkerLoaded;

/** How a scan worker loaded the engine: one script with a code cache, or dist/'s ES modules. */
export interface WorkerLoaded {
  loaded: 'bundle' | 'modules';
  /** the build's code cache: V8 took it, refused it (other flags or V8), or there was none that matched */
  codeCache: 'accepted' | 'rejected' | 'none';
}

type Post = (response: WorkerResponse) => void;

/** The last rule set this thread compiled, by its fingerprint. */
let teamRules: { fingerprint: string; rules: Promise<SemgrepRuleSet> } | undefined;

function rulesFor(team: NonNullable<WorkerRequest['team']>): Promise<SemgrepRuleSet> {
  if (teamRules?.fingerprint !== team.fingerprint) {
    if (!team.texts) throw new Error(`the scan sent no text for the rule set ${team.fingerprint}`);
    teamRules = { fingerprint: team.fingerprint, rules: ruleSetOf(team.texts) };
  }
  return teamRules.rules;
}

/**
 * Scans one batch, its answers given to `post` (a worker's port; the pool's own thread; the build calls it
 * in-process to make the worker bundle's code cache, scripts/build-scan-cache.mjs). `signal` (this thread
 * only: a worker is ended instead) stops the file it is in under a file budget, as an in-process scan does.
 */
export async function scanBatch(
  request: WorkerRequest,
  post: Post,
  { signal }: { signal?: AbortSignal } = {},
): Promise<void> {
  // what every file needs (the rules, the grammars) loads before a file's clock starts
  if (request.clock) defaultRuleSet();
  try {
    const findings: Finding[][] = request.inputs.map(() => []);
    const stopped: number[] = [];
    const tooDeep: { index: number; reason: string }[] = [];
    const skip = new Set(request.skipEngine ?? []);
    const budget = request.fileBudgetMs;
    // each file's lines as its language ends them (line-ended-text.ts), once for the engine and the team's rules
    const lineEnded = new Map<number, string>();
    for (const [index, input] of request.inputs.entries()) {
      if (skip.has(index)) continue;
      if (request.clock) {
        if (input.language) await parserFor(input.language).catch(() => undefined);
        post({ batch: request.batch, started: true, index });
      }
      lineEnded.set(index, await lineEndedText(input.source, input.language));
      try {
        findings[index] = await scanSource(input, undefined, {
          lineEnded: lineEnded.get(index)!,
          ...(budget !== undefined
            ? { deadline: performance.now() + budget, ...(signal ? { signal } : {}) }
            : {}),
        });
      } catch (error) {
        if (error instanceof AnalysisTooDeep) tooDeep.push({ index, reason: error.reason });
        else if (error instanceof AnalysisStopped) stopped.push(index);
        else throw error;
      }
    }
    let teamFindings: Finding[][] | undefined;
    if (request.team) {
      const rules = await rulesFor(request.team);
      teamFindings = [];
      for (const index of request.team.indexes) {
        const input = request.inputs[index]!;
        teamFindings.push(
          await semgrepFindings({
            rules: rules.rules,
            source: input.source,
            language: input.language!,
            path: input.path,
            // computed already when the engine ran on the file; otherwise only if a rule applies
            ...(lineEnded.has(index) ? { lineEnded: lineEnded.get(index)! } : {}),
          }),
        );
      }
    }
    post({
      batch: request.batch,
      findings,
      ...(teamFindings ? { teamFindings } : {}),
      ...(stopped.length > 0 ? { stopped } : {}),
      ...(tooDeep.length > 0 ? { tooDeep } : {}),
    });
  } catch (error) {
    post({
      batch: request.batch,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
