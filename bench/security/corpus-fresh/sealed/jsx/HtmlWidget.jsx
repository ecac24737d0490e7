import { useEffect, useRef } from 'react';

export function HtmlWidget({ config }) {
  const bodyRef = useRef(null);
  const titleRef = useRef(null);

  useEffect(() => {
    titleRef.current.textContent = config.title;
    bodyRef.current.innerHTML = config.bodyHtml;
  }, [config]);

  return (
    <div className="widget">
      <h4 ref={titleRef} />
      <div ref={bodyRef} />
      {config.frameUrl && <iframe title={config.title} src={config.frameUrl} />}
    </div>
  );
}
