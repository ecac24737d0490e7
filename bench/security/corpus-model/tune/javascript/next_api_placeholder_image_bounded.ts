import type { NextApiRequest, NextApiResponse } from 'next';

const MAX_SIZE = 512;

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const size = Number(req.query.size) || 64;
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    return res.status(400).json({ error: `size must be between 1 and ${MAX_SIZE}` });
  }
  const pixels = Buffer.alloc(size * size * 4, 0xcc);
  res.setHeader('Content-Type', 'application/octet-stream');
  res.status(200).send(pixels);
}
