import { NextRequest, NextResponse } from 'next/server';

const ALLOWED_HOSTS = new Set(['www.youtube.com', 'vimeo.com', 'github.com']);

interface LinkPreview {
  url: string;
  title: string;
}

async function fetchPreview(target: URL): Promise<LinkPreview> {
  const res = await fetch(target, { redirect: 'error', headers: { 'User-Agent': 'LinkPreviewBot/1.0' } });
  const html = await res.text();
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? '';
  return { url: target.toString(), title: title.trim() };
}

export async function GET(req: NextRequest) {
  const raw = req.nextUrl.searchParams.get('url') ?? '';
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    return NextResponse.json({ error: 'invalid url' }, { status: 400 });
  }
  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) {
    return NextResponse.json({ error: 'host not allowed' }, { status: 403 });
  }
  return NextResponse.json(await fetchPreview(target));
}
