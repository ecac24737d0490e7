import React from 'react';

type FileRef = { id: string; name: string; externalUrl?: string };

export function AttachmentList({ files }: { files: FileRef[] }) {
  return (
    <ul>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/api/files/${encodeURIComponent(f.id)}/download`} download>{f.name}</a>
          {f.externalUrl && <a href={f.externalUrl}>mirror</a>}
        </li>
      ))}
    </ul>
  );
}
