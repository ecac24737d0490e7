import type { NextApiRequest, NextApiResponse } from 'next';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const email = String(req.query.email ?? '');
  const { rows } = await pool.query('SELECT id, name, email FROM customers WHERE email = $1', [email]);
  res.status(200).json(rows);
}
