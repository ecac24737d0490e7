/** @jsx h */
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function NotificationBanner({ notice }) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) ref.current.innerHTML = notice.message;
  }, [notice]);
  return <div class="banner" ref={ref} />;
}

export function NotificationText({ notice }) {
  return <div class="banner">{notice.message}</div>;
}

export function NotificationRich({ notice }) {
  return <div class="banner" dangerouslySetInnerHTML={{ __html: notice.message }} />;
}
