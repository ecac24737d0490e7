import { NextRequest, NextResponse } from 'next/server';
import { cookies } from 'next/headers';
import { exchangeCode } from '@/lib/oauth';

export async function GET(req: NextRequest) {
  const code = req.nextUrl.searchParams.get('code');
  const next = req.nextUrl.searchParams.get('next') ?? '/';
  if (!code) {
    return NextResponse.redirect(new URL('/login?error=missing_code', req.url));
  }
  const session = await exchangeCode(code);
  cookies().set('session', session.token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  return NextResponse.redirect(new URL(next, req.url));
}

export async function POST(req: NextRequest) {
  const form = await req.formData();
  const returnTo = String(form.get('returnTo') ?? '/');
  const target = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  return NextResponse.redirect(new URL(target, req.nextUrl.origin), 303);
}
