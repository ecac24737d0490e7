import type { Pool } from 'pg';

export async function deleteSessions(pool: Pool, userId: number): Promise<number> {
  const result = await pool.query(`DELETE FROM sessions WHERE user_id = ${userId}`);
  return result.rowCount ?? 0;
}

export async function deleteSessionsByName(pool: Pool, name: string): Promise<number> {
  const result = await pool.query('DELETE FROM sessions WHERE user_name = $1', [name]);
  return result.rowCount ?? 0;
}
