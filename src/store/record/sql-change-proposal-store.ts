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
        // a user asking for many evicts their own oldest, never another user's. Applied changes (kept
        // only to tell a later Accept when) count for neither bound and evict nothing waiting; they go at
        // `notBefore` like the rest
        await tx.run(
          `delete from change_proposals where user_id = ? and state <> 'applied' and seq not in
             (select seq from change_proposals where user_id = ? and state <> 'applied' order by seq desc limit ?)`,
          [userId, userId, perUser],
        );
        await tx.run(
          `delete from change_proposals where state <> 'applied' and seq not in
             (select seq from change_proposals where state <> 'applied' order by seq desc limit ?)`,
          [total],
        );
      });
      return id;
    },
    async findChangeProposal(id, userId, notBefore) {
      // an expired change is gone, not merely unread (a server that stopped keeping changes keeps none)
      await db.run('delete from change_proposals where created_at < ?', [notBefore]);
      const row = await db.get<{ result: string }>(
        // only a change still waiting: one being applied or applied is not there to be applied again
        "select result from change_proposals where id = ? and user_id = ? and created_at >= ? and state = 'proposed'",
        [id, userId, notBefore],
      );
      return row ? (JSON.parse(row.result) as unknown) : undefined;
    },
    async forgetChangeProposal(id) {
      await db.run('delete from change_proposals where id = ?', [id]);
    },
    async claimChangeProposal({ id, userId, notBefore, at, staleBefore }) {
      await db.run('delete from change_proposals where created_at < ?', [notBefore]);
      return db.transaction(async (tx) => {
        // the claim is this one conditional update: PostgreSQL makes a second one wait for the first's
        // commit and then finds the state changed; SQLite runs one transaction at a time. A claim taken
        // before `staleBefore` is a server that died mid-write: taken again (the write checks each file's
        // hash first, so what that server did write makes the change outdated, never written twice)
        const { changes } = await tx.run(
          `update change_proposals set state = 'applying', state_at = ?
             where id = ? and user_id = ? and created_at >= ?
               and (state = 'proposed' or (state = 'applying' and state_at < ?))`,
          [at, id, userId, notBefore, staleBefore],
        );
        const row = await tx.get<{ result: string; state: string; state_at: string | null }>(
          'select result, state, state_at from change_proposals where id = ? and user_id = ? and created_at >= ?',
          [id, userId, notBefore],
        );
        if (!row) return undefined;
        if (changes === 1) return { claimed: true, result: JSON.parse(row.result) as unknown };
        return {
          claimed: false,
          state: row.state === 'applied' ? 'applied' : 'applying',
          since: row.state_at ?? '',
        };
      });
    },
    async markChangeProposalApplied(id, at) {
      await db.run(
        "update change_proposals set state = 'applied', state_at = ? where id = ? and state = 'applying'",
        [at, id],
      );
    },
    async releaseChangeProposal(id) {
      await db.run(
        "update change_proposals set state = 'proposed', state_at = null where id = ? and state = 'applying'",
        [id],
      );
    },
  };
}
