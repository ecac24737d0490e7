import {
  type AgreementGroup,
  type AgreementMatrix,
  type AgreementRanking,
  degenerateCandidates,
  rankGroups,
} from '../../../src/selection/index.js';

/**
 * Execution-based minimum Bayes risk (Shi et al. 2022, MBR-exec) on the tests' inputs: candidates that
 * compute the same values on every input (same signature) form a group, scored by its size (the 0/1 loss
 * of the paper); `soft` scores each candidate by the share of inputs on which it agrees with each other
 * candidate, summed (SRank's functional overlap without its test term). Degenerate candidates rank last.
 * Bench code, for comparison only.
 */
export function rankMbrExec(matrix: AgreementMatrix, options: { soft?: boolean } = {}): AgreementRanking {
  const degenerate = degenerateCandidates(matrix);
  const count = matrix.passes.length;
  const byKey = new Map<string, AgreementGroup>();
  matrix.signatures.forEach((signature, candidate) => {
    const key = `${degenerate[candidate] ? 'x' : 'o'}${signature.join(',')}`;
    const group = byKey.get(key) ?? { members: [], passedTests: [], score: 0 };
    group.members.push(candidate);
    byKey.set(key, group);
  });
  const groups = [...byKey.values()];
  const overlap = options.soft ? overlaps(matrix) : undefined;
  for (const group of groups) {
    const first = group.members[0]!;
    if (degenerate[first]) group.score = Number.NEGATIVE_INFINITY;
    else if (!overlap) group.score = group.members.length;
    else group.score = overlap[first]!.reduce((sum, value) => sum + value, 0);
  }
  return rankGroups(groups, count);
}

/** Per pair of candidates, the share of inputs on which both compute the same value. */
export function overlaps(matrix: AgreementMatrix): number[][] {
  const count = matrix.passes.length;
  const result = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  if (matrix.units === 0) return result;
  for (let unit = 0; unit < matrix.units; unit++) {
    const byValue = new Map<string, number[]>();
    matrix.signatures.forEach((signature, candidate) => {
      const value = signature[unit];
      if (
        matrix.status[candidate] !== 'ok' ||
        !value ||
        value === '-' ||
        value === 'T' ||
        value.startsWith('E')
      )
        return;
      byValue.set(value, [...(byValue.get(value) ?? []), candidate]);
    });
    for (const members of byValue.values())
      for (const a of members) for (const b of members) result[a]![b]! += 1 / matrix.units;
  }
  return result;
}
