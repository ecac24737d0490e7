/**
 * The shapes the API answers with (see GET /openapi.json), as the web UI reads them. A task's result and
 * what a check reports come from the one schema every layer uses (src/tasks/result-schema.ts,
 * src/core/check.ts), imported here as types only, so the bundle never pulls in server modules; the rest
 * is written by hand, and test/web/api-types.ts fails the type check when it drifts from the server's
 * schemas.
 */
import type {
  Finding as CheckFinding,
  CheckResult as CheckReport,
  Severity as FindingSeverity,
} from '../../src/core/check.js';
import type {
  TaskResult as AnyTaskResult,
  Citation as ResultCitation,
  TaskEvent,
} from '../../src/tasks/result-schema.js';

export type Severity = FindingSeverity;
export type Finding = CheckFinding;
export type CheckResult = CheckReport;
export type Citation = ResultCitation;

/**
 * A task's result as the API answers it: the task's own, with the suggestion id (and, for `change`, the id
 * of the change the server keeps for its Accept).
 */
export type TaskResult = AnyTaskResult & { suggestion_id: string | null; proposal_id?: string | null };

/** `GET /v1/health`: the server's version, its tasks and what it allows. */
export interface ServerHealth {
  status: 'ok';
  version: string;
  tasks: string[];
  /** an Accept may write a change into the server's workspace (`[server] apply_changes`) */
  apply_changes: boolean;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  hint?: string;
}

/** What `Accept: text/event-stream` streams: the task's events, its result last (with the suggestion id), or an error. */
export type TaskStreamEvent =
  | Exclude<TaskEvent, { type: 'result' }>
  | { type: 'result'; result: TaskResult }
  | { type: 'error'; error: ApiErrorBody };

export interface StatsBucket {
  key: string;
  suggestions: number;
  shown: number;
  accepted: number;
  rejected: number;
  modified: number;
  copied: number;
  acceptanceRate: number | null;
}

export interface Stats {
  scope: 'user' | 'all';
  total: StatsBucket;
  byTask: StatsBucket[];
  byLanguage: StatsBucket[];
  byModel: StatsBucket[];
  byConfidence: StatsBucket[];
  byVerification: StatsBucket[];
  meanEditDistance: number | null;
}

export interface TokenView {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface UserView {
  id: string;
  name: string;
  admin: boolean;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  provider: string;
  model: string;
  endpoint: string;
  location: 'local' | 'remote';
  operation: string;
  promptChars: number;
  outputChars: number;
  redactions: number;
  outcome: string;
  policy: string;
}

export interface FileExcerpt {
  path: string;
  language: string | null;
  startLine: number;
  endLine: number;
  totalLines: number;
  text: string;
}

/** Part of the OpenAPI document: which paths exist and their request body schemas. */
export interface OpenApiDocument {
  info?: { version?: string };
  paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>>;
}

export interface SecurityDay {
  day: string;
  suggestions: number;
  passed: number;
  failed: number;
  notRun: number;
  unknown: number;
}

export interface CweCount {
  cwe: number;
  suggestions: number;
  findings: number;
  days: { day: string; suggestions: number; findings: number }[];
}

export interface SecurityStats {
  scope: 'user' | 'all';
  days: SecurityDay[];
  byCwe: CweCount[];
}

export interface EvalRun {
  id: string;
  userId: string;
  benchmark: string;
  form: string;
  harness: string;
  model: string | null;
  problems: number;
  samples: number;
  passed: number;
  passAtK: Record<string, number>;
  selectedPassAt1: number | null;
  pipelinePassAt1: number | null;
  failureKinds: Record<string, number>;
  sandboxed: boolean;
  durationMs: number;
  source: string;
  createdAt: string;
}

export interface ConversationView {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  turns: number;
}

export interface ConversationTurn {
  index: number;
  question: string;
  reply: string;
  result?: TaskResult;
  error?: string;
  createdAt: string;
  decision?: 'accepted' | 'rejected' | 'modified';
}

export interface PrivacySettings {
  policy: 'local-only' | 'redact-remote';
  policySource: 'config' | 'default';
  editable: false;
  redaction: {
    remote: 'always' | 'never-sent';
    providers: {
      name: string;
      location: 'local' | 'remote' | 'unknown';
      redact: 'remote' | 'always' | 'never';
    }[];
  };
  retention: {
    automatic: false;
    command: string;
    suggestions: number;
    oldestSuggestion: string | null;
    auditEntries: number;
    oldestAuditEntry: string | null;
    conversations: number;
    oldestConversation: string | null;
  };
}
