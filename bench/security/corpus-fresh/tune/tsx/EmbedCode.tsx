import { useEffect, useRef } from 'react';

interface Props {
  trackingId: string;
  customScript?: string;
}

export function AnalyticsSnippet({ trackingId, customScript }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const s = document.createElement('script');
    s.async = true;
    s.src = `https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(trackingId)}`;
    document.head.appendChild(s);

    if (customScript) {
      const inline = document.createElement('script');
      inline.text = customScript;
      containerRef.current?.appendChild(inline);
    }
  }, [trackingId, customScript]);

  return <div ref={containerRef} hidden />;
}
