import type { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { humanReason } from '../core/human-reason.js';
import type { TaskDefinition, TaskHost, TaskName, TaskOptions, TaskResult, TaskResultOf } from './task.js';

/**
 * `runTask` with each task loaded on its first run (issue 59): a face that runs one task — a CLI
 * command — loads that task's modules only, not the whole registry (`index.ts` imports every task, and
 * with them the model providers, the index, the licence scanner, refactor's and test's machinery: ~300
 * modules that `vouch scan` never runs). `index.ts` re-exports this `runTask`, so every face runs tasks
 * through the one function; the faces that list the registry (`taskNames`/`taskDefinition`: the server)
 * still import `index.ts`.
 */
// biome-ignore lint/suspicious/noExplicitAny: each definition checks its own input with its schema
const LOADERS: { [Name in TaskName]: () => Promise<TaskDefinition<any, Name>> } = {
  generate: async () => (await import('./generate/index.js')).generateTask,
  chat: async () => (await import('./chat/index.js')).chatTask,
  complete: async () => (await import('./complete/index.js')).completeTask,
  explain: async () => (await import('./explain/index.js')).explainTask,
  ask: async () => (await import('./ask/index.js')).askTask,
  test: async () => (await import('./test/index.js')).testTask,
  refactor: async () => (await import('./refactor/index.js')).refactorTask,
  review: async () => (await import('./review/index.js')).reviewTask,
  debug: async () => (await import('./debug/index.js')).debugTask,
  fix: async () => (await import('./fix/index.js')).fixTask,
  change: async () => (await import('./change/index.js')).changeTask,
  check: async () => (await import('./check/index.js')).checkTask,
  scan: async () => (await import('./scan/index.js')).scanTask,
  licence: async () => (await import('./licence/index.js')).licenceTask,
};

/** The names of every task, without loading one. */
export function lazyTaskNames(): TaskName[] {
  return Object.keys(LOADERS) as TaskName[];
}

/** A task's definition, its modules loaded on first use; undefined for a name that is no task. */
export async function loadTaskDefinition<Name extends TaskName>(
  name: Name,
): Promise<TaskDefinition<unknown, Name> | undefined> {
  return Object.hasOwn(LOADERS, name)
    ? ((await LOADERS[name]()) as TaskDefinition<unknown, Name>)
    : undefined;
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
export async function runTask<Name extends TaskName>({
  name,
  input,
  host,
  options = {},
}: {
  name: Name;
  input: unknown;
  host: TaskHost;
  options?: TaskOptions;
}): Promise<TaskResultOf<Name>> {
  const task = await loadTaskDefinition(name);
  if (!task) {
    throw new UsageError(`there is no task '${name}'`, { hint: `tasks: ${lazyTaskNames().join(', ')}` });
  }
  const parsed = task.input.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(`invalid input for ${name}: ${describeIssues(parsed.error)}`, {
      hint: `see \`vouch ${name} --help\``,
    });
  }
  const result = await task.run(parsed.data, host, options);
  withinVerdict(result as TaskResult);
  inHumanWords(result as TaskResult);
  options.onEvent?.({ type: 'result', result: result as TaskResult });
  return result;
}

/**
 * One rule for every task and face: code the verdict calls not verified is delivered with low confidence,
 * whatever the task's own measure said (a mutation score, agreement among samples). A high or medium
 * confidence beside NOT VERIFIED reads as a vouch the checks did not give (r40: `vouch test --json`
 * said high with `status: "unverified"`, `generate --lang go` medium beside NOT VERIFIED).
 */
export function withinVerdict(result: TaskResult): void {
  const verification = result.verification;
  if (verification?.status !== 'unverified' || result.confidence === 'low') return;
  const was = result.confidence;
  result.confidence = 'low';
  verification.confidenceReasons = [
    ...(verification.confidenceReasons ?? []),
    `not verified (${verification.reasons?.[0] ?? 'a check could not run'}): confidence low, not ${was}`,
  ];
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
