/**
 * The public entry point of security/: what code outside src/ (benchmarks, scripts) imports from this layer.
 * test/architecture/entry-points.test.ts fails when a benchmark imports a module of src/ past a layer's index.
 */

export { bidiControlFindings } from './bidi-controls.js';
export { analyzeSource, type RunOrder } from './engine/analyze.js';
export { AnalysisStopped, AnalysisTooDeep } from './engine/deadline.js';
export { evaluateCorpus, falsePositiveRate, recall } from './evaluate-corpus.js';
export type { LineLabel, LineScore, LineScoring } from './evaluate-lines.js';
export { lineFalsePositiveRate, lineRecall, matchesLabel, readLabels, scoreLines } from './evaluate-lines.js';
export type { ProgramLabel, ProgramScore, ProgramScoring } from './evaluate-programs.js';
export { catchRate, falseAlarmRate, readProgramLabels, scorePrograms } from './evaluate-programs.js';
export { banditFamily, banditPrecise, cweFamily, runBandit, which } from './external.js';
export { KnownSecrets } from './known-secrets.js';
export { defaultRuleSet } from './rules.js';
export type { ScanInput, ScanReport } from './scan.js';
export { scanSource, scanSources } from './scan.js';
export { closeScanPool, freshBuild } from './scan-pool.js';
export { findSecrets, secretFindings } from './secrets.js';
export { loadRuleFile } from './semgrep/rule-file.js';
export { ruleTestFiles, runRuleTest } from './semgrep/rule-test.js';
export { semgrepFindings } from './semgrep/semgrep-rules.js';
