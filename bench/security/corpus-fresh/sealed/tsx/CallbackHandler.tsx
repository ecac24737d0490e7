'use client';

import { useEffect } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';

export default function CallbackHandler() {
  const router = useRouter();
  const params = useSearchParams();

  useEffect(() => {
    const next = params.get('next');
    if (params.get('mode') === 'popup') {
      window.opener?.postMessage({ done: true }, window.location.origin);
      window.close();
      return;
    }
    if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
      router.replace(next);
    } else if (next) {
      router.replace(decodeURIComponent(next));
    } else {
      router.replace('/');
    }
  }, [params, router]);

  return <p>Completing sign-in…</p>;
}
