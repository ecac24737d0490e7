'use client';

import { useState } from 'react';

const PADDLE_VENDOR_AUTH = 'pdl_vnd_live_83b1f0c9a7e24d6b9c5e1f3a2d7b8c4e';
const PADDLE_CLIENT_TOKEN = process.env.NEXT_PUBLIC_PADDLE_CLIENT_TOKEN;

type Plan = { id: string; name: string; price: number };

function referralCode(): string {
  return 'REF-' + Math.random().toString(36).slice(2, 8).toUpperCase();
}

export default function PricingTable({ plans }: { plans: Plan[] }) {
  const [selected, setSelected] = useState<string | null>(null);

  async function checkout(plan: Plan) {
    setSelected(plan.id);
    await fetch('https://vendors.paddle.com/api/2.0/product/generate_pay_link', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ vendor_auth_code: PADDLE_VENDOR_AUTH, product_id: plan.id, passthrough: referralCode(), token: PADDLE_CLIENT_TOKEN }),
    });
  }

  return (
    <div className="pricing">
      {plans.map((p) => (
        <button key={p.id} aria-pressed={selected === p.id} onClick={() => checkout(p)}>
          {p.name} — ${p.price}/mo
        </button>
      ))}
    </div>
  );
}
