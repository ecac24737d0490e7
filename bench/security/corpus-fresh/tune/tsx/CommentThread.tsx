import React from 'react';
import sanitizeHtml from 'sanitize-html';

export interface Comment {
  id: string;
  author: string;
  html: string;
  replies?: Comment[];
}

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'a', 'code', 'pre', 'blockquote'],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

export function CommentNode({ comment }: { comment: Comment }) {
  return (
    <li className="comment">
      <span className="author">{comment.author}</span>
      <div className="body" dangerouslySetInnerHTML={{ __html: sanitizeHtml(comment.html, ALLOWED) }} />
      {comment.replies && (
        <ul>
          {comment.replies.map((r) => (
            <CommentNode key={r.id} comment={r} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function PinnedComment({ comment }: { comment: Comment }) {
  return (
    <aside className="pinned">
      <div dangerouslySetInnerHTML={{ __html: comment.html }} />
    </aside>
  );
}

export default function CommentThread({ comments }: { comments: Comment[] }) {
  return <ul className="thread">{comments.map((c) => <CommentNode key={c.id} comment={c} />)}</ul>;
}
