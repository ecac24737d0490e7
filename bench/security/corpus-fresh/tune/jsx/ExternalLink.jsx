import React from 'react';

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function normalizeHref(href) {
  try {
    const url = new URL(href, window.location.origin);
    return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : '#';
  } catch {
    return '#';
  }
}

export function ExternalLink({ href, children }) {
  return (
    <a href={normalizeHref(href)} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

export function PlainLink({ href, children }) {
  return <a href={href} className="plain-link">{children}</a>;
}

export function MailLink({ email }) {
  return <a href={`mailto:${encodeURIComponent(email)}`}>{email}</a>;
}
