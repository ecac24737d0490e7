import { useLayoutEffect, useRef } from 'react';
import DOMPurify from 'dompurify';

export function Tooltip({ content, label, children }) {
  const tipRef = useRef(null);
  const anchorRef = useRef(null);

  useLayoutEffect(() => {
    tipRef.current.innerHTML = DOMPurify.sanitize(content);
  }, [content]);

  useLayoutEffect(() => {
    const el = anchorRef.current;
    el.insertAdjacentHTML('afterbegin', `<span class="sr-only">${label}</span>`);
    return () => el.querySelector('.sr-only')?.remove();
  }, [label]);

  return (
    <span ref={anchorRef} className="tooltip-anchor">
      {children}
      <span ref={tipRef} role="tooltip" className="tooltip" />
    </span>
  );
}
