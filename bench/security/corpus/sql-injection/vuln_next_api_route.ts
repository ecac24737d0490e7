// @ts-nocheck — a labelled scanner sample, not code of this project
import { NextApiRequest, NextApiResponse } from 'next';
import { db } from '../../lib/db';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { email } = req.query;
  const user = await db.query(`SELECT * FROM accounts WHERE email = '${email}'`);
  res.status(200).json(user);
}
