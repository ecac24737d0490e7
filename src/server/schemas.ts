import { z } from 'zod';
import { checkResult, finding, severity } from '../core/check.js';
import { EVENT_KINDS, SCOPES } from '../store/record/server-store.js';
import { TASK_RESULTS, type TaskName, taskResult as taskResultOfTasks } from '../tasks/index.js';

/**
 * The shapes the API answers with, in zod: the OpenAPI document is generated from them, and the tests
 * parse real answers with them, so the document cannot drift from what the server sends.
 */

export const errorBody = z.object({
  error: z.object({
    code: z.string().meta({ description: 'stable machine-readable reason, e.g. `invalid_request`' }),
    message: z.string(),
    hint: z.string().optional(),
  }),
});

/** What a check reports, as core/check.ts declares it (one schema: the types and this document come from it). */
export { checkResult, finding, severity } from '../core/check.js';

const verdictStatus = z.enum(['pass', 'fail', 'unverified']);

const suggestionId = z.object({
  suggestion_id: z.string().nullable().meta({
    description: 'the id telemetry events refer to (POST /v1/events); null when the result has no code',
  }),
});

const proposalId = z.object({
  proposal_id: z.string().nullable().meta({
    description:
      'the change kept for you on the server: POST /v1/changes/{id}/apply writes it; null when there is nothing to write (a change that failed) or the server writes no change (`[server] apply_changes` off, `GET /v1/health`)',
  }),
});

/**
 * A task's result as `POST /v1/tasks/{name}` answers it: the task's own schema (tasks/result-schema.ts)
 * and the suggestion id; `change`'s with the id of the change the server keeps for its Accept.
 */
export function taskResponse<Name extends TaskName>(name: Name) {
  const response = TASK_RESULTS[name].extend(suggestionId.shape);
  return name === 'change' ? response.extend(proposalId.shape) : response;
}

/** Any task's result as the API answers it. */
export const taskResult = taskResultOfTasks.and(suggestionId);

export const checkRequest = z
  .object({
    code: z.string().max(1_000_000),
    language: z.string().meta({ description: 'a language id or alias: python, py, typescript, ts, …' }),
    path: z.string().optional().meta({ description: 'where the code would live, relative to the workspace' }),
    tests: z.array(z.string()).max(20).optional(),
  })
  .strict();

export const checkResponse = z.object({
  status: verdictStatus,
  reasons: z.array(z.string()),
  checks: z.array(checkResult),
});

