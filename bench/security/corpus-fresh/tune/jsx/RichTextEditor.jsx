import { useEffect, useRef } from 'react';
import DOMPurify from 'dompurify';

export default function RichTextEditor({ initialHtml, onChange, placeholder }) {
  const editorRef = useRef(null);
  const placeholderRef = useRef(null);

  useEffect(() => {
    if (editorRef.current) {
      editorRef.current.innerHTML = initialHtml || '';
    }
  }, [initialHtml]);

  useEffect(() => {
    if (placeholderRef.current) {
      placeholderRef.current.textContent = placeholder;
    }
  }, [placeholder]);

  const handleInput = () => {
    onChange(DOMPurify.sanitize(editorRef.current.innerHTML));
  };

  return (
    <div className="editor">
      <span ref={placeholderRef} className="placeholder" />
      <div ref={editorRef} contentEditable suppressContentEditableWarning onInput={handleInput} />
    </div>
  );
}

export function ReadOnlyView({ html }) {
  const ref = useRef(null);
  useEffect(() => {
    ref.current.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
  }, [html]);
  return <div ref={ref} className="read-only" />;
}
