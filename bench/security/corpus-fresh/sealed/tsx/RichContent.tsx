import { useLayoutEffect, useRef } from 'react';
import DOMPurify from 'dompurify';

export function RichContent({ html, caption }: { html: string; caption: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const capRef = useRef<HTMLElement>(null);

  useLayoutEffect(() => {
    if (ref.current) ref.current.innerHTML = DOMPurify.sanitize(html, { FORBID_TAGS: ['style'] });
    if (capRef.current) capRef.current.outerHTML = `<figcaption>${caption}</figcaption>`;
  }, [html, caption]);

  return (
    <figure>
      <div ref={ref} />
      <figcaption ref={capRef} />
    </figure>
  );
}
