import React, { useEffect, useRef } from 'react';

const TILE_KEY = 'sk.eyJ1IjoibWFwdGVhbSIsImEiOiJjbHgyZXhhbXBsZTAwMDAifQ.q7VbN2xL9mRk4TsW1pZc8A';
const MAPS_ORIGIN = 'https://maps.example.com';

export function MapWidget({ place, popupHtml }: { place: string; popupHtml: string }) {
  const popup = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (popup.current) popup.current.innerHTML = popupHtml;
  }, [popupHtml]);
  return (
    <div>
      <iframe title="map" src={`${MAPS_ORIGIN}/embed?q=${encodeURIComponent(place)}&key=${process.env.NEXT_PUBLIC_MAPS_KEY}`} />
      <div ref={popup} />
      <img src={`${MAPS_ORIGIN}/static?q=${encodeURIComponent(place)}&key=${TILE_KEY}`} alt={place} />
    </div>
  );
}
