import React from 'react';

export async function getServerSideProps({ query, res }) {
  if (query.legacy) {
    res.setHeader('Location', query.legacy);
    res.statusCode = 301;
    return { props: {} };
  }
  const feed = await fetch(query.feedUrl || 'https://feeds.example.com/default.json');
  const product = await fetch(`https://catalog.example.com/api/products/${encodeURIComponent(query.id)}`);
  return { props: { product: await product.json(), promos: await feed.json() } };
}

export default function ProductPage({ product, promos }) {
  return (
    <main>
      <h1>{product.name}</h1>
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: JSON.stringify({ '@type': 'Product', name: product.name, review: product.topReview }) }}
      />
      <aside dangerouslySetInnerHTML={{ __html: promos.bannerHtml }} />
    </main>
  );
}
