import type { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { askTask } from './ask.js';
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
import type { TaskDefinition, TaskHost, TaskName, TaskOptions, TaskResult } from './task.js';
import { testTask } from './test/index.js';

export { type AskDetails, askInput, askTask } from './ask.js';
export { chatInput, chatTask } from './chat.js';
export { type CompletionDetails, completeInput, completeTask, warmCompletion } from './complete/complete.js';
export { type DebugDetails, debugInput, debugTask } from './debug/index.js';
export { type ExplainDetails, explainInput, explainTask } from './explain/explain.js';
export { type FixDetails, type FixFinding, fixInput, fixTask } from './fix/index.js';
export { type CheckDetails, checkInput, checkTask } from './gate/check-task.js';
export {
  type LicenceDetails,
  type LicencePolicyView,
  licenceInput,
  licenceTask,
} from './gate/licence-task.js';
export { GATE_PROFILES, type GateProfile } from './gate/profiles.js';
export {
  type ScanDetails,
  scanFindings,
  scanInput,
  scanSarif,
  scanTask,
  scanText,
} from './gate/scan-task.js';
export { generateInput, generateTask } from './generate.js';
export type * from './task.js';
export { TaskSession, type TaskSessionOptions } from './task-session.js';
export { type VerdictStatus, verdictOf } from './verdict.js';

/** Every task a face can call, by name. */
// biome-ignore lint/suspicious/noExplicitAny: each definition checks its own input with its schema
const TASKS = new Map<TaskName, TaskDefinition<any>>();
for (const task of [generateTask, chatTask, completeTask, explainTask, askTask]) TASKS.set(task.name, task);
TASKS.set(testTask.name, testTask);
TASKS.set(refactorTask.name, refactorTask);
TASKS.set(reviewTask.name, reviewTask);
TASKS.set(debugTask.name, debugTask);
TASKS.set(fixTask.name, fixTask);
for (const task of [checkTask, scanTask, licenceTask]) TASKS.set(task.name, task);

export function taskNames(): TaskName[] {
  return [...TASKS.keys()];
}

export function taskDefinition(name: TaskName): TaskDefinition<unknown> | undefined {
  return TASKS.get(name);
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
export async function runTask(
  name: TaskName,
  input: unknown,
  host: TaskHost,
  options: TaskOptions = {},
): Promise<TaskResult> {
  const task = TASKS.get(name);
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
  options.onEvent?.({ type: 'result', result });
  return result;
}
