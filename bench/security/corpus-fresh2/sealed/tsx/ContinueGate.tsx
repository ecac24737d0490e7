'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

const INTERNAL = /^\/(?!\/)[A-Za-z0-9\-_/]*$/;

export default function ContinueGate() {
  const router = useRouter();
  const search = useSearchParams();

  useEffect(() => {
    const next = search.get('next') ?? '/';
    if (search.get('strict') === '1') {
      router.replace(INTERNAL.test(next) ? next : '/');
    } else {
      window.location.replace(next);
    }
  }, [router, search]);

  return <p>Redirecting…</p>;
}
