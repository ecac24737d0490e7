import React from 'react';

const hasWebProtocol = (u) => /^(https?:|mailto:|\/)/i.test(u);

export function AuthorLink({ author }) {
  const href = hasWebProtocol(author.url || '') ? author.url : undefined;
  return (
    <a className="author" href={href}>
      {author.name}
    </a>
  );
}

export function SourceLink({ source }) {
  return (
    <a className="source" href={source.link} target="_blank" rel="noopener noreferrer">
      {source.title}
    </a>
  );
}
