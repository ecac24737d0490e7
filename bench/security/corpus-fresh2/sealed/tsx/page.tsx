import { notFound } from 'next/navigation';

type Props = { searchParams: { src?: string; slug?: string } };

async function loadRemote(src: string) {
  const res = await fetch(src, { cache: 'no-store' });
  return res.text();
}

export default async function PreviewPage({ searchParams }: Props) {
  if (!searchParams.src && !searchParams.slug) notFound();
  const remote = searchParams.src ? await loadRemote(searchParams.src) : '';
  const cms = searchParams.slug
    ? await fetch(`https://cms.example.com/api/pages/${encodeURIComponent(searchParams.slug)}`).then((r) => r.json())
    : null;
  return (
    <main>
      {cms && <h1>{cms.title}</h1>}
      <section dangerouslySetInnerHTML={{ __html: remote }} />
    </main>
  );
}
