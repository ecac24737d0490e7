import { z } from 'zod';
import { checkResult } from '../core/check.js';
import { LANGUAGE_IDS } from '../core/language-ids.js';
import { askDetails } from './ask/ask-details.js';
import { changeDetails } from './change/change-details.js';
import { completionDetails } from './complete/completion-details.js';
import { debugDetails } from './debug/debug-details.js';
import { designDetails } from './design/design-details.js';
import { explainDetails } from './explain/explain-details.js';
import { fixDetails } from './fix/fix-details.js';
import { checkDetails, licenceDetails, scanDetails } from './gate/gate-details.js';
import { refactorDetails } from './refactor/refactor-details.js';
import { reviewDetails } from './review/review-details.js';
import { testDetails } from './test/test-details.js';

/**
 * The one schema of what a task returns and reports, per task: the TypeScript types every layer uses
 * (task.ts re-exports them), the OpenAPI document of `POST /v1/tasks/{name}` and the web client's types
 * (web/src/types.ts imports them as types) all come from here, and the server's tests parse what it sends
 * with it. Each task's `details` has its own schema beside the task; a result is told apart by `task`.
 * Nothing of Node here, nor in what it imports: the web client's type check reads these files.
 */

export const TASK_NAMES = [
  'generate',
  'complete',
  'explain',
  'debug',
  'ask',
  'chat',
  'test',
  'refactor',
  'review',
  'fix',
  'change',
  'check',
  'scan',
  'licence',
] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export const citation = z.object({
  path: z.string().meta({ description: 'workspace-relative' }),
  startLine: z.number().int().meta({ description: '1-based, inclusive' }),
  endLine: z.number().int(),
  reason: z.string().optional().meta({ description: 'why it is cited or was included' }),
});
export type Citation = z.output<typeof citation>;

export const fileEdit = z.object({
  path: z.string().meta({ description: 'workspace-relative' }),
  diff: z.string().meta({ description: 'unified diff (`--- a/path`, `+++ b/path`, hunks)' }),
  baseHash: z.string().meta({
    description: "sha-256 (hex) of the file's content the diff applies to: applying refuses when it changed",
  }),
});
export type FileEdit = z.output<typeof fileEdit>;

export const alternative = z.object({ code: z.string(), explanation: z.string() });
export type Alternative = z.output<typeof alternative>;

export const verdictStatus = z.enum(['pass', 'fail', 'unverified']);

export const repairRound = z.object({
  round: z.number().int(),
  feedback: z.array(z.string()).meta({ description: 'the failures sent back to the model, one line each' }),
  status: verdictStatus.meta({ description: 'the verdict on the code the round produced' }),
  checks: z.array(checkResult),
});
export type RepairRound = z.output<typeof repairRound>;

export const confidenceEvidence = z.object({
  kind: z.enum(['user-tests', 'model-tests', 'agreement', 'differential', 'properties']),
  independent: z.boolean().meta({ description: 'from a source other than the model that wrote the code' }),
  detail: z.string(),
});

export const verification = z.object({
  status: z.union([verdictStatus, z.literal('none')]).meta({
    description:
      '`pass`, `fail`, `unverified` when the code could not be verified; `none` when there is no code to verify',
  }),
  checks: z.array(checkResult),
  blocked: z.boolean().meta({ description: 'a check forbids delivering the code as verified' }),
  reasons: z.array(z.string()).meta({ description: 'why the status is what it is' }),
  confidenceReasons: z.array(z.string()),
  confidenceEvidence: z.array(confidenceEvidence).optional().meta({
    description:
      "what vouched for the code and earned its confidence: `independent` evidence (the user's tests, agreement across sampled candidates, a differential, properties) is needed for high; the model's own tests alone are not independent",
  }),
  rounds: z.array(repairRound).meta({ description: 'the repair rounds that led to this code, oldest first' }),
});
export type Verification = z.output<typeof verification>;

