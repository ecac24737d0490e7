import { degenerateCandidates } from './degenerate.js';
import type { AgreementMatrix } from './matrix.js';

/**
 * Why a matrix gives a ranking nothing to go on, or undefined when it gives something: the sandbox job
 * failed; every candidate is unusable (does not parse, cannot be defined, hangs, crashes or runs out of
 * budget); or no model-written assertion could be used. Every ranking then ties the
 * candidates it has and the pick is uniform: a guess, which a report must not present as a ranking.
 *
 * On a heavily loaded machine the second case is also what timeouts look like: a candidate that needs
 * most of the per-assertion limit times out on every assertion and is `hanging`. The matrix cannot tell
 * that from a candidate that really hangs, so the reason names the statuses and leaves the judgement to
 * whoever reads it (a rerun on a quieter machine ranks again: callers do not keep unranked results).
 */
export function unrankedReason(matrix: AgreementMatrix): string | undefined {
  if (matrix.error) return `the agreement matrix could not be computed: ${matrix.error}`;
  const count = matrix.status.length;
  if (count === 0) return 'there is no candidate';
  const degenerate = degenerateCandidates(matrix);
  if (degenerate.every(Boolean)) {
    const statuses = new Map<string, number>();
    for (const status of matrix.status) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    // (a candidate that ran is degenerate only when another computes a value, and that one is usable)
    const how = [...statuses].map(([status, n]) => `${n} ${status}`);
    const timeouts = (statuses.get('hanging') ?? 0) + (statuses.get('budget') ?? 0);
    return `no candidate is usable (${how.join(', ')})${timeouts ? "; timeouts can be the machine's load: run again on a quieter one" : ''}`;
  }
  if (!matrix.assertionStatus.includes('ok')) {
    const statuses = new Map<string, number>();
    for (const status of matrix.assertionStatus) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const how = [...statuses].map(([status, n]) => `${n} ${status}`).join(', ');
    return matrix.assertionStatus.length
      ? `no model-written assertion could be used (${how})`
      : 'the model-written tests hold no assertion';
  }
  return undefined;
}
