'use client';
import { useSearchParams } from 'next/navigation';
export default function Page() {
  const params = useSearchParams();
  document.getElementById('x').innerHTML = params.get('msg');
}
