'use client';

import { useEffect, useRef, useState } from 'react';
import DOMPurify from 'dompurify';

export default function RichTextEditor({ initialHtml, onSave }: { initialHtml: string; onSave: (html: string) => void }) {
  const editor = useRef<HTMLDivElement>(null);
  const [pasteWarning, setPasteWarning] = useState('');

  useEffect(() => {
    if (editor.current) editor.current.innerHTML = DOMPurify.sanitize(initialHtml);
  }, [initialHtml]);

  const onPaste = (e: React.ClipboardEvent<HTMLDivElement>) => {
    e.preventDefault();
    const html = e.clipboardData.getData('text/html');
    document.execCommand('insertHTML', false, html);
    setPasteWarning(html.length > 10000 ? 'Large paste' : '');
  };

  const onPastePlain = (e: React.ClipboardEvent<HTMLDivElement>) => {
    e.preventDefault();
    document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
  };

  return (
    <div>
      <div ref={editor} contentEditable onPaste={initialHtml.length > 0 ? onPaste : onPastePlain} />
      <small>{pasteWarning}</small>
      <button onClick={() => onSave(editor.current?.innerHTML ?? '')}>Save</button>
    </div>
  );
}
