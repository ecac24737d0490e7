import { askTask } from './ask/index.js';
import { changeTask } from './change/index.js';
import { chatTask } from './chat/index.js';
import { checkTask } from './check/index.js';
import { completeTask } from './complete/index.js';
import { debugTask } from './debug/index.js';
import { explainTask } from './explain/index.js';
import { fixTask } from './fix/index.js';
import { generateTask } from './generate/index.js';
import { licenceTask } from './licence/index.js';
import { refactorTask } from './refactor/index.js';
import { reviewTask } from './review/index.js';
import { scanTask } from './scan/index.js';
import type { TaskDefinition, TaskName } from './task.js';
import { testTask } from './test/index.js';

export type { AskDetails } from './ask/ask-details.js';
export { askInput, askTask } from './ask/index.js';
export { applyChange, type ChangeRefusal } from './change/apply.js';
export type { ChangeDetails } from './change/change-details.js';
export { changeInput, changeTask } from './change/index.js';
export { chatInput, chatTask } from './chat/index.js';
export { checkInput, checkTask } from './check/index.js';
export type { CompletionDetails } from './complete/completion-details.js';
export { completeInput, completeTask, warmCompletion } from './complete/index.js';
export type { DebugDetails } from './debug/debug-details.js';
export { debugInput, debugTask } from './debug/index.js';
export type { DesignDetails } from './design/design-details.js';
export type { ExplainDetails } from './explain/explain-details.js';
export { explainInput, explainTask } from './explain/index.js';
export type { FixDetails, FixFinding } from './fix/fix-details.js';
export { fixInput, fixTask } from './fix/index.js';
export type { CheckDetails, LicenceDetails, LicencePolicyView, ScanDetails } from './gate/gate-details.js';
export { GATE_PROFILES, type GateProfile } from './gate/profiles.js';
export { generateInput, generateTask } from './generate/index.js';
export { licenceInput, licenceTask } from './licence/index.js';
export type { RefactorDetails } from './refactor/refactor-details.js';
export { TASK_NAMES, TASK_RESULTS, taskEvent, taskResult } from './result-schema.js';
export type { ReviewComment, ReviewDetails } from './review/review-details.js';
// runTask loads each task on its first run (run-task.ts): a face that runs one task loads only that one
export { describeIssues, runTask } from './run-task.js';
export { scanFindings, scanInput, scanSarif, scanTask, scanText } from './scan/index.js';
export { exportGatesFailed } from './suggestion.js';
export type * from './task.js';
export { TaskSession, type TaskSessionOptions } from './task-session.js';
export type { TestDetails } from './test/test-details.js';
export { type Verdict, type VerdictStatus, verdictOf } from './verdict.js';

/** Every task a face can call, by name. */
// biome-ignore lint/suspicious/noExplicitAny: each definition checks its own input with its schema
const TASKS: { [Name in TaskName]: TaskDefinition<any, Name> } = {
  generate: generateTask,
  chat: chatTask,
  complete: completeTask,
  explain: explainTask,
  ask: askTask,
  test: testTask,
  refactor: refactorTask,
  review: reviewTask,
  debug: debugTask,
  fix: fixTask,
  change: changeTask,
  check: checkTask,
  scan: scanTask,
  licence: licenceTask,
};

export function taskNames(): TaskName[] {
  return Object.keys(TASKS) as TaskName[];
}

export function taskDefinition<Name extends TaskName>(name: Name): TaskDefinition<unknown, Name> | undefined {
  return Object.hasOwn(TASKS, name) ? (TASKS[name] as TaskDefinition<unknown, Name>) : undefined;
}

// parts of complete and test that the benchmarks measure on their own (bench/tasks, bench/tasks2)
export type { CutCompletion } from './complete/block-end.js';
export { cutAtBlockEnd, cutAtBlockEndByFullParse } from './complete/block-end.js';
export { completionSyntax, completionSyntaxByFullParse } from './complete/completion-checks.js';
export type { SplicedTrees } from './complete/spliced-trees.js';
export { RecentTrees, splicedTrees, warmTree } from './complete/spliced-trees.js';
export { AGREEMENT_THRESHOLDS, type AgreementThresholds, judgeConfidence } from './confidence.js';
export { pythonFunctionNames, requestExamples } from './request-examples.js';
export { makeMutants } from './test/mutants.js';
export { openHarness, runMutants } from './test/mutation-run.js';
export { readTarget } from './test/target.js';
export { specialCasedInputs } from './test-evidence/special-cased.js';
