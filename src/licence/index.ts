export type { DependencyReport, JudgedPackage } from './dependencies/dependency-report.js';
export { dependencyReport, withProjectLicence } from './dependencies/dependency-report.js';
export { addCorpus, openLicenceIndex, removeCorpus } from './fingerprints/corpus-registry.js';
export type { CodeMatch, MatchRegion } from './fingerprints/match-code.js';
export { matchCode } from './fingerprints/match-code.js';
export { judgeExpression } from './judge-licence.js';
export { licenceCheck } from './licence-check.js';
export type { LicencePolicy, Verdict } from './policy.js';
export { DEFAULT_POLICY, loadLicencePolicy } from './policy.js';
