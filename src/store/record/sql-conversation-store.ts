import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationStore, ConversationTurn } from './conversation-store.js';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

interface ConversationRow {
  id: string;
  user_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  turns: number;
}

interface TurnRow {
  position: number;
  question: string;
  reply: string;
  result: string | null;
  error: string | null;
  created_at: string;
}

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  userId: row.user_id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  turns: Number(row.turns),
});

const toTurn = (row: TurnRow): ConversationTurn => ({
  index: Number(row.position),
  question: row.question,
  reply: row.reply,
  ...(row.result !== null ? { result: JSON.parse(row.result) as unknown } : {}),
  ...(row.error !== null ? { error: row.error } : {}),
  createdAt: row.created_at,
});

const CONVERSATION = `select c.id, c.user_id, c.title, c.created_at, c.updated_at,
    (select count(*) from conversation_turns t where t.conversation_id = c.id) as turns
  from conversations c`;

/** The last accepted / rejected / modified event of each of these suggestions of the user. */
async function decisions(db: SqlExecutor, userId: string, ids: string[]) {
  const decided = new Map<string, NonNullable<ConversationTurn['decision']>>();
  if (ids.length === 0) return decided;
  const rows = await db.all<{ suggestion_id: string; kind: NonNullable<ConversationTurn['decision']> }>(
    `select suggestion_id, kind from events
     where user_id = ? and kind in ('accepted', 'rejected', 'modified')
       and suggestion_id in (${ids.map(() => '?').join(', ')})
     order by id`,
    [userId, ...ids],
  );
  for (const row of rows) decided.set(row.suggestion_id, row.kind);
  return decided;
}

const suggestionIdOf = (turn: ConversationTurn): string | undefined => {
  const id = (turn.result as { suggestion_id?: unknown } | undefined)?.suggestion_id;
  return typeof id === 'string' ? id : undefined;
};

function findConversation(db: SqlExecutor, id: string, userId: string) {
  return db.get<ConversationRow>(`${CONVERSATION} where c.id = ? and c.user_id = ?`, [id, userId]);
}

/** Conversations and their turns over the server store's database; every query is keyed by the owner. */
export function createSqlConversationStore(db: SqlDatabase): ConversationStore {
  return {
    async createConversation({ userId, title }) {
      const at = new Date().toISOString();
      const conversation: Conversation = {
        id: randomUUID(),
        userId,
        title,
        createdAt: at,
        updatedAt: at,
        turns: 0,
      };
      await db.run(
        'insert into conversations (id, user_id, title, created_at, updated_at) values (?, ?, ?, ?, ?)',
        [conversation.id, userId, title, at, at],
      );
      return conversation;
    },

    async listConversations(userId, options = {}) {
      const rows = await db.all<ConversationRow>(
        `${CONVERSATION} where c.user_id = ? order by c.updated_at desc, c.created_at desc, c.id limit ?`,
        [userId, options.limit ?? 100],
      );
      return rows.map(toConversation);
    },

    async getConversation(id, userId) {
      const row = await findConversation(db, id, userId);
      if (!row) return undefined;
      const turns = await db.all<TurnRow>(
        `select position, question, reply, result, error, created_at from conversation_turns
         where conversation_id = ? order by position`,
        [id],
      );
      const loaded = turns.map(toTurn);
      const decided = await decisions(db, userId, [
        ...new Set(loaded.map(suggestionIdOf).filter((id): id is string => id !== undefined)),
      ]);
      for (const turn of loaded) {
        const decision = decided.get(suggestionIdOf(turn) ?? '');
        if (decision) turn.decision = decision;
      }
      return { conversation: toConversation(row), turns: loaded };
    },

    async appendTurn(id, userId, { turn, title }) {
      return db.transaction(async (tx) => {
        // PostgreSQL: two appends to one conversation wait for each other instead of both counting the
        // same turns (SQLite's transactions already run one at a time)
        if (db.dialect === 'postgres')
          await tx.get('select id from conversations where id = ? and user_id = ? for update', [id, userId]);
        const row = await findConversation(tx, id, userId);
        if (!row) return undefined;
        const at = new Date().toISOString();
        const stored: ConversationTurn = { ...turn, index: Number(row.turns), createdAt: at };
        await tx.run(
          `insert into conversation_turns (conversation_id, position, question, reply, result, error, created_at)
           values (?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            stored.index,
            turn.question,
            turn.reply,
            turn.result === undefined ? null : JSON.stringify(turn.result),
            turn.error ?? null,
            at,
          ],
        );
        if (title !== undefined)
          await tx.run('update conversations set updated_at = ?, title = ? where id = ?', [at, title, id]);
        else await tx.run('update conversations set updated_at = ? where id = ?', [at, id]);
        return stored;
      });
    },

    async deleteConversation(id, userId) {
      return db.transaction(async (tx) => {
        const row = await findConversation(tx, id, userId);
        if (!row) return false;
        await tx.run('delete from conversation_turns where conversation_id = ?', [id]);
        await tx.run('delete from conversations where id = ?', [id]);
        return true;
      });
    },
  };
}
