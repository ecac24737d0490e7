import sanitizeHtml from 'sanitize-html';
import { getArticle } from '@/lib/cms';

export default async function HelpCenter({ params }: { params: { slug: string } }) {
  const article = await getArticle(params.slug);
  const clean = sanitizeHtml(article.html, { allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img']) });
  return (
    <article>
      <h1>{article.title}</h1>
      <div dangerouslySetInnerHTML={{ __html: clean }} />
      <a href={`mailto:support@example.com?subject=${encodeURIComponent(article.title)}`}>Contact support</a>
    </article>
  );
}
