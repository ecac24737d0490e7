import { createHash } from 'node:crypto';

/**
 * The split of the real development data for selection (`../shared/datasets/selection-real`: CodeT's
 * CodeGen-16B HumanEval recording, the 82 even-numbered problems) into a tuning part, the only one rankings
 * are tuned and chosen on, and a kept-back part, looked at once at the end to confirm the choice (issue 43).
 * The odd-numbered problems are held out by the project and are not on this machine.
 *
 * Decided and committed before any result on either part was seen: problems ordered by the SHA-256 of the
 * salt and their task id, the first 60% (49 of 82) are the tuning part, the other 33 the kept-back part.
 * Changing the salt or the share would be choosing a split after seeing results: do not.
 */
export const SPLIT_SALT = 'vouch issue 43: tuning / kept-back split of selection-real, decided 2026-11-25';
export const TUNING_SHARE = 0.6;

/** The dataset files the split was made for (sha256 as the dataset's README gives them). */
export const REAL_DATA_SHA256 = {
  samples: 'ed5480a9f14eeaa3f30a2fb84355cdf670986d6f55821f8156434d9469286cfa',
  tests: '33395a7e2d695f90c2476789a8b22dd5273488e2cebc384e97f3d0337c9255d8',
};

export interface RealDataSplit {
  tuning: string[];
  keptBack: string[];
}

/** Both parts, each in task order (HumanEval/0, HumanEval/2, …). */
export function splitRealData(taskIds: readonly string[]): RealDataSplit {
  const key = (taskId: string) => createHash('sha256').update(`${SPLIT_SALT}\0${taskId}`).digest('hex');
  const distinct = [...new Set(taskIds)];
  const ordered = [...distinct].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const tuning = new Set(ordered.slice(0, Math.round(distinct.length * TUNING_SHARE)));
  const byNumber = (a: string, b: string) =>
    Number(a.split('/').at(-1)) - Number(b.split('/').at(-1)) || (a < b ? -1 : 1);
  return {
    tuning: distinct.filter((taskId) => tuning.has(taskId)).sort(byNumber),
    keptBack: distinct.filter((taskId) => !tuning.has(taskId)).sort(byNumber),
  };
}
