import type { FC } from 'react';

export interface Preview {
  url: string;
  title: string;
  description?: string;
  image?: string;
}

const isHttpUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

export const LinkPreviewCard: FC<{ preview: Preview }> = ({ preview }) => (
  <a className="preview-card" href={preview.url} target="_blank" rel="noreferrer">
    {preview.image && <img src={preview.image} alt="" />}
    <strong>{preview.title}</strong>
    {preview.description && <p>{preview.description}</p>}
  </a>
);

export const CheckedPreviewCard: FC<{ preview: Preview }> = ({ preview }) => {
  const href = isHttpUrl(preview.url) ? preview.url : undefined;
  return (
    <a className="preview-card" href={href} target="_blank" rel="noreferrer">
      <strong>{preview.title}</strong>
    </a>
  );
};
