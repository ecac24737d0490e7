import { NextRequest, NextResponse } from 'next/server';

export async function GET(request: NextRequest) {
  const next = request.nextUrl.searchParams.get('next') ?? '/';
  const target = new URL(next, request.url);
  if (target.origin !== request.nextUrl.origin) {
    return NextResponse.redirect(new URL('/', request.url));
  }
  return NextResponse.redirect(target);
}
