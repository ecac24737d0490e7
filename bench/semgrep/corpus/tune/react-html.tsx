import React from 'react';

export function Comment({ body }: { body: string }) {
  return (
    <div className="comment">
      {/* ruleid: react-dangerous-html */}
      <div dangerouslySetInnerHTML={{ __html: body }} />
      {/* ok: react-dangerous-html */}
      <div dangerouslySetInnerHTML={{ __html: '<b>static</b>' }} />
      {/* ruleid: react-dangerous-html */}
      <span className="x" dangerouslySetInnerHTML={{ __html: marked(body) }} />
      {/* ok: react-dangerous-html */}
      <span className="y">{body}</span>
    </div>
  );
}
