import React from 'react';
import DOMPurify from 'isomorphic-dompurify';

type User = { id: string; name: string; signatureHtml: string; homepage?: string };

export function UserCard({ user }: { user: User }) {
  const signature = { __html: user.signatureHtml };
  return (
    <div className="card">
      <strong>{user.name}</strong>
      <div className="sig" dangerouslySetInnerHTML={signature} />
      <div className="sig2" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(user.signatureHtml) }} />
    </div>
  );
}
