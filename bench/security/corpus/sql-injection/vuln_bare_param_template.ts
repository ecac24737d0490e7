import type { Pool } from 'pg';

export async function deleteSessions(pool: Pool, userId: string): Promise<number> {
  const result = await pool.query(`DELETE FROM sessions WHERE user_id = '${userId}'`);
  return result.rowCount ?? 0;
}
