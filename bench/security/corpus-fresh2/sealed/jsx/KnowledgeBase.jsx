import React from 'react';
import xss from 'xss';

export function ArticleBody({ article }) {
  return <div className="kb" dangerouslySetInnerHTML={{ __html: xss(article.html) }} />;
}

export function ArticleTeaser({ article }) {
  const teaser = article.html.slice(0, 280);
  return <div className="teaser" dangerouslySetInnerHTML={{ __html: teaser }} />;
}

export function ArticleLink({ article }) {
  const href = article.url.startsWith('javascript:') ? '#' : article.url;
  return <a href={href}>{article.title}</a>;
}
