import React from 'react';

const YT_ID = /^[A-Za-z0-9_-]{11}$/;

export function VideoEmbed({ videoId }) {
  if (!YT_ID.test(videoId)) return null;
  return (
    <iframe
      title="video"
      src={`https://www.youtube-nocookie.com/embed/${videoId}`}
      allow="accelerometer; encrypted-media; picture-in-picture"
      allowFullScreen
    />
  );
}

export function WidgetEmbed({ widgetUrl, height = 400 }) {
  return <iframe title="widget" src={widgetUrl} height={height} width="100%" />;
}

export function HtmlSnippet({ snippet }) {
  return <iframe title="snippet" srcDoc={snippet} />;
}

export function SandboxedSnippet({ snippet }) {
  return <iframe title="snippet" sandbox="" srcDoc={snippet} />;
}
