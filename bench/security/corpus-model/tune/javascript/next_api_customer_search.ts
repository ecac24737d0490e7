import type { NextApiRequest, NextApiResponse } from 'next';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const email = req.query.email as string;
  const { rows } = await pool.query(`SELECT id, name, email FROM customers WHERE email = '${email}'`);
  res.status(200).json(rows);
}
