import ReactMarkdown from 'react-markdown';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

export function ArticleBody({ source }) {
  return <ReactMarkdown remarkPlugins={[remarkGfm]}>{source}</ReactMarkdown>;
}

export function ArticleBodyWithHtml({ source }) {
  return <ReactMarkdown rehypePlugins={[rehypeRaw]}>{source}</ReactMarkdown>;
}

export function ArticleBodyWithCleanHtml({ source }) {
  return <ReactMarkdown rehypePlugins={[rehypeRaw, rehypeSanitize]}>{source}</ReactMarkdown>;
}
