import fs from 'node:fs/promises';
import path from 'node:path';

const DOCS = path.join(process.cwd(), 'content', 'docs');

export default async function DocPage({ params }: { params: { slug: string[] } }) {
  const file = path.join(DOCS, ...params.slug) + '.md';
  const text = await fs.readFile(file, 'utf8');
  return <pre>{text}</pre>;
}

export async function SnippetPage({ searchParams }: { searchParams: { name?: string } }) {
  const name = path.basename(searchParams.name ?? 'intro');
  const text = await fs.readFile(path.join(DOCS, 'snippets', `${name}.md`), 'utf8');
  return <pre>{text}</pre>;
}
