import { NextRequest, NextResponse } from 'next/server';

const SEARCH_BACKEND = 'https://search.internal.example.com';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams.get('q') ?? '';
  const backend = req.nextUrl.searchParams.get('backend');
  const base = backend ?? SEARCH_BACKEND;
  const res = await fetch(`${base}/query?q=${encodeURIComponent(q)}`);
  return NextResponse.json(await res.json());
}

export async function POST(req: NextRequest) {
  const { q } = (await req.json()) as { q: string };
  const res = await fetch(`${SEARCH_BACKEND}/query`, { method: 'POST', body: JSON.stringify({ q }) });
  return NextResponse.json(await res.json());
}

export async function PUT(req: NextRequest) {
  const form = await req.formData();
  const after = String(form.get('after') ?? '/search');
  return NextResponse.redirect(after, 303);
}
