/**
 * The server store's schema, one list per dialect, step i applied once (SQLite: `user_version`,
 * PostgreSQL: `schema_version`). Add steps at the end; never edit a step that has shipped.
 * Timestamps are ISO-8601 UTC text in both, so the store's queries are the same SQL in both.
 */
const TABLES = (autoId: string) => `
  create table users (
    id text primary key,
    name text not null unique,
    admin integer not null default 0,
    created_at text not null
  );
  create table tokens (
    id text primary key,
    user_id text not null references users(id) on delete cascade,
    name text not null,
    hash text not null unique,
    scopes text not null,
    created_at text not null,
    revoked_at text
  );
  create index tokens_by_user on tokens(user_id);
  create table suggestions (
    id text primary key,
    user_id text not null references users(id) on delete cascade,
    task text not null,
    language text,
    model text not null,
    confidence text not null,
    verification text not null,
    gates_failed text not null,
    input text not null,
    code text not null,
    context text not null,
    created_at text not null
  );
  create index suggestions_by_user on suggestions(user_id, created_at);
  create index suggestions_by_time on suggestions(created_at);
  create table events (
    id ${autoId},
    suggestion_id text not null references suggestions(id) on delete cascade,
    user_id text not null,
    kind text not null check (kind in ('shown', 'accepted', 'rejected', 'modified', 'copied')),
    edit_distance integer,
    final_code text,
    face text not null,
    created_at text not null
  );
  create index events_by_suggestion on events(suggestion_id);
  create index events_by_time on events(created_at);
  create table audit_log (
    id ${autoId},
    user_id text,
    at text not null,
    provider text not null,
    model text not null,
    endpoint text not null,
    location text not null,
    operation text not null,
    prompt_chars integer not null,
    output_chars integer not null,
    redactions integer not null,
    outcome text not null,
    policy text not null
  );
  create index audit_by_time on audit_log(at);`;

/** Step 2: request counters for rate limits shared by every server process (rate-limit-counter.ts). */
const RATE_LIMITS = (kind: string) => `
  create ${kind} table rate_limits (
    limit_key text primary key,
    window_index integer not null,
    current_count integer not null,
    previous_count integer not null,
    allowed integer not null
  );`;

/**
 * Step 3: what the dashboard and the web chat need — the security gate's outcome and the CWE ids of its
 * findings per suggestion, eval runs (pass@k over time), and chat conversations kept on the server.
 */
const DASHBOARD_TABLES = (autoId: string) => `
  alter table suggestions add column security_gate text;
  create table suggestion_cwes (
    suggestion_id text not null references suggestions(id) on delete cascade,
    user_id text not null,
    cwe integer not null,
    findings integer not null,
    created_at text not null,
    primary key (suggestion_id, cwe)
  );
  create index suggestion_cwes_by_time on suggestion_cwes(created_at);
  create table eval_runs (
    id ${autoId},
    user_id text not null references users(id) on delete cascade,
    benchmark text not null,
    form text not null,
    harness text not null,
    model text,
    problems integer not null,
    samples integer not null,
    passed integer not null,
    pass_at_k text not null,
    selected_pass_at_1 double precision,
    pipeline_pass_at_1 double precision,
    failure_kinds text not null,
    sandboxed integer not null,
    duration_ms integer not null,
    source text not null,
    created_at text not null
  );
  create index eval_runs_by_time on eval_runs(created_at);
  create table conversations (
    id text primary key,
    user_id text not null references users(id) on delete cascade,
    title text not null,
    created_at text not null,
    updated_at text not null
  );
  create index conversations_by_user on conversations(user_id, updated_at);
  create table conversation_turns (
    id ${autoId},
    conversation_id text not null references conversations(id) on delete cascade,
    position integer not null,
    question text not null,
    reply text not null,
    result text,
    error text,
    created_at text not null,
    unique (conversation_id, position)
  );`;

/**
 * Step 4: the changes kept for an Accept (change-proposal-store.ts), so that an Accept finds its change
 * after a restart and on any server process.
 */
const CHANGE_PROPOSALS = (autoId: string) => `
  create table change_proposals (
    seq ${autoId},
    id text not null unique,
    user_id text not null references users(id) on delete cascade,
    result text not null,
    created_at text not null
  );
  create index change_proposals_by_user on change_proposals(user_id, seq);`;

/**
 * Step 5: applying a kept change is a claim (sql-change-proposal-store.ts): one conditional update moves
 * it from `proposed` to `applying`, so of two server processes applying the same change one wins and the
 * other is told; `applied` once written (kept until it expires, so a late Accept is told when), and
 * `state_at` says since when.
 */
const CHANGE_PROPOSAL_STATE = `
  alter table change_proposals add column state text not null default 'proposed';
  alter table change_proposals add column state_at text;`;

export const SQLITE_MIGRATIONS: readonly string[] = [
  `${TABLES('integer primary key autoincrement')}
  -- the audit log is append-only: rows are removed by retention (prune), never changed
  create trigger audit_log_append_only before update on audit_log
  begin select raise(abort, 'the audit log is append-only'); end;`,
  RATE_LIMITS(''),
  DASHBOARD_TABLES('integer primary key autoincrement'),
  CHANGE_PROPOSALS('integer primary key autoincrement'),
  CHANGE_PROPOSAL_STATE,
];

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `${TABLES('bigserial primary key')}
  create function audit_log_append_only() returns trigger language plpgsql as $$
  begin raise exception 'the audit log is append-only'; end $$;
  create trigger audit_log_append_only before update on audit_log
  for each row execute function audit_log_append_only();`,
  // counters are worth nothing after a crash: no write-ahead log, no fsync per request
  RATE_LIMITS('unlogged'),
  DASHBOARD_TABLES('bigserial primary key'),
  CHANGE_PROPOSALS('bigserial primary key'),
  CHANGE_PROPOSAL_STATE,
];
