const PROVIDERS: Record<string, (id: string) => string> = {
  youtube: (id) => `https://www.youtube-nocookie.com/embed/${encodeURIComponent(id)}`,
  vimeo: (id) => `https://player.vimeo.com/video/${encodeURIComponent(id)}`,
};

export function VideoEmbed({ provider, videoId }: { provider: string; videoId: string }) {
  const build = Object.hasOwn(PROVIDERS, provider) ? PROVIDERS[provider] : null;
  if (!build) return null;
  return <iframe src={build(videoId)} title="video" allow="fullscreen" />;
}

export function CustomEmbed({ embedUrl, html }: { embedUrl?: string; html?: string }) {
  if (html) return <iframe title="custom" srcDoc={html} />;
  return <iframe src={embedUrl} title="custom" />;
}
