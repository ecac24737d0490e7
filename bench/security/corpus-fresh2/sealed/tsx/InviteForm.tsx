import React, { useState } from 'react';

function weakToken(): string {
  return Array.from({ length: 24 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

function strongToken(): string {
  const buf = new Uint8Array(16);
  window.crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

export default function InviteForm({ onInvite }: { onInvite: (email: string, token: string) => void }) {
  const [email, setEmail] = useState('');
  const [secure, setSecure] = useState(true);
  const placeholderIdx = Math.floor(Math.random() * 3);
  const examples = ['ana@example.com', 'li@example.com', 'sam@example.com'];
  return (
    <form onSubmit={(e) => { e.preventDefault(); onInvite(email, secure ? strongToken() : weakToken()); }}>
      <input value={email} placeholder={examples[placeholderIdx]} onChange={(e) => setEmail(e.target.value)} />
      <label><input type="checkbox" checked={secure} onChange={() => setSecure(!secure)} /> v2</label>
      <button>Invite</button>
    </form>
  );
}
