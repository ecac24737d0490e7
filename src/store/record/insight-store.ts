/**
 * What the team dashboard reads beyond acceptance: the security gate's outcome per day and the CWE ids of
 * its findings (both recorded with each suggestion), and eval runs (pass@k of `vouch eval` over time).
 * Part of the ServerStore; the SQL is in sql-insight-store.ts.
 */

export interface SecurityDay {
  /** UTC day, `YYYY-MM-DD`, by when the suggestion was made */
  day: string;
  suggestions: number;
  /** the gate ran and found nothing unsuppressed */
  passed: number;
  /** the gate ran and found something */
  failed: number;
  /** the gate was skipped (a language it does not read) or errored: not a pass */
  notRun: number;
  /** recorded before the gate's outcome was kept, or by a face that does not report it */
  unknown: number;
}

export interface CweCount {
  cwe: number;
  /** suggestions with at least one finding of this CWE */
  suggestions: number;
  /** findings of this CWE in all of them */
  findings: number;
  /** per UTC day, oldest first; only days with findings */
  days: { day: string; suggestions: number; findings: number }[];
}

export interface SecurityStats {
  days: SecurityDay[];
  byCwe: CweCount[];
}

export interface NewEvalRun {
  userId: string;
  benchmark: string;
  /** the benchmark's form (`original`, `mbxp`) and the harness that judged it */
  form: string;
  harness: string;
  /** the model that wrote the samples, when vouch generated them; null for a samples file */
  model: string | null;
  problems: number;
  samples: number;
  passed: number;
  /** k → mean pass@k over the problems */
  passAtK: Record<string, number>;
  /** pass@1 of the sample picked by execution agreement (`--select`) */
  selectedPassAt1: number | null;
  /** pass@1 of what the pipeline would deliver (generation mode) */
  pipelinePassAt1: number | null;
  /** failure label → samples */
  failureKinds: Record<string, number>;
  sandboxed: boolean;
  durationMs: number;
  /** who sent it: `cli` (recorded by `vouch eval`) or `api` */
  source: string;
}

export interface EvalRun extends NewEvalRun {
  id: string;
  createdAt: string;
}

export interface InsightStore {
  /** the security gate per day and findings by CWE, for one user or (userId undefined) everyone */
  securityStats(options?: { userId?: string; since?: string }): Promise<SecurityStats>;
  recordEvalRun(run: NewEvalRun): Promise<EvalRun>;
  /** newest first */
  listEvalRuns(options?: {
    userId?: string;
    since?: string;
    benchmark?: string;
    limit?: number;
  }): Promise<EvalRun[]>;
}
