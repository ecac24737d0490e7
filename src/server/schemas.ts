import { z } from 'zod';
import { EVENT_KINDS, SCOPES } from '../store/server/server-store.js';

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

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

export const finding = z.object({
  ruleId: z.string(),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  severity,
  message: z.string(),
  hint: z.string().optional(),
  tool: z.string().optional(),
  cwe: z.number().int().optional(),
  suppressed: z.object({ reason: z.string() }).optional(),
});

export const checkResult = z.object({
  name: z.string(),
  status: z.enum(['pass', 'fail', 'skip', 'error']),
  reason: z.string().optional(),
  findings: z.array(finding),
  durationMs: z.number(),
  blocking: z.boolean().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const citation = z.object({
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  reason: z.string().optional(),
});

const verdictStatus = z.enum(['pass', 'fail', 'unverified']);

export const taskResult = z.object({
  task: z.string(),
  generated_code: z.string(),
  edits: z.array(z.object({ path: z.string(), diff: z.string(), baseHash: z.string() })),
  explanation: z.string(),
  test_stubs: z.string(),
  confidence: z.enum(['low', 'medium', 'high']),
  alternatives: z.array(z.object({ code: z.string(), explanation: z.string() })),
  citations: z.array(citation),
  verification: z.object({
    status: z.union([verdictStatus, z.literal('none')]),
    checks: z.array(checkResult),
    blocked: z.boolean(),
    reasons: z.array(z.string()),
    confidenceReasons: z.array(z.string()),
    rounds: z.array(
      z.object({
        round: z.number().int(),
        feedback: z.array(z.string()),
        status: verdictStatus,
        checks: z.array(checkResult),
      }),
    ),
  }),
  notes: z.array(z.string()),
  language: z.string().nullable(),
  model: z.string(),
  usage: z.object({ inputTokens: z.number().optional(), outputTokens: z.number().optional() }),
  context: z.array(citation),
  durationMs: z.number(),
  details: z.record(z.string(), z.unknown()).optional(),
  suggestion_id: z.string().nullable().meta({
    description: 'the id telemetry events refer to (POST /v1/events); null when the result has no code',
  }),
});

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
    code: z.string().min(1).max(1_000_000),
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

export const health = z.object({ status: z.literal('ok'), version: z.string(), tasks: z.array(z.string()) });
