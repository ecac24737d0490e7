import type { RateLimitCount, RateLimitTake } from './rate-limit-counter.js';

export type { RateLimitCount, RateLimitTake };

/**
 * Everything the team server keeps: users, API tokens (hashed, scoped, revocable), suggestions and their
 * telemetry events, and the audit log of outgoing model requests. One interface; one implementation over
 * SqlDatabase serves SQLite (the default) and PostgreSQL (`VOUCH_DATABASE_URL`). The contract suite
 * (server-store.case.ts) runs against both.
 */

import type { ChangeProposalStore } from './change-proposal-store.js';
import type { ConversationStore } from './conversation-store.js';
import type { InsightStore } from './insight-store.js';

export const SCOPES = ['tasks', 'telemetry', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const EVENT_KINDS = ['shown', 'accepted', 'rejected', 'modified', 'copied'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface User {
  id: string;
  name: string;
  admin: boolean;
  createdAt: string;
}

export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export interface NewSuggestion {
  userId: string;
  task: string;
  language: string | null;
  model: string;
  confidence: string;
  /** the verdict: pass / fail / unverified / none */
  verification: string;
  /** gates that keep a suggestion out of a fine-tuning set: `security` (failed, or passed with a finding attached), `licence` */
  gatesFailed: string[];
  /** the request as the face sent it (what the fine-tuning export turns into a prompt) */
  input: unknown;
  code: string;
  /** the workspace context that went into the prompt (paths and lines, never file contents) */
  context: unknown;
  /** the security gate's status (`pass`, `fail`, `skip`, `error`); null or absent when it did not run */
  securityGate?: string | null;
  /** CWE id → findings of the security gate carrying it (suppressed findings included: they were found) */
  cwes?: Record<number, number>;
}

export interface Suggestion extends NewSuggestion {
  id: string;
  createdAt: string;
}

export interface NewEvent {
  suggestionId: string;
  kind: EventKind;
  /** `modified`: characters changed between the suggestion and what was kept */
  editDistance?: number;
  /** `modified`: the code as kept (the fine-tuning export prefers it) */
  finalCode?: string;
  /** which face saw it: cli, lsp, web, api */
  face: string;
}

export interface AuditEntry {
  userId: string | null;
  provider: string;
  model: string;
  /** the host (and path) the request went to; never a key or a query string */
  endpoint: string;
  location: 'local' | 'remote';
  operation: 'chat' | 'stream' | 'fim' | 'embed';
  promptChars: number;
  outputChars: number;
  /** secrets replaced by placeholders before the request left */
  redactions: number;
  /** `ok`, `error: <kind>`, or `refused: <policy>` */
  outcome: string;
  policy: string;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
  at: string;
}

/**
 * How the suggestions of a group fared. Each shown suggestion counts under its last decision only, so
 * (accepted − modified) + modified + rejected + (shown − accepted − rejected) = shown.
 */
export interface StatsBucket {
  key: string;
  /** suggestions recorded (every answer with code a task produced) */
  suggestions: number;
  /** those a face reported showing (any event counts) */
  shown: number;
  /** last decision accepted, as is or modified */
  accepted: number;
  /** last decision rejected */
  rejected: number;
  /** last decision modified (kept after an edit): part of `accepted` */
  modified: number;
  /** copied at least once (not a decision) */
  copied: number;
  /** accepted (as is or modified) ÷ shown; null when nothing was shown */
  acceptanceRate: number | null;
}

export interface Stats {
  total: StatsBucket;
  byTask: StatsBucket[];
  byLanguage: StatsBucket[];
  byModel: StatsBucket[];
  byConfidence: StatsBucket[];
  byVerification: StatsBucket[];
  /** mean edit distance of modified suggestions */
  meanEditDistance: number | null;
}

export interface ExportRecord {
  suggestion: Suggestion;
  outcome: 'accepted' | 'modified';
  /** the code as kept: the modified version when there is one */
  finalCode: string;
  acceptedAt: string;
  userName: string;
}

export interface PruneResult {
  suggestions: number;
  events: number;
  audit: number;
  /** chat conversations last written to before the cut-off (their turns go with them) */
  conversations: number;
}

/** What retention would act on: how much is kept and since when. */
export interface RetainedData {
  suggestions: number;
  oldestSuggestion: string | null;
  auditEntries: number;
  oldestAuditEntry: string | null;
  conversations: number;
  oldestConversation: string | null;
}

export interface ServerStore extends InsightStore, ConversationStore, ChangeProposalStore {
  readonly dialect: 'sqlite' | 'postgres';
  createUser(init: { name: string; admin?: boolean }): Promise<User>;
  findUser(name: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  /** a new token for a user: the secret is returned once and only its hash is kept */
  createToken(init: { userId: string; name: string; scopes: Scope[] }): Promise<{
    token: string;
    record: TokenRecord;
  }>;
  /** the user and token a secret belongs to, unless it is unknown or revoked */
  authenticate(secret: string): Promise<{ user: User; token: TokenRecord } | undefined>;
  /** a user's tokens, or everyone's */
  listTokens(userId?: string): Promise<TokenRecord[]>;
  /** revokes a token (of `userId` only, when given); false when there is no such token (for them) */
  revokeToken(id: string, userId?: string): Promise<boolean>;
  recordSuggestion(suggestion: NewSuggestion): Promise<Suggestion>;
  /** a suggestion of this user (another user's is not found) */
  getSuggestion(id: string, userId: string): Promise<Suggestion | undefined>;
  /**
   * records events, all or none: every event must be about a suggestion of `userId`; the ids that are not
   * are returned and nothing is written
   */
  recordEvents(userId: string, events: NewEvent[]): Promise<{ recorded: number; unknown: string[] }>;
  /** acceptance statistics of one user, or of everyone when `userId` is undefined */
  stats(options?: { userId?: string; since?: string }): Promise<Stats>;
  /** accepted and modified suggestions, oldest first, for the fine-tuning export */
  acceptedSuggestions(options?: { since?: string }): Promise<ExportRecord[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(options?: { userId?: string; since?: string; limit?: number }): Promise<StoredAuditEntry[]>;
  /**
   * counts one request of `key` against a limit shared by every process on this store (one statement;
   * see rate-limit-counter.ts): allowed requests are counted, refused ones are not
   */
  takeRateLimit(key: string, take: RateLimitTake): Promise<RateLimitCount>;
  /**
   * deletes suggestions (with their events), audit entries and conversations older than `before` (ISO
   * time; a conversation by its last write)
   */
  prune(before: string): Promise<PruneResult>;
  /** counts and oldest times of what `prune` removes */
  retained(): Promise<RetainedData>;
  close(): Promise<void>;
}
