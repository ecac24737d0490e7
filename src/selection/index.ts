export {
  type AgreementGroup,
  type AgreementRanking,
  expectedTopCorrect,
  rankByAgreement,
} from './agreement.js';
export { type MatrixOptions, type MatrixRunner, runAgreementMatrix } from './run-matrix.js';
export { type Selection, type SelectOptions, selectByAgreement } from './select.js';
export { type SplitTests, splitTests, stripFences, type TestLanguage } from './split-tests.js';
