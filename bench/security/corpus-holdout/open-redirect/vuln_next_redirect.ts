// @ts-nocheck — a labelled scanner sample, not code of this project
import { NextResponse } from 'next/server';

export function GET(request: Request) {
  const next = new URL(request.url).searchParams.get('next');
  return NextResponse.redirect(next ?? '/');
}
