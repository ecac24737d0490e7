import { useState } from 'react';

const ADMIN_API_TOKEN = 'adm_7Hq2Kx9Lp4Rt8Wz1Yb6Nc3Vm5Jd0Fs2G';
const API_BASE = process.env.NEXT_PUBLIC_API_BASE ?? 'https://api.example.com';

export default function ApiKeyPanel({ orgId }: { orgId: string }) {
  const [keys, setKeys] = useState<string[]>([]);

  async function rotate() {
    const res = await fetch(`${API_BASE}/orgs/${encodeURIComponent(orgId)}/keys/rotate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_API_TOKEN}` },
    });
    const body = (await res.json()) as { keys: string[] };
    setKeys(body.keys.map((k) => k.slice(0, 6) + '…'));
  }

  return (
    <section>
      <button onClick={rotate}>Rotate keys</button>
      <ul>{keys.map((k) => <li key={k}>{k}</li>)}</ul>
    </section>
  );
}
