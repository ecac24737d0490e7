import { randomUUID } from 'node:crypto';
import type { ChangeProposalStore } from './change-proposal-store.js';
import type { SqlDatabase } from './sql-database.js';

/** The changes kept for an Accept over SQLite or PostgreSQL (the same SQL): `seq` orders them, oldest first. */
export function createSqlChangeProposalStore(db: SqlDatabase): ChangeProposalStore {
  return {
    async keepChangeProposal({ userId, result, at, perUser, total, notBefore }) {
      const id = `change-${randomUUID()}`;
      await db.transaction(async (tx) => {
        await tx.run('delete from change_proposals where created_at < ?', [notBefore]);
        await tx.run('insert into change_proposals (id, user_id, result, created_at) values (?, ?, ?, ?)', [
          id,
          userId,
          JSON.stringify(result),
          at,
        ]);
        // a user asking for many evicts their own oldest, never another user's
        await tx.run(
          `delete from change_proposals where user_id = ? and seq not in
             (select seq from change_proposals where user_id = ? order by seq desc limit ?)`,
          [userId, userId, perUser],
        );
        await tx.run(
          'delete from change_proposals where seq not in (select seq from change_proposals order by seq desc limit ?)',
          [total],
        );
      });
      return id;
    },
    async findChangeProposal(id, userId, notBefore) {
      // an expired change is gone, not merely unread (a server that stopped keeping changes keeps none)
      await db.run('delete from change_proposals where created_at < ?', [notBefore]);
      const row = await db.get<{ result: string }>(
        'select result from change_proposals where id = ? and user_id = ? and created_at >= ?',
        [id, userId, notBefore],
      );
      return row ? (JSON.parse(row.result) as unknown) : undefined;
    },
    async forgetChangeProposal(id) {
      await db.run('delete from change_proposals where id = ?', [id]);
    },
  };
}
