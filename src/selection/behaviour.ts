import { degenerateCandidates } from './degenerate.js';
import type { Selection } from './select.js';

/**
 * How one candidate's behaviour agrees with the other sampled candidates, as a confidence judges it
 * (tasks/confidence.ts): candidates that pass exactly the same valid assertions behave alike (a consensus
 * group); degenerate candidates (cannot run, hang, raise on every input) are not counted as samples.
 */
export interface BehaviourAgreement {
  /** samples the usable candidates stand for */
  samples: number;
  /** of them, the samples behaving as this candidate, itself included (0 when it is degenerate) */
  group: number;
  /** distinct valid assertions the tests held */
  assertions: number;
  /** of them, the ones this candidate passes */
  passed: number;
}

/** The agreement of `candidate` (an index into the selection's candidates) with the others. */
export function behaviourOf(
  selection: Pick<Selection, 'matrix'>,
  candidate: number,
  weights?: readonly number[],
): BehaviourAgreement {
  const { matrix } = selection;
  const weight = (index: number) => Math.max(1, weights?.[index] ?? 1);
  const degenerate = degenerateCandidates(matrix);
  const valid = matrix.assertionStatus.flatMap((status, assertion) => (status === 'ok' ? [assertion] : []));
  const row = (index: number) =>
    valid.map((assertion) => (matrix.passes[index]?.[assertion] ? 1 : 0)).join('');
  const own = row(candidate);
  let samples = 0;
  let group = 0;
  for (let index = 0; index < matrix.status.length; index++) {
    if (degenerate[index]) continue;
    samples += weight(index);
    if (!degenerate[candidate] && row(index) === own) group += weight(index);
  }
  return {
    samples,
    group,
    assertions: valid.length,
    passed: valid.filter((assertion) => matrix.passes[candidate]?.[assertion]).length,
  };
}
