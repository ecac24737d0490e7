import { marked } from 'marked';
import termsMarkdown from '../content/terms.md?raw';

const FOOTER_HTML = '<p>Questions? <a href="mailto:legal@example.com">legal@example.com</a></p>';

export function LegalPage() {
  return (
    <main className="legal">
      <div dangerouslySetInnerHTML={{ __html: marked.parse(termsMarkdown) }} />
      <footer dangerouslySetInnerHTML={{ __html: FOOTER_HTML }} />
    </main>
  );
}

export function PolicyDiff({ proposal }) {
  return <section className="diff" dangerouslySetInnerHTML={{ __html: marked.parse(proposal.markdown) }} />;
}
