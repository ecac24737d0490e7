import argon2 from 'argon2';
import type { NextApiRequest, NextApiResponse } from 'next';
import { db } from '../../lib/db';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const { username, password } = req.body;
  const passwordHash = await argon2.hash(password);
  await db.user.create({ data: { username, passwordHash } });
  res.status(201).json({ username });
}
