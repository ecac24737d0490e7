import { type AgreementRanking, rankByAgreement } from './agreement.js';
import type { AgreementMatrix } from './matrix.js';

export interface RankInput {
  matrix: AgreementMatrix;
  /** samples each candidate stands for; default 1 */
  weights?: readonly number[];
  /** how often each assertion was written; default 1 */
  assertionWeights?: readonly number[];
}

/** vouch's ranking (placeholder: CodeT's scoring on vouch's matrix until measured). */
export function rankCandidates(input: RankInput): AgreementRanking {
  return rankByAgreement(input.matrix.passes, {
    method: 'codet',
    ...(input.weights ? { weights: input.weights } : {}),
    ...(input.assertionWeights ? { assertionWeights: input.assertionWeights } : {}),
  });
}
