import React from 'react';

export function ShareButtons({ url, title }) {
  const encoded = encodeURIComponent(url);
  const text = encodeURIComponent(title);

  const shareTwitter = () => {
    window.open(`https://twitter.com/intent/tweet?url=${encoded}&text=${text}`, '_blank', 'noopener');
  };

  const openOriginal = () => {
    window.open(url, '_blank');
  };

  return (
    <div className="share">
      <button onClick={shareTwitter}>Tweet</button>
      <button onClick={openOriginal}>Open original</button>
    </div>
  );
}
