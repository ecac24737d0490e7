import type { NextApiRequest, NextApiResponse } from 'next';
import { completeSignIn } from '../../lib/sso';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  await completeSignIn(req, res);
  const next = (req.query.next as string) || '/dashboard';
  res.redirect(302, next);
}
