import { useEffect } from 'react';

const APP_ORIGIN = 'https://app.example.com';

export function ReturnToApp() {
  useEffect(() => {
    const url = new URL(window.location.href);
    const dest = url.searchParams.get('dest');
    const target = dest ? new URL(dest, APP_ORIGIN) : new URL('/', APP_ORIGIN);
    window.location.assign(target.origin === APP_ORIGIN ? target.href : APP_ORIGIN);
  }, []);
  return <p>Returning to the app…</p>;
}

export function DeepLinkHandler() {
  useEffect(() => {
    const url = new URL(window.location.href);
    const dest = url.searchParams.get('dest');
    if (dest) window.location = dest;
  }, []);
  return null;
}
