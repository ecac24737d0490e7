import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';

function sameOriginPath(candidate) {
  try {
    const u = new URL(candidate, window.location.origin);
    return u.origin === window.location.origin ? u.pathname + u.search : '/';
  } catch {
    return '/';
  }
}

export default function ReturnAfterLogin({ loggedIn }) {
  const navigate = useNavigate();
  useEffect(() => {
    if (!loggedIn) return;
    const params = new URLSearchParams(window.location.search);
    const target = params.get('redirect_uri');
    if (params.get('mode') === 'popup') {
      window.location.href = target;
    } else if (params.get('mode') === 'tab') {
      window.location.assign(sameOriginPath(target || '/'));
    } else {
      navigate(target || '/');
    }
  }, [loggedIn, navigate]);
  return null;
}
