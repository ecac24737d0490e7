'use client';

import { useEffect } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';

function sameOriginPath(candidate: string | null): string {
  if (!candidate) return '/orders';
  try {
    const url = new URL(candidate, window.location.origin);
    return url.origin === window.location.origin ? url.pathname + url.search : '/orders';
  } catch {
    return '/orders';
  }
}

export default function CheckoutReturn() {
  const router = useRouter();
  const params = useSearchParams();

  useEffect(() => {
    const status = params.get('status');
    const returnUrl = params.get('returnUrl');
    if (status === 'success' && returnUrl) {
      router.push(returnUrl);
      return;
    }
    router.replace(sameOriginPath(params.get('fallback')));
  }, [params, router]);

  return <p>Finishing checkout…</p>;
}
