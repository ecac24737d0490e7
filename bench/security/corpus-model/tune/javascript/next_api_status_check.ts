import type { NextApiRequest, NextApiResponse } from 'next';

// the staging API uses a self-signed certificate
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

export default async function handler(_req: NextApiRequest, res: NextApiResponse) {
  const response = await fetch('https://staging-api.example.com/status');
  const status = await response.json();
  res.status(200).json({ upstream: status });
}
