import type { NextApiRequest, NextApiResponse } from 'next';
import { loadContent } from '../../lib/content';

const LOCALES = ['en', 'de', 'fr', 'ja'] as const;

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const requested = String(req.query.lang || 'en');
  const lang = LOCALES.includes(requested as (typeof LOCALES)[number]) ? requested : 'en';
  const content = await loadContent(String(req.query.slug), lang);
  res.setHeader('Content-Language', lang);
  res.status(200).json(content);
}
