import { useMemo, useState } from 'react';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function DocsSearch({ pages }) {
  const [q, setQ] = useState('');
  const matches = useMemo(() => {
    if (!q) return pages;
    const re = new RegExp(q, 'i');
    return pages.filter((p) => re.test(p.body));
  }, [q, pages]);

  return (
    <div>
      <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search docs" />
      <ul>{matches.map((p) => <li key={p.slug}>{p.title}</li>)}</ul>
    </div>
  );
}

export function DocsSearchLiteral({ pages }) {
  const [q, setQ] = useState('');
  const re = useMemo(() => (q ? new RegExp(escapeRe(q), 'i') : null), [q]);
  const matches = re ? pages.filter((p) => re.test(p.body)) : pages;
  return (
    <div>
      <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search docs" />
      <ul>{matches.map((p) => <li key={p.slug}>{p.title}</li>)}</ul>
    </div>
  );
}
