import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ChatSession, ChatStore, StoredMessage } from './chat-store.js';
import { openSqlite } from './sqlite.js';

const MIGRATIONS = [
  `create table sessions (
     id text primary key,
     title text not null,
     model text,
     created_at text not null,
     updated_at text not null
   );
   create table messages (
     id integer primary key,
     session_id text not null references sessions(id) on delete cascade,
     role text not null check (role in ('system', 'user', 'assistant')),
     content text not null,
     model text,
     input_tokens integer,
     output_tokens integer,
     created_at text not null
   );
   create index messages_by_session on messages(session_id, id);`,
];

interface SessionRow {
  id: string;
  title: string;
  model: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
}

interface MessageRow {
  role: StoredMessage['role'];
  content: string;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: string;
}

const SESSION_COLUMNS = `s.id, s.title, s.model, s.created_at, s.updated_at,
  (select count(*) from messages m where m.session_id = s.id) as message_count`;

function toSession(row: SessionRow): ChatSession {
  return {
    id: row.id,
    title: row.title,
    model: row.model ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    messageCount: row.message_count,
  };
}

/**
 * Chat history in `chat.db` of `folder` (the CLI's: the workspace's folder of the user's state dir). A
 * corrupt file is never discarded: the user's history stays for repair.
 */
export function openSqliteChatStore(folder: string): ChatStore {
  const file = join(folder, 'chat.db');
  let opened: ReturnType<typeof openSqlite>;
  try {
    opened = openSqlite(file, { migrations: MIGRATIONS, onCorrupt: 'keep' });
  } catch (error) {
    throw new UsageError(`the chat history ${file} cannot be opened: ${(error as Error).message}`, {
      hint: 'move the file aside to start a fresh history (nothing is deleted automatically)',
      cause: error,
    });
  }
  const { db } = opened;
  const insertSession = db.prepare(
    'insert into sessions (id, title, model, created_at, updated_at) values (?, ?, ?, ?, ?)',
  );
  const insertMessage = db.prepare(
    `insert into messages (session_id, role, content, model, input_tokens, output_tokens, created_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const touch = db.prepare('update sessions set updated_at = ? where id = ?');

  return {
    async createSession(init) {
      const now = new Date().toISOString();
      const id = randomBytes(6).toString('hex');
      insertSession.run(id, init.title, init.model ?? null, now, now);
      return { id, title: init.title, model: init.model, createdAt: now, updatedAt: now, messageCount: 0 };
    },
    async findSession(idOrPrefix) {
      const rows = db
        .prepare(`select ${SESSION_COLUMNS} from sessions s where s.id like ? escape '\\' limit 2`)
        .all(`${idOrPrefix.replace(/[\\%_]/g, '\\$&')}%`) as SessionRow[];
      if (rows.length > 1 && rows[0]!.id !== idOrPrefix) {
        throw new UsageError(`the session id prefix '${idOrPrefix}' matches several sessions`, {
          hint: 'give more characters of the id (`vouch chat --list` shows them)',
        });
      }
      return rows[0] ? toSession(rows[0]) : undefined;
    },
    async listSessions(limit = 50) {
      const rows = db
        .prepare(`select ${SESSION_COLUMNS} from sessions s order by s.updated_at desc limit ?`)
        .all(limit) as SessionRow[];
      return rows.map(toSession);
    },
    async appendMessage(sessionId, message) {
      const now = new Date().toISOString();
      db.transaction(() => {
        insertMessage.run(
          sessionId,
          message.role,
          message.content,
          message.model ?? null,
          message.inputTokens ?? null,
          message.outputTokens ?? null,
          now,
        );
        touch.run(now, sessionId);
      })();
    },
    async messages(sessionId) {
      const rows = db
        .prepare(
          'select role, content, model, input_tokens, output_tokens, created_at from messages where session_id = ? order by id',
        )
        .all(sessionId) as MessageRow[];
      return rows.map((row) => ({
        role: row.role,
        content: row.content,
        createdAt: row.created_at,
        ...(row.model ? { model: row.model } : {}),
        ...(row.input_tokens !== null ? { inputTokens: row.input_tokens } : {}),
        ...(row.output_tokens !== null ? { outputTokens: row.output_tokens } : {}),
      }));
    },
    async close() {
      db.close();
    },
  };
}
