import type { z } from 'zod';
import type { Check, CheckResult } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import type { IndexStore } from '../index/index-store.js';
import type { ModelTask } from '../model/index.js';
import type { LanguageModel, Usage } from '../model/types.js';
import type { Confidence } from './confidence.js';
import type { TaskSession } from './task-session.js';
import type { VerdictStatus } from './verdict.js';

/**
 * The one task API every face calls — the CLI now, the HTTP server and the language server next. A task
 * takes a typed input (its zod schema validates what comes from outside), a host (the workspace, its
 * config and how to get a model) and an AbortSignal; it reports what it does as events and returns one
 * result shape. Faces parse input, call `runTask`, render events and the result: nothing else.
 */

export type TaskName =
  | 'generate'
  | 'complete'
  | 'explain'
  | 'debug'
  | 'ask'
  | 'chat'
  | 'test'
  | 'refactor'
  | 'review'
  | 'fix'
  | 'check'
  | 'scan'
  | 'licence';

/** A place in the workspace: a citation in an answer, or a piece of context that went into the prompt. */
export interface Citation {
  /** workspace-relative */
  path: string;
  /** 1-based, inclusive */
  startLine: number;
  endLine: number;
  /** why it is cited or was included */
  reason?: string;
}

/** A change to one file of the workspace, as a unified diff of the content it was computed against. */
export interface FileEdit {
  /** workspace-relative */
  path: string;
  /** unified diff (`--- a/path`, `+++ b/path`, hunks) */
  diff: string;
  /** sha-256 (hex) of the file's content the diff applies to: applying refuses when the file changed since */
  baseHash: string;
}

export interface Alternative {
  code: string;
  explanation: string;
}

/** One round of the repair loop: what failed, and what the model's next answer did about it. */
export interface RepairRound {
  round: number;
  /** the failures sent back to the model, one line each */
  feedback: string[];
  /** the verdict on the code the round produced */
  status: VerdictStatus;
  checks: CheckResult[];
}

export interface Verification {
  /**
   * the verdict (tasks/verdict.ts): `pass`, `fail`, or `unverified` when the code could not be verified;
   * `none` when the result has no code to verify (an answer in prose, an explanation)
   */
  status: VerdictStatus | 'none';
  checks: CheckResult[];
  /** a check forbids delivering the code as verified */
  blocked: boolean;
  /** why the status is what it is: what failed or blocks (with the findings), or what could not run */
  reasons: string[];
  /** why the confidence is what it is */
  confidenceReasons: string[];
  /** the repair rounds that led to this code, oldest first (empty when the first answer was kept) */
  rounds: RepairRound[];
}

export interface TaskResult {
  task: TaskName;
  /** the code the task produced (empty when it produced edits or only prose) */
  generated_code: string;
  /** changes to files the task proposes (debug's fix, refactor's diff), never applied by the task itself */
  edits: FileEdit[];
  explanation: string;
  test_stubs: string;
  confidence: Confidence;
  alternatives: Alternative[];
  /** `[path:line]` references in the answer that resolve to real code */
  citations: Citation[];
  verification: Verification;
  /** what happened that the engineer should know: no code, blocks left out, citations dropped, … */
  notes: string[];
  language: LanguageId | null;
  model: string;
  usage: Usage;
  /** what went into the prompt from the workspace */
  context: Citation[];
  durationMs: number;
  /** what only this task has (complete: completion, range, cached; debug: the re-run; …) */
  details?: Record<string, unknown>;
}

export type TaskStage = 'context' | 'model' | 'verify' | 'repair' | 'select' | 'run';

/** What a task reports while it works: the CLI draws it, the server streams it as server-sent events. */
export type TaskEvent =
  | { type: 'stage'; stage: TaskStage; status: 'start' | 'done'; detail?: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'check'; candidate: number; round: number; result: CheckResult }
  | { type: 'notice'; message: string }
  /** long work inside a stage: `done` of `total` units (files scanned, a corpus re-indexed) */
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'result'; result: TaskResult };

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
  /** an open index kept across requests (server, language server); otherwise each request opens one */
  index?: IndexStore;
  /** for hybrid retrieval when the index has vectors from this model */
  embedModel?: LanguageModel;
  /**
   * what the face keeps for tasks across requests (caches, the index kept open, warm workers), made by
   * the face and closed by it when it shuts down; without one a task keeps nothing past its run
   */
  session?: TaskSession;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onEvent?: (event: TaskEvent) => void;
}

export interface TaskDefinition<Input = unknown> {
  name: TaskName;
  /** one line, for help texts and the API document */
  description: string;
  /** validates input from outside (CLI flags, HTTP bodies, LSP params) */
  input: z.ZodType<Input>;
  run(input: Input, host: TaskHost, options: TaskOptions): Promise<TaskResult>;
}
