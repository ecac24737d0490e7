import { useMemo } from 'react';
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function CommentBody({ markdown }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(markdown ?? '')), [markdown]);
  return <div className="comment-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function CommentPreview({ markdown }) {
  const html = marked.parse(markdown ?? '');
  return <div className="comment-preview" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function CommentFooter() {
  return <footer dangerouslySetInnerHTML={{ __html: '&copy; 2024 Example Forums &middot; <a href="/rules">Rules</a>' }} />;
}
