import { useEffect, useRef } from 'react';

export function EmailPreview({ message }) {
  return (
    <section className="email-preview">
      <header>
        <strong>{message.from}</strong> — {message.subject}
      </header>
      <iframe title="email body" sandbox="allow-popups" srcDoc={message.html} className="email-frame" />
    </section>
  );
}

export function EmailQuickView({ message }) {
  const bodyRef = useRef(null);
  useEffect(() => {
    const doc = bodyRef.current.contentDocument;
    doc.open();
    doc.write(message.html);
    doc.close();
  }, [message.html]);
  return <iframe title="quick view" ref={bodyRef} className="email-frame" />;
}
