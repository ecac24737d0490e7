import type { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { humanReason } from '../core/human-reason.js';
import { askTask } from './ask.js';
import { changeTask } from './change/index.js';
import { chatTask } from './chat.js';
import { completeTask } from './complete/complete.js';
import { debugTask } from './debug/index.js';
import { explainTask } from './explain/explain.js';
import { fixTask } from './fix/index.js';
import { checkTask } from './gate/check-task.js';
import { licenceTask } from './gate/licence-task.js';
import { scanTask } from './gate/scan-task.js';
import { generateTask } from './generate.js';
import { refactorTask } from './refactor/index.js';
import { reviewTask } from './review/index.js';
import type { TaskDefinition, TaskHost, TaskName, TaskOptions, TaskResult, TaskResultOf } from './task.js';
import { testTask } from './test/index.js';

export { askInput, askTask } from './ask.js';
export type { AskDetails } from './ask-details.js';
export { applyChange, type ChangeRefusal } from './change/apply.js';
export type { ChangeDetails } from './change/change-details.js';
export { changeInput, changeTask } from './change/index.js';
export { chatInput, chatTask } from './chat.js';
export { completeInput, completeTask, warmCompletion } from './complete/complete.js';
export type { CompletionDetails } from './complete/completion-details.js';
export type { DebugDetails } from './debug/debug-details.js';
export { debugInput, debugTask } from './debug/index.js';
export type { DesignDetails } from './design/design-details.js';
export { explainInput, explainTask } from './explain/explain.js';
export type { ExplainDetails } from './explain/explain-details.js';
export type { FixDetails, FixFinding } from './fix/fix-details.js';
export { fixInput, fixTask } from './fix/index.js';
export { checkInput, checkTask } from './gate/check-task.js';
export type { CheckDetails, LicenceDetails, LicencePolicyView, ScanDetails } from './gate/gate-details.js';
export { licenceInput, licenceTask } from './gate/licence-task.js';
export { GATE_PROFILES, type GateProfile } from './gate/profiles.js';
export { scanFindings, scanInput, scanSarif, scanTask, scanText } from './gate/scan-task.js';
export { generateInput, generateTask } from './generate.js';
export type { RefactorDetails } from './refactor/refactor-details.js';
export { TASK_NAMES, TASK_RESULTS, taskEvent, taskResult } from './result-schema.js';
export type { ReviewComment, ReviewDetails } from './review/review-details.js';
export type * from './task.js';
export { TaskSession, type TaskSessionOptions } from './task-session.js';
export type { TestDetails } from './test/test-details.js';
export { type VerdictStatus, verdictOf } from './verdict.js';

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

/** The issues of a failed parse as one sentence per field: `n: must be at most 20`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

/**
 * Runs a task by name: the input is validated against the task's schema first (a bad one is a usage
 * error naming each field that is wrong), then the task runs with the host and options, and its result
 * is also emitted as the last event.
 */
export async function runTask<Name extends TaskName>(
  name: Name,
  input: unknown,
  host: TaskHost,
  options: TaskOptions = {},
): Promise<TaskResultOf<Name>> {
  const task = taskDefinition(name);
  if (!task) {
    throw new UsageError(`there is no task '${name}'`, { hint: `tasks: ${taskNames().join(', ')}` });
  }
  const parsed = task.input.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(`invalid input for ${name}: ${describeIssues(parsed.error)}`, {
      hint: `see \`vouch ${name} --help\``,
    });
  }
  const result = await task.run(parsed.data, host, options);
  inHumanWords(result as TaskResult);
  options.onEvent?.({ type: 'result', result: result as TaskResult });
  return result;
}

/**
 * The reasons every face shows, as sentences: a tool's JSON report or a stack trace that found its way
 * into a check's reason, the verdict's or the confidence's is described or left out (core/human-reason.ts;
 * issue 57). One place, for every task and face; what the checks found (findings) is left as it is.
 */
function inHumanWords(result: TaskResult): void {
  const verification = result.verification;
  if (!verification) return;
  for (const check of verification.checks ?? []) if (check.reason) check.reason = humanReason(check.reason);
  verification.reasons = (verification.reasons ?? []).map(humanReason);
  if (verification.confidenceReasons)
    verification.confidenceReasons = verification.confidenceReasons.map(humanReason);
}

// parts of complete and test that the benchmarks measure on their own (bench/tasks, bench/tasks2)
export type { CutCompletion } from './complete/block-end.js';
export { cutAtBlockEnd, cutAtBlockEndByFullParse } from './complete/block-end.js';
export { completionSyntax, completionSyntaxByFullParse } from './complete/completion-checks.js';
export type { SplicedTrees } from './complete/spliced-trees.js';
export { RecentTrees, splicedTrees, warmTree } from './complete/spliced-trees.js';
export { AGREEMENT_THRESHOLDS, type AgreementThresholds, judgeConfidence } from './confidence.js';
export { makeMutants } from './test/mutants.js';
export { openHarness, runMutants } from './test/mutation-run.js';
export { readTarget } from './test/target.js';
export { specialCasedInputs } from './test-evidence/special-cased.js';
