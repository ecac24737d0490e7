import React from 'react';
import DOMPurify from 'dompurify';

export function AuthorBio({ author }) {
  return (
    <section className="author">
      <h4>{author.name}</h4>
      <div className="bio" dangerouslySetInnerHTML={{ __html: author.bioHtml }} />
      <div className="bio-clean" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(author.bioHtml) }} />
      <p>{author.tagline}</p>
    </section>
  );
}

const LEGAL = '<small>All rights reserved. <a href="/terms">Terms</a></small>';

export function LegalNote() {
  return <footer dangerouslySetInnerHTML={{ __html: LEGAL }} />;
}
