import { TASK_RESULTS, type TaskName } from '../../src/tasks/index.js';

/**
 * What of a task's result its schema (src/tasks/result-schema.ts) refuses, one line per issue: empty when
 * the result is what the API documents and the web client reads. Task tests assert it on real results.
 */
export function resultIssues(name: TaskName, result: unknown): string[] {
  const parsed = TASK_RESULTS[name].safeParse(result);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
