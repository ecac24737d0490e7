import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { takeRateLimit } from './rate-limit-counter.js';
import type {
  ExportRecord,
  NewEvent,
  Scope,
  ServerStore,
  Stats,
  StatsBucket,
  StoredAuditEntry,
  Suggestion,
  TokenRecord,
  User,
} from './server-store.js';
import { createSqlChangeProposalStore } from './sql-change-proposal-store.js';
import { createSqlConversationStore } from './sql-conversation-store.js';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';
import { createSqlInsightStore } from './sql-insight-store.js';

/** Tokens are 32 random bytes: a fast hash is enough (nothing to brute-force), and lookup is by hash. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const TOKEN_PREFIX = 'vouch_';
const now = () => new Date().toISOString();
const shortId = () => randomBytes(6).toString('hex');

interface UserRow {
  id: string;
  name: string;
  admin: number;
  created_at: string;
}
interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  scopes: string;
  created_at: string;
  revoked_at: string | null;
}
interface SuggestionRow {
  id: string;
  user_id: string;
  task: string;
  language: string | null;
  model: string;
  confidence: string;
  verification: string;
  gates_failed: string;
  input: string;
  code: string;
  context: string;
  created_at: string;
  security_gate: string | null;
}
interface GroupRow {
  task: string;
  language: string | null;
  model: string;
  confidence: string;
  verification: string;
  suggestions: number;
  shown: number;
  accepted: number;
  rejected: number;
  modified: number;
  copied: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  admin: row.admin === 1,
  createdAt: row.created_at,
});
const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  scopes: row.scopes.split(' ').filter(Boolean) as Scope[],
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});
const toSuggestion = (row: SuggestionRow): Suggestion => ({
  id: row.id,
  userId: row.user_id,
  task: row.task,
  language: row.language,
  model: row.model,
  confidence: row.confidence,
  verification: row.verification,
  gatesFailed: row.gates_failed.split(' ').filter(Boolean),
  input: JSON.parse(row.input),
  code: row.code,
  context: JSON.parse(row.context),
  ...(row.security_gate !== null ? { securityGate: row.security_gate } : {}),
  createdAt: row.created_at,
});

const SUGGESTION_COLUMNS =
  's.id, s.user_id, s.task, s.language, s.model, s.confidence, s.verification, s.gates_failed, s.input, s.code, s.context, s.created_at, s.security_gate';

/**
 * One row per (task, language, model, confidence, verification) with the number of suggestions that saw
 * each outcome. Any event means a suggestion was shown (a face may report `accepted` without a separate
 * `shown`). A suggestion counts under one decision only, its last (accepted, modified or rejected: a user
 * may change their mind), so accepted as is + modified + rejected + undecided = shown; `accepted` counts
 * accepted as is and modified alike. Copied is apart: a copy is not a decision.
 */
function groupedOutcomes(where: string): string {
  return `select task, language, model, confidence, verification, count(*) as suggestions,
      sum(shown) as shown,
      sum(case when decision in ('accepted', 'modified') then 1 else 0 end) as accepted,
      sum(case when decision = 'rejected' then 1 else 0 end) as rejected,
      sum(case when decision = 'modified' then 1 else 0 end) as modified,
      sum(copied) as copied
    from (
      select s.task, s.language, s.model, s.confidence, s.verification,
        max(case when e.id is not null then 1 else 0 end) as shown,
        max(case when e.kind = 'copied' then 1 else 0 end) as copied,
        (select d.kind from events d
          where d.suggestion_id = s.id and d.kind in ('accepted', 'rejected', 'modified')
          order by d.id desc limit 1) as decision
      from suggestions s left join events e on e.suggestion_id = s.id
      ${where}
      group by s.id, s.task, s.language, s.model, s.confidence, s.verification
    ) per_suggestion
    group by task, language, model, confidence, verification`;
}

function emptyBucket(key: string): StatsBucket {
  return {
    key,
    suggestions: 0,
    shown: 0,
    accepted: 0,
    rejected: 0,
    modified: 0,
    copied: 0,
    acceptanceRate: null,
  };
}

function rollUp(rows: GroupRow[], keyOf: (row: GroupRow) => string): StatsBucket[] {
  const buckets = new Map<string, StatsBucket>();
  for (const row of rows) {
    const key = keyOf(row);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = emptyBucket(key);
      buckets.set(key, bucket);
    }
    bucket.suggestions += row.suggestions;
    bucket.shown += row.shown;
    bucket.accepted += row.accepted;
    bucket.rejected += row.rejected;
    bucket.modified += row.modified;
    bucket.copied += row.copied;
  }
  for (const bucket of buckets.values())
    bucket.acceptanceRate = bucket.shown > 0 ? bucket.accepted / bucket.shown : null;
  return [...buckets.values()].sort((a, b) => b.suggestions - a.suggestions || a.key.localeCompare(b.key));
}

