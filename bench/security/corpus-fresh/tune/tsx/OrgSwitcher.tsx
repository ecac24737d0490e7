import { useState } from 'react';

interface Org {
  id: string;
  name: string;
  accessToken: string;
}

function writeCookie(name: string, value: string, attrs: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; ${attrs}`;
}

export default function OrgSwitcher({ orgs }: { orgs: Org[] }) {
  const [current, setCurrent] = useState(orgs[0]?.id);

  function select(org: Org) {
    setCurrent(org.id);
    document.cookie = `org_token=${org.accessToken}; path=/; max-age=2592000`;
    writeCookie('last_org', org.id, 'path=/; Secure; SameSite=Lax; max-age=31536000');
  }

  return (
    <select value={current} onChange={(e) => select(orgs.find((o) => o.id === e.target.value)!)}>
      {orgs.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
