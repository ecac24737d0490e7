import React, { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export default function VideoEmbed({ videoId, transcriptHtml }) {
  const [params] = useSearchParams();
  const player = params.get('player');
  const ytSrc = useMemo(() => `https://www.youtube-nocookie.com/embed/${encodeURIComponent(videoId)}`, [videoId]);

  return (
    <div className="video">
      <iframe title="player" src={ytSrc} allowFullScreen />
      <iframe title="custom" src={player} sandbox="" />
      <iframe title="transcript" srcDoc={transcriptHtml} />
      <iframe title="external" src={params.get('embed')} />
    </div>
  );
}