async function findUserBy(db: SqlExecutor, column: 'id' | 'name', value: string) {
  const row = await db.get<UserRow>(`select id, name, admin, created_at from users where ${column} = ?`, [
    value,
  ]);
  return row ? toUser(row) : undefined;
}

/** Writes one batch inside a transaction: all its events, or none when a suggestion is not the user's. */
async function writeBatch({
  tx,
  userId,
  events,
  at,
}: {
  tx: SqlExecutor;
  userId: string;
  events: NewEvent[];
  at: string;
}): Promise<{ recorded: number; unknown: string[] }> {
  const ids = [...new Set(events.map((event) => event.suggestionId))];
  const owned = new Set<string>();
  for (const id of ids) {
    const row = await tx.get<{ id: string }>('select id from suggestions where id = ? and user_id = ?', [
      id,
      userId,
    ]);
    if (row) owned.add(id);
  }
  const unknown = ids.filter((id) => !owned.has(id));
  if (unknown.length > 0) return { recorded: 0, unknown };
  for (const event of events) {
    await tx.run(
      `insert into events (suggestion_id, user_id, kind, edit_distance, final_code, face, created_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
      [
        event.suggestionId,
        userId,
        event.kind,
        event.editDistance ?? null,
        event.finalCode ?? null,
        event.face,
        at,
      ],
    );
  }
  return { recorded: events.length, unknown: [] };
}

interface PendingBatch {
  userId: string;
  events: NewEvent[];
  resolve(result: { recorded: number; unknown: string[] }): void;
  reject(error: unknown): void;
}

/**
 * Group commit for telemetry: batches that arrive while a commit is under way wait for the next one and
 * share it, so a durable commit (an fsync) is paid per group, not per request. Each batch still answers
 * only after the transaction holding it committed; if that transaction fails, every batch in it fails.
 */
function createIngest(db: SqlDatabase) {
  let pending: PendingBatch[] = [];
  let writing = false;
  const flush = async () => {
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        const at = now();
        const results = await db.transaction(async (tx) => {
          const answers: { recorded: number; unknown: string[] }[] = [];
          for (const batch of group)
            answers.push(await writeBatch({ tx, userId: batch.userId, events: batch.events, at }));
          return answers;
        });
        for (const [index, batch] of group.entries()) batch.resolve(results[index]!);
      } catch (error) {
        for (const batch of group) batch.reject(error);
      }
    }
    writing = false;
  };
  return {
    add(userId: string, events: NewEvent[]) {
      return new Promise<{ recorded: number; unknown: string[] }>((resolve, reject) => {
        pending.push({ userId, events, resolve, reject });
        if (!writing) {
          writing = true;
          // after the event loop's poll phase, so that the requests read in this turn join the group
          setImmediate(() => void flush());
        }
      });
    },
  };
}

/** The ServerStore over a SqlDatabase whose schema is `migrations.ts`. */
export function createSqlServerStore(db: SqlDatabase): ServerStore {
  const ingest = createIngest(db);
  return {
    dialect: db.dialect,

    async createUser(init) {
      const user: User = { id: shortId(), name: init.name, admin: init.admin === true, createdAt: now() };
      await db.run('insert into users (id, name, admin, created_at) values (?, ?, ?, ?)', [
        user.id,
        user.name,
        user.admin ? 1 : 0,
        user.createdAt,
      ]);
      return user;
    },
    findUser: (name) => findUserBy(db, 'name', name),
    async listUsers() {
      const rows = await db.all<UserRow>('select id, name, admin, created_at from users order by name');
      return rows.map(toUser);
    },

    async createToken(init) {
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const record: TokenRecord = {
        id: shortId(),
        userId: init.userId,
        name: init.name,
        scopes: [...new Set(init.scopes)],
        createdAt: now(),
        revokedAt: null,
      };
      await db.run(
        'insert into tokens (id, user_id, name, hash, scopes, created_at) values (?, ?, ?, ?, ?, ?)',
        [record.id, record.userId, record.name, hashToken(token), record.scopes.join(' '), record.createdAt],
      );
      return { token, record };
    },
    async authenticate(secret) {
      if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
      const row = await db.get<TokenRow & { user_name: string; admin: number; user_created_at: string }>(
        `select t.id, t.user_id, t.name, t.scopes, t.created_at, t.revoked_at,
           u.name as user_name, u.admin, u.created_at as user_created_at
         from tokens t join users u on u.id = t.user_id
         where t.hash = ? and t.revoked_at is null`,
        [hashToken(secret)],
      );
      if (!row) return undefined;
      return {
        token: toToken(row),
        user: {
          id: row.user_id,
          name: row.user_name,
          admin: row.admin === 1,
          createdAt: row.user_created_at,
        },
      };
    },
    async listTokens(userId) {
      const columns = 'id, user_id, name, scopes, created_at, revoked_at';
      const rows = userId
        ? await db.all<TokenRow>(`select ${columns} from tokens where user_id = ? order by created_at, id`, [
            userId,
          ])
        : await db.all<TokenRow>(`select ${columns} from tokens order by created_at, id`);
      return rows.map(toToken);
    },
    async revokeToken(id, userId) {
      const { changes } = userId
        ? await db.run(
            'update tokens set revoked_at = ? where id = ? and user_id = ? and revoked_at is null',
            [now(), id, userId],
          )
        : await db.run('update tokens set revoked_at = ? where id = ? and revoked_at is null', [now(), id]);
      if (changes > 0) return true;
      // revoking twice is not an error; revoking what is not there (or not yours) is
      const existing = await db.get<{ id: string }>(
        userId ? 'select id from tokens where id = ? and user_id = ?' : 'select id from tokens where id = ?',
        userId ? [id, userId] : [id],
      );
      return existing !== undefined;
    },

    async recordSuggestion(init) {
      const suggestion: Suggestion = { ...init, id: randomUUID(), createdAt: now() };
      const cwes = Object.entries(init.cwes ?? {}).filter(([, findings]) => findings > 0);
      const insert = (executor: SqlExecutor) =>
        executor.run(
          `insert into suggestions (id, user_id, task, language, model, confidence, verification,
           gates_failed, input, code, context, created_at, security_gate)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            suggestion.id,
            suggestion.userId,
            suggestion.task,
            suggestion.language,
            suggestion.model,
            suggestion.confidence,
            suggestion.verification,
            suggestion.gatesFailed.join(' '),
            JSON.stringify(suggestion.input ?? null),
            suggestion.code,
            JSON.stringify(suggestion.context ?? []),
            suggestion.createdAt,
            suggestion.securityGate ?? null,
          ],
        );
      if (cwes.length === 0) await insert(db);
      else
        await db.transaction(async (tx) => {
          await insert(tx);
          for (const [cwe, findings] of cwes)
            await tx.run(
              'insert into suggestion_cwes (suggestion_id, user_id, cwe, findings, created_at) values (?, ?, ?, ?, ?)',
              [suggestion.id, suggestion.userId, Number(cwe), findings, suggestion.createdAt],
            );
        });
      return suggestion;
    },
    async getSuggestion(id, userId) {
      const row = await db.get<SuggestionRow>(
        `select ${SUGGESTION_COLUMNS} from suggestions s where s.id = ? and s.user_id = ?`,
        [id, userId],
      );
      return row ? toSuggestion(row) : undefined;
    },
    async recordEvents(userId, events) {
      if (events.length === 0) return { recorded: 0, unknown: [] };
      return ingest.add(userId, events);
    },
    async stats(options = {}) {
      const conditions: string[] = [];
      const params: string[] = [];
      if (options.userId) {
        conditions.push('s.user_id = ?');
        params.push(options.userId);
      }
      if (options.since) {
        conditions.push('s.created_at >= ?');
        params.push(options.since);
      }
      const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
      const rows = await db.all<GroupRow>(groupedOutcomes(where), params);
      const distance = await db.get<{ mean: number | null }>(
        `select avg(e.edit_distance) as mean from events e join suggestions s on s.id = e.suggestion_id
         ${where ? `${where} and` : 'where'} e.kind = 'modified' and e.edit_distance is not null`,
        params,
      );
      const total = rollUp(rows, () => 'all')[0] ?? emptyBucket('all');
      return {
        total,
        byTask: rollUp(rows, (row) => row.task),
        byLanguage: rollUp(rows, (row) => row.language ?? 'unknown'),
        byModel: rollUp(rows, (row) => row.model),
        byConfidence: rollUp(rows, (row) => row.confidence),
        byVerification: rollUp(rows, (row) => row.verification),
        meanEditDistance:
          distance?.mean === null || distance?.mean === undefined ? null : Number(distance.mean),
      } satisfies Stats;
    },
    async acceptedSuggestions(options = {}) {
      const rows = await db.all<
        SuggestionRow & {
          kind: 'accepted' | 'modified';
          final_code: string | null;
          at: string;
          user_name: string;
        }
      >(
        `select ${SUGGESTION_COLUMNS}, e.kind, e.final_code, e.created_at as at, u.name as user_name
         from events e join suggestions s on s.id = e.suggestion_id join users u on u.id = s.user_id
         where e.kind in ('accepted', 'modified') ${options.since ? 'and e.created_at >= ?' : ''}
         order by e.created_at, e.id`,
        options.since ? [options.since] : [],
      );
      // one record per suggestion: its last accepting event wins (a later edit replaces an earlier accept)
      const latest = new Map<string, ExportRecord>();
      for (const row of rows) {
        const suggestion = toSuggestion(row);
        latest.set(suggestion.id, {
          suggestion,
          outcome: row.kind,
          finalCode: row.kind === 'modified' && row.final_code !== null ? row.final_code : suggestion.code,
          acceptedAt: row.at,
          userName: row.user_name,
        });
      }
      return [...latest.values()];
    },

    async appendAudit(entry) {
      await db.run(
        `insert into audit_log (user_id, at, provider, model, endpoint, location, operation, prompt_chars,
           output_chars, redactions, outcome, policy) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          entry.userId,
          now(),
          entry.provider,
          entry.model,
          entry.endpoint,
          entry.location,
          entry.operation,
          entry.promptChars,
          entry.outputChars,
          entry.redactions,
          entry.outcome,
          entry.policy,
        ],
      );
    },
    async listAudit(options = {}) {
      const conditions: string[] = [];
      const params: (string | number)[] = [];
      if (options.userId) {
        conditions.push('user_id = ?');
        params.push(options.userId);
      }
      if (options.since) {
        conditions.push('at >= ?');
        params.push(options.since);
      }
      params.push(options.limit ?? 1000);
      const rows = await db.all<Record<string, string | number | null>>(
        `select id, user_id, at, provider, model, endpoint, location, operation, prompt_chars, output_chars,
           redactions, outcome, policy from audit_log
         ${conditions.length ? `where ${conditions.join(' and ')}` : ''} order by id desc limit ?`,
        params,
      );
      return rows.map(
        (row): StoredAuditEntry => ({
          id: Number(row.id),
          at: String(row.at),
          userId: (row.user_id as string | null) ?? null,
          provider: String(row.provider),
          model: String(row.model),
          endpoint: String(row.endpoint),
          location: row.location as StoredAuditEntry['location'],
          operation: row.operation as StoredAuditEntry['operation'],
          promptChars: Number(row.prompt_chars),
          outputChars: Number(row.output_chars),
          redactions: Number(row.redactions),
          outcome: String(row.outcome),
          policy: String(row.policy),
        }),
      );
    },
    async prune(before) {
      return db.transaction(async (tx) => {
        const events = await tx.run(
          'delete from events where suggestion_id in (select id from suggestions where created_at < ?)',
          [before],
        );
        const suggestions = await tx.run('delete from suggestions where created_at < ?', [before]);
        const audit = await tx.run('delete from audit_log where at < ?', [before]);
        await tx.run(
          'delete from conversation_turns where conversation_id in (select id from conversations where updated_at < ?)',
          [before],
        );
        const conversations = await tx.run('delete from conversations where updated_at < ?', [before]);
        // changes kept for an Accept live an hour (routes/changes.ts); older ones go with everything else
        await tx.run('delete from change_proposals where created_at < ?', [before]);
        return {
          suggestions: suggestions.changes,
          events: events.changes,
          audit: audit.changes,
          conversations: conversations.changes,
        };
      });
    },
    takeRateLimit: (key, take) => takeRateLimit(db, key, take),
    async retained() {
      const summary = (table: string, column: string) =>
        db.get<{ count: number; oldest: string | null }>(
          `select count(*) as count, min(${column}) as oldest from ${table}`,
        );
      const [suggestions, audit, conversations] = await Promise.all([
        summary('suggestions', 'created_at'),
        summary('audit_log', 'at'),
        summary('conversations', 'updated_at'),
      ]);
      return {
        suggestions: Number(suggestions?.count ?? 0),
        oldestSuggestion: suggestions?.oldest ?? null,
        auditEntries: Number(audit?.count ?? 0),
        oldestAuditEntry: audit?.oldest ?? null,
        conversations: Number(conversations?.count ?? 0),
        oldestConversation: conversations?.oldest ?? null,
      };
    },
    ...createSqlInsightStore(db),
    ...createSqlConversationStore(db),
    ...createSqlChangeProposalStore(db),
    close: () => db.close(),
  };
}
