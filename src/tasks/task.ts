import type { z } from 'zod';
import type { Check } from '../core/check.js';
import type { IndexStore } from '../index/index-store.js';
import type { ModelTask } from '../model/index.js';
import type { LanguageModel } from '../model/types.js';
import type { TaskEvent, TaskName, TaskResultOf } from './result-schema.js';
import type { TaskSession } from './task-session.js';

/**
 * The one task API every face calls: the CLI, the HTTP server and the language server. A task
 * takes a typed input (its zod schema validates what comes from outside), a host (the workspace, its
 * config and how to get a model) and an AbortSignal; it reports what it does as events and returns one
 * result shape. Faces parse input, call `runTask`, render events and the result: nothing else.
 */

export type {
  Alternative,
  Citation,
  FileEdit,
  RepairRound,
  TaskDetailsOf,
  TaskEvent,
  TaskName,
  TaskResult,
  TaskResultOf,
  TaskStage,
  Verification,
} from './result-schema.js';

/** What a face provides: the workspace and the means; a task needs nothing else. */
export interface TaskHost {
  /** absolute path of the workspace the task works in */
  workspaceRoot: string;
  /** the merged configuration (sections are validated by their owners) */
  config: Record<string, unknown>;
  /** the model for a kind of work (the CLI: --model, VOUCH_MODEL, the config, a local Ollama) */
  model(task: ModelTask): Promise<LanguageModel>;
  /** the checks code goes through; default: every check (tasks/checks.ts) */
  checks?: Check[];
  /** code may run without a sandbox (the user said so); every report says so */
  unsafeNoSandbox?: boolean;
  /** each run of code under test ends after this (`--timeout`); default: the limit each check sets */
  runTimeoutMs?: number;
  /**
   * the built-in detectors (the security scan) run on a worker thread, stopped after this (the team
   * server: its thread serves everyone); unset, they run in-process (the CLI: nothing else shares it)
   */
  detectorBudgetMs?: number;
  /** an open index kept across requests (server, language server); otherwise each request opens one */
  index?: IndexStore;
  /** for hybrid retrieval when the index has vectors from this model */
  embedModel?: LanguageModel;
  /**
   * what the face keeps for tasks across requests (caches, the index kept open, warm workers), made by
   * the face and closed by it when it shuts down; without one a task keeps nothing past its run
   */
  session?: TaskSession;
  /**
   * whose requests these are, where a face serves several people (the team server: the user's id): what
   * the session caches for one (completions) is never served to another
   */
  cacheScope?: string;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onEvent?: (event: TaskEvent) => void;
}

export interface TaskDefinition<Input, Name extends TaskName> {
  name: Name;
  /** one line, for help texts and the API document */
  description: string;
  /** validates input from outside (CLI flags, HTTP bodies, LSP params) */
  input: z.ZodType<Input>;
  /** the result, of this task's schema (result-schema.ts) */
  run(input: Input, host: TaskHost, options: TaskOptions): Promise<TaskResultOf<Name>>;
}
