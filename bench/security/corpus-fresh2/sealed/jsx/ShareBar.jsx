import React from 'react';

export default function ShareBar({ title, url }) {
  const tweet = `https://twitter.com/intent/tweet?text=${encodeURIComponent(title)}&url=${encodeURIComponent(url)}`;
  const openExternal = () => {
    const dest = new URLSearchParams(window.location.search).get('share_to');
    window.open(dest, '_blank');
  };
  return (
    <nav>
      <a href={tweet} target="_blank" rel="noreferrer">Tweet</a>
      <a href={`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}`}>LinkedIn</a>
      <button onClick={openExternal}>More</button>
    </nav>
  );
}