export const scanRequest = z
  .object({
    files: z
      .array(
        z
          .object({
            path: z.string().min(1),
            source: z.string(),
            language: z.string().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    failOn: severity.optional(),
  })
  .strict();

export const scanResponse = z.object({
  /** `unverified` when a file was not checked, or none of the files is of a language the rules read (w141) */
  status: z.enum(['pass', 'fail', 'unverified']),
  files: z.number().int(),
  failing: z.number().int(),
  findings: z.array(finding),
  tools: z.array(z.unknown()),
  durationMs: z.number(),
});

export const licenceRequest = z
  .object({
    code: z.string().max(1_000_000).optional(),
    language: z.string().optional(),
  })
  .strict();

export const licenceResponse = z.object({
  /** `unverified` when a manifest could not be read: its dependencies were not judged (w154) */
  status: z.enum(['pass', 'fail', 'unverified']),
  reasons: z.array(z.string()),
  dependencies: z.record(z.string(), z.unknown()),
  matches: z.array(z.record(z.string(), z.unknown())),
});

export const eventInput = z
  .object({
    suggestion_id: z.string().min(1).max(100),
    kind: z.enum(EVENT_KINDS),
    edit_distance: z.number().int().min(0).optional(),
    final_code: z.string().max(1_000_000).optional().meta({
      description: '`modified`: the code as kept; the edit distance is computed from it when not given',
    }),
    face: z.string().min(1).max(20).optional(),
  })
  .strict();

export const eventsRequest = z.object({ events: z.array(eventInput).min(1).max(1000) }).strict();

/** A suggestion a face made with its own model (the language server, the CLI), told to the team's server. */
export const suggestionRequest = z
  .object({
    task: z.string().min(1).max(40),
    language: z.string().min(1).max(40).nullable(),
    model: z.string().min(1).max(200),
    confidence: z.enum(['low', 'medium', 'high']),
    verification: z.enum(['pass', 'fail', 'unverified', 'none']),
    gates_failed: z
      .array(z.enum(['security', 'licence']))
      .max(2)
      .optional(),
    /** where it was asked for (path, line, column), never the file's text */
    input: z.record(z.string(), z.unknown()).optional(),
    /** empty when the face records metadata only (`telemetry = "metadata"`, or local-only) */
    code: z.string().max(1_000_000),
    face: z.string().min(1).max(20).optional(),
  })
  .strict();

export const suggestionResponse = z.object({ suggestion_id: z.string() });

export const eventsResponse = z.object({ recorded: z.number().int() });

const statsBucket = z.object({
  key: z.string(),
  suggestions: z.number().int(),
  shown: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  modified: z.number().int(),
  copied: z.number().int(),
  acceptanceRate: z.number().nullable(),
});

export const statsResponse = z.object({
  scope: z.enum(['user', 'all']),
  total: statsBucket,
  byTask: z.array(statsBucket),
  byLanguage: z.array(statsBucket),
  byModel: z.array(statsBucket),
  byConfidence: z.array(statsBucket),
  byVerification: z.array(statsBucket),
  meanEditDistance: z.number().nullable(),
});

export const statsQuery = z
  .object({
    since: z.iso.datetime().optional(),
    all: z.enum(['true', 'false']).optional().meta({ description: "admin: everyone's stats" }),
  })
  .strict();

export const tokenView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const userView = z.object({
  id: z.string(),
  name: z.string(),
  admin: z.boolean(),
  createdAt: z.string(),
});

export const userName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits and . _ @ - (at most 64)');

export const createUserRequest = z.object({ name: userName, admin: z.boolean().optional() }).strict();

export const createTokenRequest = z
  .object({
    user: userName,
    name: z.string().min(1).max(100),
    scopes: z.array(z.enum(SCOPES)).min(1),
  })
  .strict();

export const createdToken = z.object({
  token: z.string().meta({ description: 'the secret: shown once, never again' }),
  record: tokenView,
});

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  provider: z.string(),
  model: z.string(),
  endpoint: z.string(),
  location: z.enum(['local', 'remote']),
  operation: z.enum(['chat', 'stream', 'fim', 'embed']),
  promptChars: z.number().int(),
  outputChars: z.number().int(),
  redactions: z.number().int(),
  outcome: z.string(),
  policy: z.string(),
});

export const auditQuery = z
  .object({
    since: z.iso.datetime().optional(),
    limit: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  tasks: z.array(z.string()),
  apply_changes: z.boolean().meta({
    description:
      "whether `POST /v1/changes/{id}/apply` writes a change into the server's workspace (`[server] apply_changes`); false: it answers 403 and the web UI offers no Accept",
  }),
});

// ── the dashboard's security and eval data, chat conversations, the privacy settings ──

const scopeQuery = {
  since: z.iso.datetime().optional(),
  all: z.enum(['true', 'false']).optional().meta({ description: "admin: everyone's, not only yours" }),
};

export const securityStatsQuery = z.object(scopeQuery).strict();

export const securityStatsResponse = z.object({
  scope: z.enum(['user', 'all']),
  days: z.array(
    z.object({
      day: z.string().meta({ description: 'UTC day (YYYY-MM-DD) the suggestions were made' }),
      suggestions: z.number().int(),
      passed: z.number().int().meta({ description: 'the security gate ran and found nothing' }),
      failed: z.number().int().meta({ description: 'the security gate ran and found something' }),
      notRun: z.number().int().meta({ description: 'skipped (a language it does not read) or errored' }),
      unknown: z.number().int().meta({ description: "recorded without the gate's outcome" }),
    }),
  ),
  byCwe: z.array(
    z.object({
      cwe: z.number().int(),
      suggestions: z.number().int(),
      findings: z.number().int(),
      days: z.array(z.object({ day: z.string(), suggestions: z.number().int(), findings: z.number().int() })),
    }),
  ),
});

const rate = z.number().min(0).max(1);

export const evalRunRequest = z
  .object({
    benchmark: z.string().min(1).max(100),
    form: z.string().min(1).max(100),
    harness: z.string().min(1).max(100),
    model: z.string().max(200).nullable().optional(),
    problems: z.number().int().min(1),
    samples: z.number().int().min(1),
    passed: z.number().int().min(0),
    'pass@k': z.record(z.string().regex(/^\d+$/), rate),
    selected: z
      .object({
        'pass@k': z.object({ '1': rate }),
        /** problems the selection could not rank (a uniform pick): with every problem here there is no figure */
        unranked: z.array(z.object({ taskId: z.string(), reason: z.string() })).optional(),
      })
      .optional(),
    pipeline: z.object({ 'pass@1': rate }).optional(),
    failureKinds: z.record(z.string(), z.number().int().min(0)).default({}),
    sandboxed: z.boolean(),
    durationMs: z.number().min(0),
    interrupted: z.boolean().optional(),
  })
  .meta({
    description:
      'the output of `vouch eval --json`, as printed (fields beyond these are ignored); an interrupted run is refused: its pass@k covers only part of the samples',
  });

export const evalRun = z.object({
  id: z.string(),
  userId: z.string(),
  benchmark: z.string(),
  form: z.string(),
  harness: z.string(),
  model: z.string().nullable(),
  problems: z.number().int(),
  samples: z.number().int(),
  passed: z.number().int(),
  passAtK: z.record(z.string(), z.number()),
  selectedPassAt1: z.number().nullable(),
  pipelinePassAt1: z.number().nullable(),
  failureKinds: z.record(z.string(), z.number()),
  sandboxed: z.boolean(),
  durationMs: z.number(),
  source: z.string().meta({ description: '`cli` (recorded by `vouch eval`) or `api`' }),
  createdAt: z.string(),
});

export const evalRunsQuery = z
  .object({
    ...scopeQuery,
    benchmark: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const evalRunsResponse = z.object({ scope: z.enum(['user', 'all']), runs: z.array(evalRun) });

export const conversationView = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  turns: z.number().int(),
});

const conversationTitle = z.string().trim().min(1).max(200);

export const createConversationRequest = z.object({ title: conversationTitle }).strict();

export const conversationTurnRequest = z
  .object({
    question: z.string().min(1).max(100_000),
    reply: z.string().max(1_000_000),
    result: taskResult.optional().meta({ description: "the chat task's result, as the server sent it" }),
    error: z.string().max(10_000).optional(),
    title: conversationTitle.optional().meta({ description: 'renames the conversation' }),
  })
  .strict();

export const conversationTurn = z.object({
  index: z.number().int(),
  question: z.string(),
  reply: z.string(),
  result: taskResult.optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  decision: z.enum(['accepted', 'rejected', 'modified']).optional().meta({
    description: "what you last decided about the turn's suggestion, from any face",
  }),
});

export const conversationsResponse = z.object({ conversations: z.array(conversationView) });

export const conversationResponse = z.object({
  conversation: conversationView,
  turns: z.array(conversationTurn),
});

export const privacySettingsResponse = z.object({
  policy: z.enum(['local-only', 'redact-remote']),
  policySource: z.enum(['config', 'default']),
  editable: z.literal(false).meta({
    description: 'the config file is the source of truth: edit [privacy] in vouch.toml and restart',
  }),
  redaction: z.object({
    remote: z.enum(['always', 'never-sent']),
    providers: z.array(
      z.object({
        name: z.string(),
        location: z.enum(['local', 'remote', 'unknown']),
        redact: z.enum(['remote', 'always', 'never']),
      }),
    ),
  }),
  retention: z.object({
    automatic: z.literal(false),
    command: z.string(),
    suggestions: z.number().int(),
    oldestSuggestion: z.string().nullable(),
    auditEntries: z.number().int(),
    oldestAuditEntry: z.string().nullable(),
    conversations: z.number().int(),
    oldestConversation: z.string().nullable(),
  }),
});

export const deletedConversation = z.object({ deleted: z.string().meta({ description: 'the id' }) });
