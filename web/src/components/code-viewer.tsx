import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from '../api.js';
import type { FileExcerpt } from '../types.js';

export interface CodeLocation {
  path: string;
  start: number;
  end: number;
}

/** A window onto cited code: the lines around the citation, fetched from `GET /v1/files`, in a modal dialog. */
export function CodeViewer({ location, onClose }: { location: CodeLocation; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [excerpt, setExcerpt] = useState<FileExcerpt>();
  const [error, setError] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
    const controller = new AbortController();
    const start = Math.max(1, location.start - 5);
    const end = location.end + 5;
    const query = new URLSearchParams({ path: location.path, start: String(start), end: String(end) });
    getJson<FileExcerpt>(`/v1/files?${query}`, controller.signal).then(setExcerpt, (failure: Error) => {
      if (failure.name !== 'AbortError') setError(failure.message);
    });
    return () => controller.abort();
  }, [location]);
  const lines = excerpt ? excerpt.text.split('\n') : [];
  return (
    <dialog ref={dialog} class="code-viewer" aria-labelledby="code-viewer-title" onClose={onClose}>
      <header>
        <h3 id="code-viewer-title">
          {location.path}:{location.start}
          {location.end !== location.start ? `–${location.end}` : ''}
        </h3>
        <button type="button" onClick={() => dialog.current?.close()} aria-label="Close the code viewer">
          Close
        </button>
      </header>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!excerpt && !error && <p>Loading…</p>}
      {excerpt && (
        <pre
          class="numbered"
          title={`Lines ${excerpt.startLine} to ${excerpt.endLine} of ${excerpt.totalLines}`}
        >
          {lines.map((line, index) => {
            const number = excerpt.startLine + index;
            const cited = number >= location.start && number <= location.end;
            return (
              <div key={number} class={cited ? 'line cited' : 'line'}>
                <span class="number" aria-hidden="true">
                  {number}
                </span>
                <code>{line}</code>
              </div>
            );
          })}
        </pre>
      )}
    </dialog>
  );
}
