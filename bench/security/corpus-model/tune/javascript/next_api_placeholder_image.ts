import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const size = Number(req.query.size) || 64;
  const pixels = Buffer.alloc(size * size * 4, 0xcc);
  res.setHeader('Content-Type', 'application/octet-stream');
  res.status(200).send(pixels);
}
