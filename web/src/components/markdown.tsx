import { marked, type Token, type Tokens } from 'marked';
import type { ComponentChildren } from 'preact';
import { findCitations } from '../reply.js';
import type { CodeLocation } from './code-viewer.js';

type OpenCode = (location: CodeLocation) => void;

/**
 * Model prose as Markdown, rendered from marked's tokens into Preact elements: no HTML string is ever
 * put into the page, so raw HTML in a reply (`<img onerror>`, `<script>`) is shown as the text it is and
 * cannot run, and only http(s) and mailto links become links. `path:line` references in the text become
 * buttons that open the cited code, as they did in plain prose.
 */

/** A link target the page may follow: anything else (`javascript:`, `data:`, relative paths) stays text. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** marked keeps entities as written; the page shows text, not HTML, so the common ones are decoded. */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: '\u00a0',
};
const decode = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!);

function Cited({ text, onCite }: { text: string; onCite: OpenCode }) {
  return (
    <>
      {findCitations(text).map((piece, index) =>
        piece.kind === 'text' ? (
          piece.text
        ) : (
          <button
            key={index}
            type="button"
            class="cite"
            onClick={() => onCite(piece)}
            title={`Open ${piece.path} at line ${piece.start}`}
          >
            {piece.path}:{piece.start}
            {piece.end !== piece.start ? `–${piece.end}` : ''}
          </button>
        ),
      )}
    </>
  );
}

function inline(tokens: Token[] | undefined, onCite: OpenCode): ComponentChildren {
  return (tokens ?? []).map((token, index) => <Inline key={index} token={token} onCite={onCite} />);
}

function Inline({ token, onCite }: { token: Token; onCite: OpenCode }): ComponentChildren {
  switch (token.type) {
    case 'strong':
      return <strong>{inline(token.tokens, onCite)}</strong>;
    case 'em':
      return <em>{inline(token.tokens, onCite)}</em>;
    case 'del':
      return <del>{inline(token.tokens, onCite)}</del>;
    case 'codespan':
      return (
        <code>
          <Cited text={decode(token.text)} onCite={onCite} />
        </code>
      );
    case 'br':
      return <br />;
    case 'link': {
      const href = safeHref(token.href);
      const children = inline(token.tokens, onCite);
      return href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      ) : (
        <span class="unsafe-link" title={`not a link: ${token.href}`}>
          {children}
        </span>
      );
    }
    case 'image': {
      // a model's image is never loaded (the page's policy refuses other origins anyway): its text and address
      const href = safeHref(token.href);
      const alt = token.text || 'image';
      return href ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          [image: {alt}]
        </a>
      ) : (
        <span>[image: {alt}]</span>
      );
    }
    case 'text':
      return 'tokens' in token && token.tokens ? (
        inline(token.tokens, onCite)
      ) : (
        <Cited text={decode(token.text)} onCite={onCite} />
      );
    case 'escape':
      return token.text;
    default:
      // raw HTML and anything this renderer does not know: shown as written, never interpreted
      return <Cited text={token.raw} onCite={onCite} />;
  }
}

function Block({ token, onCite }: { token: Token; onCite: OpenCode }): ComponentChildren {
  switch (token.type) {
    case 'space':
      return null;
    case 'paragraph':
      return <p>{inline(token.tokens, onCite)}</p>;
    case 'text':
      return <p>{'tokens' in token && token.tokens ? inline(token.tokens, onCite) : decode(token.text)}</p>;
    case 'heading': {
      // a reply's headings sit under the page's own: level 1 of the reply is the page's h4
      const Heading = `h${Math.min(6, token.depth + 3)}` as 'h4';
      return <Heading>{inline(token.tokens, onCite)}</Heading>;
    }
    case 'code':
      return (
        <pre class="code">
          <code data-language={token.lang ?? ''}>{token.text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote>{blocks(token.tokens, onCite)}</blockquote>;
    case 'hr':
      return <hr />;
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, index) => (
        <li key={index}>
          {item.task && <span aria-hidden="true">{item.checked ? '☑ ' : '☐ '}</span>}
          {item.loose
            ? blocks(item.tokens, onCite)
            : item.tokens.map((child, inner) =>
                child.type === 'text' ? (
                  <span key={inner}>
                    {'tokens' in child && child.tokens ? inline(child.tokens, onCite) : decode(child.text)}
                  </span>
                ) : (
                  <Block key={inner} token={child} onCite={onCite} />
                ),
              )}
        </li>
      ));
      return list.ordered ? <ol start={Number(list.start) || 1}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <table class="md-table">
          <thead>
            <tr>
              {table.header.map((cell, index) => (
                <th key={index} scope="col">
                  {inline(cell.tokens, onCite)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, inner) => (
                  <td key={inner}>{inline(cell.tokens, onCite)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    default:
      // an HTML block and anything else: its text, inert
      return (
        <p>
          <Cited text={token.raw} onCite={onCite} />
        </p>
      );
  }
}

function blocks(tokens: Token[] | undefined, onCite: OpenCode): ComponentChildren {
  return (tokens ?? []).map((token, index) => <Block key={index} token={token} onCite={onCite} />);
}

export function Markdown({ text, onCite }: { text: string; onCite: OpenCode }) {
  return <div class="prose">{blocks(marked.lexer(text, { gfm: true }), onCite)}</div>;
}
