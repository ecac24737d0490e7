import { NextRequest, NextResponse } from 'next/server';
import { cookies } from 'next/headers';

const APP_ORIGIN = process.env.APP_ORIGIN ?? 'https://app.example.com';

export async function GET(req: NextRequest) {
  const next = req.nextUrl.searchParams.get('next') ?? '/dashboard';
  const code = req.nextUrl.searchParams.get('code');
  if (!code) {
    return NextResponse.redirect(new URL(next, req.url));
  }
  const tokenRes = await fetch('https://auth.example.com/oauth/token', {
    method: 'POST',
    body: new URLSearchParams({ code, client_id: 'web' }),
  });
  const { access_token } = await tokenRes.json();
  cookies().set('at', access_token, { httpOnly: true, secure: true, sameSite: 'lax' });
  const dest = new URL(next, APP_ORIGIN);
  if (dest.origin !== APP_ORIGIN) {
    return NextResponse.redirect(new URL('/dashboard', APP_ORIGIN));
  }
  return NextResponse.redirect(dest);
}

export async function POST(req: NextRequest) {
  const form = await req.formData();
  const back = String(form.get('back') ?? '/');
  return new NextResponse(null, { status: 303, headers: { Location: back } });
}
