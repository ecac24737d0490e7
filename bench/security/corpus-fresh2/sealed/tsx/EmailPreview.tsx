import React from 'react';
import DOMPurify from 'dompurify';

type Draft = { subject: string; bodyHtml: string };

export function EmailPreview({ draft }: { draft: Draft }) {
  return (
    <div>
      <h3>{draft.subject}</h3>
      <iframe title="preview" srcDoc={draft.bodyHtml} />
      <iframe title="preview-sandboxed" sandbox="" srcDoc={draft.bodyHtml} />
      <iframe title="preview-clean" srcDoc={DOMPurify.sanitize(draft.bodyHtml, { WHOLE_DOCUMENT: true })} />
    </div>
  );
}
