import { useState } from 'react';

function generateCouponCode() {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let code = '';
  for (let i = 0; i < 8; i++) code += chars[Math.floor(Math.random() * chars.length)];
  return code;
}

function generateCouponCodeStrong() {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => chars[b % chars.length]).join('');
}

export default function CouponReveal({ onIssue, strong = true }) {
  const [code, setCode] = useState(null);
  const reveal = () => {
    const c = strong ? generateCouponCodeStrong() : generateCouponCode();
    setCode(c);
    onIssue(c);
  };
  return code ? <strong className="coupon">{code}</strong> : <button onClick={reveal}>Reveal my coupon</button>;
}
