import { NextResponse } from 'next/server';
import { createCheckout } from '@/lib/payments';

export async function POST(request: Request) {
  try {
    const { cartId } = await request.json();
    const checkout = await createCheckout(cartId);
    return NextResponse.json({ url: checkout.url });
  } catch (e) {
    return NextResponse.json({ error: String(e) }, { status: 500 });
  }
}
