import DOMPurify from 'isomorphic-dompurify';

export type Review = { id: string; rating: number; html: string; responseHtml?: string };

export function ReviewList({ reviews }: { reviews: Review[] }) {
  return (
    <ol className="reviews">
      {reviews.map((r) => (
        <li key={r.id}>
          <span aria-label={`${r.rating} stars`}>{'★'.repeat(r.rating)}</span>
          <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(r.html) }} />
          {r.responseHtml && <blockquote dangerouslySetInnerHTML={{ __html: r.responseHtml }} />}
        </li>
      ))}
    </ol>
  );
}
