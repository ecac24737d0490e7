import React from 'react';

type Article = { headline: string; author: string; summary: string };

function serializeForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function ArticleJsonLd({ article }: { article: Article }) {
  return (
    <script
      type="application/ld+json"
      dangerouslySetInnerHTML={{ __html: serializeForScript({ '@type': 'Article', ...article }) }}
    />
  );
}

export function ArticleJsonLdRaw({ article }: { article: Article }) {
  return (
    <script
      type="application/ld+json"
      dangerouslySetInnerHTML={{ __html: JSON.stringify({ '@type': 'Article', ...article }) }}
    />
  );
}

export function InlineConfig({ locale }: { locale: string }) {
  return <script dangerouslySetInnerHTML={{ __html: `window.__LOCALE__ = "${locale}";` }} />;
}
