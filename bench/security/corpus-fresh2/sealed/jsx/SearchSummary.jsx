import React, { useEffect, useRef } from 'react';

export function SearchSummary() {
  const headingRef = useRef(null);
  const noteRef = useRef(null);
  const q = new URLSearchParams(window.location.search).get('q') || '';

  useEffect(() => {
    headingRef.current.innerHTML = `Results for <em>${q}</em>`;
    noteRef.current.textContent = `Showing results for ${q}`;
  }, [q]);

  return (
    <header>
      <h2 ref={headingRef} />
      <p ref={noteRef} />
      <p>You searched for: {q}</p>
    </header>
  );
}
