'use client';
import { redirect, useSearchParams } from 'next/navigation';
export default function Page() {
  const sp = useSearchParams();
  redirect(sp.get('next'));
}
