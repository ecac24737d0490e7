import type { CheckResult } from '../core/check.js';

/** What ranks a candidate: its code, its checks, whether it was cut off, the samples that wrote it. */
export interface RankedCandidate {
  code: string;
  checks: readonly CheckResult[];
  truncated: boolean;
  /** how many samples produced this same code */
  votes: number;
}

/**
 * The order in which candidates are delivered, generate's and `vouch eval --select`'s alike: worse
 * candidates sort later — no code, blocking findings, then failed checks, then errors, a cut-off answer;
 * then execution agreement with the model's tests (`agreementRank`, src/selection: 0 is best), then more
 * votes.
 */
export function candidateRank(candidate: RankedCandidate, agreementRank = 0): number[] {
  const count = (status: CheckResult['status']) =>
    candidate.checks.filter((check) => check.status === status).length;
  return [
    candidate.code ? 0 : 1,
    candidate.checks.some((check) => check.blocking) ? 1 : 0,
    count('fail'),
    count('error'),
    candidate.truncated ? 1 : 0,
    agreementRank,
    -candidate.votes,
  ];
}

export function compareCandidateRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
