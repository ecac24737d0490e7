import fs from 'node:fs/promises';
import path from 'node:path';
import { notFound } from 'next/navigation';
import { MDXRemote } from 'next-mdx-remote/rsc';

const CONTENT_DIR = path.join(process.cwd(), 'content', 'docs');

export default async function DocsPage({ params }: { params: { slug: string[] } }) {
  const file = path.join(CONTENT_DIR, ...params.slug) + '.mdx';
  const source = await fs.readFile(file, 'utf8').catch(() => null);
  if (source === null) notFound();
  return (
    <article>
      <MDXRemote source={source} />
    </article>
  );
}

export async function DocsPageChecked({ params }: { params: { slug: string[] } }) {
  const file = path.resolve(CONTENT_DIR, ...params.slug) + '.mdx';
  if (!file.startsWith(CONTENT_DIR + path.sep)) notFound();
  const source = await fs.readFile(file, 'utf8');
  return <MDXRemote source={source} />;
}
