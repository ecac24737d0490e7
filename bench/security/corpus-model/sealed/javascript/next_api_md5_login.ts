import { createHash } from 'crypto';
import type { NextApiRequest, NextApiResponse } from 'next';
import { db } from '../../lib/db';

const SALT = process.env.PASSWORD_SALT ?? '';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const { username, password } = req.body;
  const passwordHash = createHash('md5').update(password + SALT).digest('hex');
  await db.user.create({ data: { username, passwordHash } });
  res.status(201).json({ username });
}
