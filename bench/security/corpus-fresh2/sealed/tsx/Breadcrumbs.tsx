import Link from 'next/link';

type Crumb = { label: string; href: string };

export function Breadcrumbs({ trail, backUrl }: { trail: Crumb[]; backUrl: string }) {
  return (
    <nav aria-label="breadcrumb">
      {trail.map((c) => (
        <Link key={c.href} href={`/docs/${c.href.split('/').map(encodeURIComponent).join('/')}`}>{c.label}</Link>
      ))}
      <a href={backUrl}>Back</a>
    </nav>
  );
}
