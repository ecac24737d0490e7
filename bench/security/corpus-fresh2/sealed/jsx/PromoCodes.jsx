import React, { useState } from 'react';

function randomCode(len) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < len; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

function secureCode(len) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(len));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const COLORS = ['#ff595e', '#ffca3a', '#8ac926', '#1982c4'];

export default function PromoCodes({ onCreate }) {
  const [code, setCode] = useState('');
  const confettiColor = COLORS[Math.floor(Math.random() * COLORS.length)];
  return (
    <div style={{ borderColor: confettiColor }}>
      <button onClick={() => { const c = randomCode(10); setCode(c); onCreate(c); }}>Generate</button>
      <button onClick={() => { const c = secureCode(10); setCode(c); onCreate(c); }}>Generate (v2)</button>
      <code>{code}</code>
    </div>
  );
}
