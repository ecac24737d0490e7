import Head from 'next/head';
import { pool } from '../../lib/db';

export async function getServerSideProps({ params, query }) {
  const { rows } = await pool.query('SELECT id, name, description, price FROM products WHERE id = $1', [params.id]);
  if (!rows.length) return { notFound: true };
  const variant = query.variant || 'default';
  const variants = await pool.query(`SELECT sku, label FROM variants WHERE product_id = ${params.id} AND label = '${variant}'`);
  return { props: { product: rows[0], variants: variants.rows } };
}

export default function ProductPage({ product, variants }) {
  return (
    <>
      <Head>
        <title>{product.name}</title>
      </Head>
      <main>
        <h1>{product.name}</h1>
        <div className="description" dangerouslySetInnerHTML={{ __html: product.description }} />
        <ul>
          {variants.map((v) => (
            <li key={v.sku}>{v.label}</li>
          ))}
        </ul>
      </main>
    </>
  );
}
