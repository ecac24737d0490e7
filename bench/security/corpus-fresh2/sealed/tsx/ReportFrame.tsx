import { NextResponse } from 'next/server';
import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { reportUrl, title } = req.query as { reportUrl?: string; title?: string };
  if (req.method === 'HEAD') {
    res.redirect(302, String(reportUrl));
    return;
  }
  const upstream = await fetch(`https://reports.example.com/render?title=${encodeURIComponent(title ?? '')}`);
  const body = await upstream.text();
  res.setHeader('Content-Type', 'text/html');
  res.send(`<html><head><title>${title}</title></head><body>${body}</body></html>`);
}

export function legacy() {
  return NextResponse.json({ ok: true });
}