export const usage = z.object({ inputTokens: z.number().optional(), outputTokens: z.number().optional() });

/** What every task's result has; `task` and `details` are each task's own. */
const resultFrame = z.object({
  generated_code: z.string().meta({ description: 'the code produced (empty for edits or prose)' }),
  edits: z.array(fileEdit).meta({ description: 'changes to files the task proposes, never applied by it' }),
  explanation: z.string(),
  test_stubs: z.string(),
  confidence: z.enum(['low', 'medium', 'high']),
  alternatives: z.array(alternative),
  citations: z.array(citation).meta({ description: '`[path:line]` references in the answer that resolve' }),
  verification,
  notes: z.array(z.string()).meta({ description: 'what happened that the engineer should know' }),
  language: z.enum(LANGUAGE_IDS).nullable(),
  model: z.string(),
  usage,
  context: z.array(citation).meta({ description: 'what went into the prompt from the workspace' }),
  durationMs: z.number(),
});

const resultOf = <Name extends TaskName, Details extends z.ZodType>(task: Name, details: Details) =>
  resultFrame.extend({ task: z.literal(task), details });

const generateDetails = z.strictObject({
  explain: explainDetails
    .extend({ explanation: z.string() })
    .optional()
    .meta({ description: 'with `explain: true`: the delivered code explained' }),
});

/** Each task's result, by name. */
export const TASK_RESULTS = {
  generate: resultOf('generate', generateDetails.optional()),
  complete: resultOf('complete', completionDetails),
  explain: resultOf('explain', explainDetails),
  debug: resultOf('debug', debugDetails),
  ask: resultOf('ask', z.union([askDetails, designDetails])),
  chat: resultOf('chat', z.strictObject({ reply: z.string() })),
  test: resultOf('test', testDetails),
  refactor: resultOf('refactor', refactorDetails),
  review: resultOf('review', reviewDetails),
  fix: resultOf('fix', fixDetails),
  change: resultOf('change', changeDetails),
  check: resultOf('check', checkDetails),
  scan: resultOf('scan', scanDetails),
  licence: resultOf('licence', licenceDetails),
} as const satisfies Record<TaskName, z.ZodType>;

export const taskResult = z.discriminatedUnion('task', [
  TASK_RESULTS.generate,
  TASK_RESULTS.complete,
  TASK_RESULTS.explain,
  TASK_RESULTS.debug,
  TASK_RESULTS.ask,
  TASK_RESULTS.chat,
  TASK_RESULTS.test,
  TASK_RESULTS.refactor,
  TASK_RESULTS.review,
  TASK_RESULTS.fix,
  TASK_RESULTS.change,
  TASK_RESULTS.check,
  TASK_RESULTS.scan,
  TASK_RESULTS.licence,
]);

export type TaskResult = z.output<typeof taskResult>;
/** The result of one task: `details` typed as that task's. */
export type TaskResultOf<Name extends TaskName> = z.output<(typeof TASK_RESULTS)[Name]>;
export type TaskDetailsOf<Name extends TaskName> = TaskResultOf<Name>['details'];

export const taskStage = z.enum(['context', 'model', 'verify', 'repair', 'select', 'run']);
export type TaskStage = z.output<typeof taskStage>;

/** What a task reports while it works: the CLI draws it, the server streams it as server-sent events. */
export const taskEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stage'),
    stage: taskStage,
    status: z.enum(['start', 'done']),
    detail: z.string().optional(),
  }),
  z.object({ type: z.literal('text-delta'), delta: z.string() }),
  z.object({
    type: z.literal('check'),
    candidate: z.number().int(),
    round: z.number().int(),
    result: checkResult,
  }),
  z.object({ type: z.literal('notice'), message: z.string() }),
  z.object({
    type: z.literal('progress'),
    label: z.string(),
    done: z.number(),
    total: z.number(),
  }),
  z.object({ type: z.literal('result'), result: taskResult }),
]);
export type TaskEvent = z.output<typeof taskEvent>;
