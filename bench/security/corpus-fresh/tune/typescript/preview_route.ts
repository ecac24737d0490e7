import { NextResponse } from 'next/server';

const UPSTREAM = 'https://content-api.example.com';

export async function GET(request: Request) {
  const { searchParams } = new URL(request.url);
  const target = searchParams.get('url');
  if (!target) return NextResponse.json({ error: 'url required' }, { status: 400 });
  const upstream = await fetch(target, { cache: 'no-store' });
  return new NextResponse(upstream.body, { headers: { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' } });
}

export async function POST(request: Request) {
  const { slug, locale } = (await request.json()) as { slug: string; locale?: string };
  const url = new URL(`/v2/pages/${encodeURIComponent(slug)}`, UPSTREAM);
  url.searchParams.set('locale', locale ?? 'en');
  const upstream = await fetch(url, { headers: { authorization: `Bearer ${process.env.CONTENT_TOKEN}` } });
  return NextResponse.json(await upstream.json());
}
