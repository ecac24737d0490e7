import { useEffect, useRef, useState } from 'react';

const PUSH_ORIGIN = 'https://push.example.com';

export default function NotificationBell() {
  const [count, setCount] = useState(0);
  const bannerRef = useRef(null);

  useEffect(() => {
    function onMessage(event) {
      if (event.data?.kind === 'banner') {
        bannerRef.current.innerHTML = event.data.html;
      }
    }
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    function onCount(event) {
      if (event.origin !== PUSH_ORIGIN) return;
      setCount(Number(event.data?.count) || 0);
    }
    window.addEventListener('message', onCount);
    return () => window.removeEventListener('message', onCount);
  }, []);

  return (
    <div className="bell">
      <span className="bell-count">{count}</span>
      <div ref={bannerRef} className="banner" />
    </div>
  );
}
