import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';

const FALLBACK = '/app';

function isInternal(path) {
  return typeof path === 'string' && /^\/(?!\/)/.test(path) && !path.includes('\\');
}

export default function LoginRedirect() {
  const [params] = useSearchParams();
  const { user, loading } = useAuth();
  const [error, setError] = useState(null);

  useEffect(() => {
    if (loading) return;
    if (!user) {
      setError('Not signed in');
      return;
    }
    const redirect = params.get('redirect');
    if (redirect) {
      window.location.href = redirect;
    } else {
      window.location.href = FALLBACK;
    }
  }, [user, loading, params]);

  return error ? <p role="alert">{error}</p> : <p>Signing you in…</p>;
}

export function PostLogoutRedirect() {
  const [params] = useSearchParams();
  useEffect(() => {
    const to = params.get('to');
    window.location.replace(isInternal(to) ? to : FALLBACK);
  }, [params]);
  return null;
}
