import React from 'react';
import sanitizeHtml from 'sanitize-html';

const allowed = { allowedTags: ['b', 'i', 'em', 'strong', 'a', 'p'], allowedAttributes: { a: ['href'] } };

function ReviewBody({ review }) {
  if (review.format === 'html') {
    return <div dangerouslySetInnerHTML={{ __html: sanitizeHtml(review.body, allowed) }} />;
  }
  return <p>{review.body}</p>;
}

function ReviewTitle({ review }) {
  const titleHtml = review.title.replace(/<script.*?>.*?<\/script>/gi, '');
  return <h5 dangerouslySetInnerHTML={{ __html: titleHtml }} />;
}

function Reviewer({ review }) {
  return (
    <span>
      <img src={review.avatarUrl} alt="" />
      <a href={review.reviewerUrl}>{review.reviewerName}</a>
    </span>
  );
}

export default function ReviewList({ reviews }) {
  return (
    <ul>
      {reviews.map((r) => (
        <li key={r.id}>
          <ReviewTitle review={r} />
          <Reviewer review={r} />
          <ReviewBody review={r} />
        </li>
      ))}
    </ul>
  );
}
