import { NextRequest, NextResponse } from 'next/server';

interface LinkPreview {
  url: string;
  title: string;
}

async function fetchPreview(target: string): Promise<LinkPreview> {
  const res = await fetch(target, { headers: { 'User-Agent': 'LinkPreviewBot/1.0' } });
  const html = await res.text();
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? '';
  return { url: target, title: title.trim() };
}

export async function GET(req: NextRequest) {
  const target = req.nextUrl.searchParams.get('url');
  if (!target) {
    return NextResponse.json({ error: 'url is required' }, { status: 400 });
  }
  const preview = await fetchPreview(target);
  return NextResponse.json(preview);
}
