export { addCorpus, openLicenceIndex, removeCorpus } from './corpus-registry.js';
export type { DependencyReport, JudgedPackage } from './dependency-report.js';
export { dependencyReport, withProjectLicence } from './dependency-report.js';
export { judgeExpression } from './judge-licence.js';
export { licenceCheck } from './licence-check.js';
export type { CodeMatch, MatchRegion } from './match-code.js';
export { matchCode } from './match-code.js';
export type { LicencePolicy, Verdict } from './policy.js';
export { DEFAULT_POLICY, loadLicencePolicy } from './policy.js';
