export {
  type AgreementGroup,
  type AgreementRanking,
  consensusGroups,
  expectedTopCorrect,
  rankByAgreement,
  rankGroups,
} from './agreement.js';
export { rankB4 } from './b4.js';
export { type BehaviourAgreement, behaviourOf } from './behaviour.js';
export { breakTies } from './break-ties.js';
export { degenerateCandidates, UNUSABLE } from './degenerate.js';
export {
  type AgreementMatrix,
  type AssertionStatus,
  type CandidateStatus,
  DEFAULT_ENGINE,
  type EngineSettings,
  type MatrixOptions,
  type MatrixRunner,
} from './matrix.js';
export { type CandidateOrder, type GeneratedCandidate, orderCandidates } from './order-candidates.js';
export { PASS_RATES, type RankInput, rankCandidates } from './rank.js';
export { runAgreementMatrix } from './run-matrix.js';
export {
  type MergedTests,
  mergeTests,
  RANK_METHODS,
  type RankMethod,
  type Selection,
  type SelectOptions,
  selectByAgreement,
} from './select.js';
export { type SplitTests, splitTests, stripFences, type TestLanguage } from './split-tests.js';
export { unrankedReason } from './unranked.js';
