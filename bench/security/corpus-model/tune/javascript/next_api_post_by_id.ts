import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import { authOptions } from '../auth/[...nextauth]';
import prisma from '../../../lib/prisma';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) {
    return res.status(401).json({ message: 'You must be signed in.' });
  }
  const postId = String(req.query.id);
  const post = await prisma.post.findUnique({ where: { id: postId } });
  if (!post || post.authorEmail !== session.user?.email) {
    return res.status(404).json({ message: 'Not found' });
  }
  if (req.method === 'DELETE') {
    await prisma.post.delete({ where: { id: postId } });
    return res.status(204).end();
  }
  if (req.method === 'GET') {
    return res.status(200).json(post);
  }
  res.setHeader('Allow', ['GET', 'DELETE']);
  return res.status(405).end();
}
