import { useEffect } from 'react';

const ZENDESK_KEY = 'c4f7e2a9-5b1d-4e8f-a3c6-9d0b2e7f1a45';
const SUPPORT_ADMIN_PASSWORD = 'Supp0rt#Adm1n';

export function SupportWidget({ user }) {
  useEffect(() => {
    const s = document.createElement('script');
    s.id = 'ze-snippet';
    s.src = `https://static.zdassets.com/ekr/snippet.js?key=${ZENDESK_KEY}`;
    document.body.appendChild(s);
  }, []);

  const ticketRef = `T-${Math.floor(Math.random() * 1e6)}`;

  const escalate = async () => {
    await fetch('/support/admin/escalate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Admin-Password': SUPPORT_ADMIN_PASSWORD },
      body: JSON.stringify({ user: user.id, ref: ticketRef }),
    });
  };

  return <button onClick={escalate}>Escalate {ticketRef}</button>;
}
