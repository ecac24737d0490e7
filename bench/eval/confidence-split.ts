import { createHash } from 'node:crypto';

/**
 * The split of the real development data (`../shared/datasets/selection-real`: CodeT's CodeGen-16B HumanEval
 * recording, the 82 even-numbered problems) for calibrating confidence (issue 58): a tuning part, the only one
 * the confidence rules are chosen on, and a kept-back part, run once at the end with the rules as chosen.
 *
 * Decided and committed before any confidence result on either part was seen: problems ordered by the
 * SHA-256 of the salt and their task id, the first 60% (49 of 82) are the tuning part, the other 33 kept
 * back. A salt of its own, not issue 43's: that split's kept-back part was looked at, and the selection
 * rates were then chosen on all 82 problems, so no problem is untouched by the ranking either way; what is
 * kept back here is kept back from the confidence rules. Changing the salt or the share after seeing
 * results would be choosing a split: do not. The lists it gives are in confidence-split.json beside it.
 */
export const CONFIDENCE_SPLIT_SALT =
  'vouch issue 58: tuning / kept-back split of selection-real for confidence, decided 2026-11-26';
export const CONFIDENCE_TUNING_SHARE = 0.6;

export interface ConfidenceSplit {
  tuning: string[];
  keptBack: string[];
}

/** Both parts, each in task order (HumanEval/0, HumanEval/2, …). */
export function confidenceSplit(taskIds: readonly string[]): ConfidenceSplit {
  const key = (taskId: string) =>
    createHash('sha256').update(`${CONFIDENCE_SPLIT_SALT}\0${taskId}`).digest('hex');
  const distinct = [...new Set(taskIds)];
  const ordered = [...distinct].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const tuning = new Set(ordered.slice(0, Math.round(distinct.length * CONFIDENCE_TUNING_SHARE)));
  const byNumber = (a: string, b: string) =>
    Number(a.split('/').at(-1)) - Number(b.split('/').at(-1)) || (a < b ? -1 : 1);
  return {
    tuning: distinct.filter((taskId) => tuning.has(taskId)).sort(byNumber),
    keptBack: distinct.filter((taskId) => !tuning.has(taskId)).sort(byNumber),
  };
}
