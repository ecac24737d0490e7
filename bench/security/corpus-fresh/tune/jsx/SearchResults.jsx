import React from 'react';
import escapeHtml from 'escape-html';

function highlight(text, term) {
  if (!term) return text;
  return text.split(term).join(`<mark>${term}</mark>`);
}

function highlightEscaped(text, term) {
  const escText = escapeHtml(text);
  const escTerm = escapeHtml(term || '');
  return escTerm ? escText.split(escTerm).join(`<mark>${escTerm}</mark>`) : escText;
}

export function ResultItem({ item, query }) {
  return (
    <li className="result">
      <a href={`/items/${item.id}`}>{item.title}</a>
      <p dangerouslySetInnerHTML={{ __html: highlight(item.snippet, query) }} />
    </li>
  );
}

export function ResultItemEscaped({ item, query }) {
  return (
    <li className="result">
      <p dangerouslySetInnerHTML={{ __html: highlightEscaped(item.snippet, query) }} />
    </li>
  );
}

export default function SearchResults({ items, query }) {
  return (
    <section>
      <h2>Results for “{query}”</h2>
      <ul>{items.map((it) => <ResultItem key={it.id} item={it} query={query} />)}</ul>
    </section>
  );
}
