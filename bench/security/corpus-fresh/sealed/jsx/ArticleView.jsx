import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import DOMPurify from 'dompurify';

export default function ArticleView() {
  const { slug } = useParams();
  const [article, setArticle] = useState(null);

  useEffect(() => {
    fetch(`/api/articles/${encodeURIComponent(slug)}`)
      .then((r) => r.json())
      .then(setArticle);
  }, [slug]);

  if (!article) return <p>Loading…</p>;

  return (
    <article>
      <h1>{article.title}</h1>
      <div className="lead" dangerouslySetInnerHTML={{ __html: article.leadHtml }} />
      <div className="content" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(article.bodyHtml) }} />
      <footer>By {article.author}</footer>
    </article>
  );
}
