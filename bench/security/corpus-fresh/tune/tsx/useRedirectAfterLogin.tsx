import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

const TRUSTED_HOSTS = ['example.com'];

export function useRedirectAfterLogin(isAuthenticated: boolean) {
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    if (!isAuthenticated) return;
    const target = new URLSearchParams(location.search).get('continue');
    if (!target) {
      navigate('/home', { replace: true });
      return;
    }
    if (target.startsWith('http')) {
      const host = new URL(target).hostname;
      if (TRUSTED_HOSTS.some((h) => host.endsWith(h))) {
        window.location.href = target;
        return;
      }
    }
    navigate('/home', { replace: true });
  }, [isAuthenticated, location.search, navigate]);
}

export function RedirectNotice({ to }: { to: string }) {
  return (
    <p>
      Redirecting to <a href={`/go?to=${encodeURIComponent(to)}`}>{to}</a>
    </p>
  );
}
