import { query } from './db.js';
export async function show(req, res) {
  const rows = await query(`SELECT * FROM users WHERE name = '${req.body.name}'`);
  return rows;
}
