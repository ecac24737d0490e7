import { useEffect, useState } from 'react';

const WIDGET_ORIGIN = 'https://widgets.example.com';

type Incoming = { type: 'notice'; text: string } | { type: 'navigate'; url: string };

export default function NotificationsPanel() {
  const [notices, setNotices] = useState<string[]>([]);

  useEffect(() => {
    const handler = (event: MessageEvent<Incoming>) => {
      if (event.origin !== WIDGET_ORIGIN) return;
      if (event.data.type === 'notice') setNotices((n) => [...n, event.data.text]);
    };
    window.addEventListener('message', handler);
    return () => window.removeEventListener('message', handler);
  }, []);

  useEffect(() => {
    const nav = (event: MessageEvent<Incoming>) => {
      if (event.data.type === 'navigate') {
        window.location.href = event.data.url;
      }
    };
    window.addEventListener('message', nav);
    return () => window.removeEventListener('message', nav);
  }, []);

  return (
    <ul className="notices">
      {notices.map((n, i) => (
        <li key={i}>{n}</li>
      ))}
    </ul>
  );
}
