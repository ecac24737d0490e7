import React, { useEffect, useState } from 'react';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

export function IssueDescription({ markdown }) {
  return <article dangerouslySetInnerHTML={{ __html: marked.parse(markdown) }} />;
}

export function IssueDescriptionClean({ markdown }) {
  const html = DOMPurify.sanitize(marked.parse(markdown));
  return <article dangerouslySetInnerHTML={{ __html: html }} />;
}

export function IssueComment({ id }) {
  const [body, setBody] = useState('');
  useEffect(() => {
    fetch(`/api/issues/comments/${id}`).then((r) => r.json()).then((c) => setBody(c.body_html));
  }, [id]);
  const markup = { __html: body };
  return <div className="comment" dangerouslySetInnerHTML={markup} />;
}
