import type { NextApiRequest, NextApiResponse } from 'next';
import { subscribe } from '../../lib/mailing';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return res.status(405).json({ error: 'Method not allowed' });
  }
  const email = typeof req.body?.email === 'string' ? req.body.email.trim() : '';
  if (!email.includes('@')) {
    return res.status(400).json({ error: 'Please enter a valid email address' });
  }
  try {
    await subscribe(email);
    return res.status(201).json({ subscribed: true });
  } catch (error) {
    console.error('newsletter subscription failed', error);
    return res.status(502).json({ error: 'Subscription service unavailable' });
  }
}
