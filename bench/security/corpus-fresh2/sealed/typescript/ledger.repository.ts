import { Pool } from 'pg';
import format from 'pg-format';

const pool = new Pool({ connectionString: process.env.LEDGER_DB_URL });

export class LedgerRepository {
  async entriesFor(accountId: string, since: string) {
    const q = `SELECT * FROM ledger WHERE account_id = '${accountId}' AND posted_at >= '${since}'`;
    return (await pool.query(q)).rows;
  }

  async entriesForParam(accountId: string, since: string) {
    return (await pool.query('SELECT * FROM ledger WHERE account_id = $1 AND posted_at >= $2', [accountId, since])).rows;
  }

  async byMemo(memo: string) {
    return (await pool.query(format('SELECT * FROM ledger WHERE memo = %L', memo))).rows;
  }

  async byMemoRaw(memo: string) {
    return (await pool.query(format('SELECT * FROM ledger WHERE memo = %s', memo))).rows;
  }

  async fromTable(table: string) {
    return (await pool.query(format('SELECT count(*) FROM %I', table))).rows;
  }

  async text(search: string) {
    return (await pool.query({ text: 'SELECT id FROM ledger WHERE memo ILIKE $1', values: [`%${search}%`] })).rows;
  }
}
