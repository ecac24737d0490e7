import { randomBytes, scryptSync } from 'crypto';
import type { NextApiRequest, NextApiResponse } from 'next';
import prisma from '../../lib/prisma';

function hashPassword(password: string): string {
  const salt = randomBytes(16).toString('hex');
  const derived = scryptSync(password, salt, 64).toString('hex');
  return `${salt}:${derived}`;
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const { name, email, password } = req.body;
  if (!email || !password) {
    return res.status(400).json({ error: 'Email and password are required' });
  }
  const user = await prisma.user.create({
    data: { name, email, passwordHash: hashPassword(password) },
  });
  return res.status(201).json({ id: user.id, email: user.email });
}
