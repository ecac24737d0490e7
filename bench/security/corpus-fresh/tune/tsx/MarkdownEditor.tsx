import { useState } from 'react';
import showdown from 'showdown';
import DOMPurify from 'dompurify';

const converter = new showdown.Converter({ tables: true, strikethrough: true });

export function MarkdownEditor({ initial = '' }: { initial?: string }) {
  const [md, setMd] = useState(initial);
  return (
    <div className="md-editor">
      <textarea value={md} onChange={(e) => setMd(e.target.value)} />
      <div className="md-preview" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(converter.makeHtml(md)) }} />
    </div>
  );
}

export function MarkdownSnippet({ source }: { source: string }) {
  const html = converter.makeHtml(source);
  return <div className="md-snippet" dangerouslySetInnerHTML={{ __html: html }} />;
}
