/**
 * The shapes the API answers with (see GET /openapi.json), as the web UI reads them. Written by hand so
 * the bundle never pulls in server modules; test/web/api-types.ts fails the type check when they drift
 * from the server's schemas.
 */

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  hint?: string;
  tool?: string;
  cwe?: number;
  suppressed?: { reason: string };
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip' | 'error';
  reason?: string;
  findings: Finding[];
  durationMs: number;
  blocking?: boolean;
  details?: Record<string, unknown>;
}

export interface Citation {
  path: string;
  startLine: number;
  endLine: number;
  reason?: string;
}

export interface TaskResult {
  task: string;
  generated_code: string;
  edits: { path: string; diff: string; baseHash: string }[];
  explanation: string;
  test_stubs: string;
  confidence: 'low' | 'medium' | 'high';
  alternatives: { code: string; explanation: string }[];
  citations: Citation[];
  verification: {
    status: 'pass' | 'fail' | 'unverified' | 'none';
    checks: CheckResult[];
    blocked: boolean;
    reasons: string[];
    confidenceReasons: string[];
    rounds: { round: number; feedback: string[]; status: string; checks: CheckResult[] }[];
  };
  notes: string[];
  language: string | null;
  model: string;
  usage: { inputTokens?: number; outputTokens?: number };
  context: Citation[];
  durationMs: number;
  details?: Record<string, unknown>;
  suggestion_id: string | null;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  hint?: string;
}

export type TaskStreamEvent =
  | { type: 'stage'; stage: string; status: 'start' | 'done'; detail?: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'check'; candidate: number; round: number; result: CheckResult }
  | { type: 'notice'; message?: string; level?: string; [key: string]: unknown }
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
