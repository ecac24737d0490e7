import type { NextApiRequest, NextApiResponse } from 'next';
import { loadContent } from '../../lib/content';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const lang = (req.query.lang as string) || 'en';
  const content = await loadContent(String(req.query.slug), lang);
  res.setHeader('Content-Language', lang);
  res.status(200).json(content);
}
