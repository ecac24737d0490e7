import { sql } from '@/lib/postgres';
import { prisma } from '@/lib/prisma';

type Props = { searchParams: { q?: string; category?: string; sort?: string } };

export default async function SearchPage({ searchParams }: Props) {
  const q = searchParams.q ?? '';
  const category = searchParams.category ?? 'all';

  const products = await prisma.$queryRaw<{ id: number; name: string }[]>`
    SELECT id, name FROM products WHERE name ILIKE ${'%' + q + '%'} LIMIT 50`;

  const facets = await sql.unsafe(
    `SELECT brand, COUNT(*) AS n FROM products WHERE category = '${category}' GROUP BY brand ORDER BY ${searchParams.sort ?? 'n'} DESC`,
  );

  return (
    <main>
      <h1>Results for {q}</h1>
      <ul>
        {products.map((p) => (
          <li key={p.id}>
            <a href={`/products/${p.id}`}>{p.name}</a>
          </li>
        ))}
      </ul>
      <aside>
        {facets.map((f: any) => (
          <span key={f.brand}>
            {f.brand} ({f.n})
          </span>
        ))}
      </aside>
    </main>
  );
}
