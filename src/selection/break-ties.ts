import type { AgreementGroup } from './agreement.js';

/**
 * Among groups with the best score, the one more samples produced wins, then the one the model found
 * likeliest (mean log-probability); the others follow just below, in that order.
 */
export function breakTies(
  groups: AgreementGroup[],
  weight: (candidate: number) => number,
  logprobs: readonly (number | undefined)[] | undefined,
): void {
  if (groups.length < 2) return;
  const best = Math.max(...groups.map((group) => group.score));
  if (!Number.isFinite(best)) return;
  const tied = groups.filter((group) => group.score === best);
  if (tied.length < 2) return;
  const size = (group: AgreementGroup) => group.members.reduce((sum, member) => sum + weight(member), 0);
  const likelihood = (group: AgreementGroup) => {
    const known = group.members.map((member) => logprobs?.[member]).filter((value) => value !== undefined);
    return known.length
      ? known.reduce((sum, value) => sum + value, 0) / known.length
      : Number.NEGATIVE_INFINITY;
  };
  tied.sort((a, b) => size(b) - size(a) || likelihood(b) - likelihood(a));
  // Steps far below any difference of real scores keep the order without merging with other groups.
  let step = 0;
  for (let index = 1; index < tied.length; index++) {
    const previous = tied[index - 1]!;
    const current = tied[index]!;
    if (size(current) !== size(previous) || likelihood(current) !== likelihood(previous)) step++;
    current.score = best - step * 1e-9;
  }
}
