import { NextRequest, NextResponse } from 'next/server';
import knex from '@/lib/knex';

export async function GET(request: NextRequest) {
  const status = request.nextUrl.searchParams.get('status') ?? 'open';
  const rows = await knex('orders').select('id', 'total').where({ status });
  return NextResponse.json(rows);
}
