import React from 'react';

const EMBED_HOSTS = new Set(['player.vimeo.com', 'www.youtube-nocookie.com', 'www.loom.com']);

type Block =
  | { kind: 'text'; text: string }
  | { kind: 'embed'; url: string }
  | { kind: 'html'; html: string };

function embedSrc(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EMBED_HOSTS.has(u.hostname) ? u.toString() : null;
  } catch {
    return null;
  }
}

export function ArticleBlock({ block }: { block: Block }) {
  switch (block.kind) {
    case 'text':
      return <p>{block.text}</p>;
    case 'embed': {
      const src = embedSrc(block.url);
      return src ? <iframe src={src} title="embed" loading="lazy" /> : null;
    }
    case 'html':
      return <div className="kb-html" dangerouslySetInnerHTML={{ __html: block.html }} />;
  }
}

export function LegacyEmbed({ url }: { url: string }) {
  return <iframe src={url} title="legacy embed" />;
}
