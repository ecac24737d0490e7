import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(_req: NextApiRequest, res: NextApiResponse) {
  const response = await fetch('https://staging-api.example.com/status');
  if (!response.ok) {
    return res.status(502).json({ error: 'upstream unavailable' });
  }
  const status = await response.json();
  res.status(200).json({ upstream: status });
}
