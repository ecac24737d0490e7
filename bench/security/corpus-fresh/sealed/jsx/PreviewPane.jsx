import { useEffect, useRef } from 'react';

export default function PreviewPane({ draft }) {
  const frameRef = useRef(null);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    frameRef.current.innerHTML = params.get('html') || draft.html;
  }, [draft.html]);

  return (
    <div>
      <div ref={frameRef} className="preview" />
      <a href={draft.ctaUrl} className="cta">{draft.ctaLabel}</a>
    </div>
  );
}
