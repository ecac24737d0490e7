/**
 * The index schema, as `openSqlite` migrations (append only: step i runs once). Rows of a file are keyed
 * by its `files.id`; `files.hash` (sha1 of the bytes) is what lets a rename or a branch switch reuse work.
 */
export const INDEX_MIGRATIONS: readonly string[] = [
  `
  create table files (
    id integer primary key,
    path text not null unique,
    size integer not null,
    mtime_ms real not null,
    hash text not null,
    language text,
    syntax_errors integer not null default 0,
    problem text
  );
  create index files_hash on files(hash);

  create table chunks (
    id integer primary key,
    file_id integer not null references files(id) on delete cascade,
    start_line integer not null,
    end_line integer not null,
    kind text not null,
    symbol text,
    text text not null
  );
  create index chunks_file on chunks(file_id);

  -- rowid = chunks.id; body holds the chunk text with identifiers split (getUserName → get user name).
  -- Contentless: the text lives once, in chunks; contentless_delete lets a file's rows be replaced.
  create virtual table chunks_fts using fts5(
    symbol, path, body, content = '', contentless_delete = 1, tokenize = 'porter unicode61'
  );

  create table symbols (
    id integer primary key,
    file_id integer not null references files(id) on delete cascade,
    name text not null,
    kind text not null,
    parent text,
    start_line integer not null,
    end_line integer not null,
    signature text not null,
    docstring text
  );
  create index symbols_name on symbols(name);
  create index symbols_file on symbols(file_id);

  create table refs (
    file_id integer not null references files(id) on delete cascade,
    name text not null,
    kind text not null,
    line integer not null
  );
  create index refs_name on refs(name);
  create index refs_file on refs(file_id);

  create table embeddings (
    chunk_id integer primary key references chunks(id) on delete cascade,
    model text not null,
    vector blob not null
  );

  create table meta (key text primary key, value text not null);
  `,
  // 2: what each file imports and re-exports (src/index/imports.ts), for following a name to the file that
  // declares it. Every file is parsed again on the next refresh (hash cleared) so the table fills.
  `
  create table imports (
    file_id integer not null references files(id) on delete cascade,
    local text not null,
    module text not null,
    name text not null,
    kind text not null,
    line integer not null
  );
  create index imports_file on imports(file_id);
  -- references are read per file (and all at once for the graph), never by name: one index less to keep up
  drop index if exists refs_name;
  update files set hash = '', mtime_ms = -1;
  `,
  // 3: a persisted generation of the symbols and references, for caches kept on disk next to the index
  // (src/index/graph-cache.ts). Every change to a file's symbols or references writes its `files` row
  // (inserted, its hash set, or deleted), so triggers on that row renew the token in the same
  // transaction, whichever process or build writes. A random token rather than a counter: a deleted and
  // rebuilt index never repeats an old value. Size/mtime updates (nothing parsed) leave it alone. An
  // update, not an insert: the policy of an outer `insert or ignore` would apply to an insert in the
  // trigger and could skip it; without the row (deleted by hand) no cache on disk is used.
  `
  insert or replace into meta (key, value) values ('generation', lower(hex(randomblob(16))));
  create trigger files_generation_insert after insert on files begin
    update meta set value = lower(hex(randomblob(16))) where key = 'generation';
  end;
  create trigger files_generation_update after update of hash on files begin
    update meta set value = lower(hex(randomblob(16))) where key = 'generation';
  end;
  create trigger files_generation_delete after delete on files begin
    update meta set value = lower(hex(randomblob(16))) where key = 'generation';
  end;
  `,
];
