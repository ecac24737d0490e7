import {
  type AgreementGroup,
  type AgreementMatrix,
  type AgreementRanking,
  rankGroups,
} from '../../../src/selection/index.js';
import { overlaps } from './mbr-exec.js';

/**
 * SRank (To et al. 2023, "Functional Overlap Reranking for Neural Code Generation", FSoft-AI4Code/SRank-
 * CodeRanker reranking/): candidates computing the same values on every input form clusters; a cluster's
 * features are its share of the samples times its pass rate on the model's tests (assertions passed as
 * written), and its score is the functional-overlap matrix (share of inputs on which two clusters agree,
 * 1 on the diagonal) times those features. Bench code, for comparison only.
 */
export function rankSrank(matrix: AgreementMatrix, assertionWeights: readonly number[]): AgreementRanking {
  const count = matrix.passes.length;
  const tests = matrix.assertionStatus.flatMap((status, index) => (status === 'ok' ? [index] : []));
  const written = tests.reduce((sum, test) => sum + (assertionWeights[test] ?? 1), 0);
  const byKey = new Map<string, AgreementGroup>();
  matrix.signatures.forEach((signature, candidate) => {
    const key = matrix.status[candidate] === 'ok' ? signature.join(',') : `bad ${candidate}`;
    const group = byKey.get(key) ?? { members: [], passedTests: [], score: 0 };
    group.members.push(candidate);
    byKey.set(key, group);
  });
  const groups = [...byKey.values()];
  const overlap = overlaps(matrix);
  const features = groups.map((group) => {
    const first = group.members[0]!;
    if (matrix.status[first] !== 'ok' || written === 0) return 0;
    const passRate =
      tests.reduce(
        (sum, test) => sum + (matrix.passes[first]![test] ? (assertionWeights[test] ?? 1) : 0),
        0,
      ) / written;
    return (group.members.length / count) * passRate;
  });
  groups.forEach((group, index) => {
    const first = group.members[0]!;
    group.score = groups.reduce(
      (sum, other, otherIndex) =>
        sum + (otherIndex === index ? 1 : overlap[first]![other.members[0]!]!) * features[otherIndex]!,
      0,
    );
  });
  return rankGroups(groups, count);
}
