import type { Citation } from './task-result';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `[path:line]` in an answer: a link that opens the file at the line (when the task cited it). */
function linkCitations(html: string): string {
  return html.replace(
    /\[([\w./-]+):(\d+)(?:-\d+)?\]/g,
    (_, path: string, line: string) =>
      `<a href="#" class="citation" data-path="${path}" data-line="${line}">[${path}:${line}]</a>`,
  );
}

/** A model's Markdown answer, enough of it: fenced code, inline code, paragraphs, citations. */
export function renderAnswer(markdown: string): string {
  const parts = markdown.split(/```[\w+-]*\n?/);
  return parts
    .map((part, index) => {
      if (index % 2 === 1) return `<pre><code>${escapeHtml(part.replace(/\n$/, ''))}</code></pre>`;
      return part
        .split(/\n{2,}/)
        .filter((paragraph) => paragraph.trim())
        .map(
          (paragraph) =>
            `<p>${linkCitations(escapeHtml(paragraph.trim()).replace(/`([^`]+)`/g, '<code>$1</code>'))}</p>`,
        )
        .join('');
    })
    .join('');
}

export function renderCitations(citations: Citation[]): string {
  if (!citations.length) return '';
  return `<h3>Sources</h3><ul class="sources">${citations
    .map(
      (citation) =>
        `<li><a href="#" class="citation" data-path="${escapeHtml(citation.path)}" data-line="${citation.startLine}">${escapeHtml(
          `${citation.path}:${citation.startLine}`,
        )}</a></li>`,
    )
    .join('')}</ul>`;
}

export const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; }
code { font-family: var(--vscode-editor-font-family); }
.verdict { font-weight: bold; padding: 6px 10px; margin: 12px 0 6px; border-radius: 3px; }
.verdict.pass { background: var(--vscode-testing-iconPassed, #388a34); color: #fff; }
.verdict.fail { background: var(--vscode-testing-iconFailed, #c72e0f); color: #fff; }
.verdict.unverified { background: var(--vscode-editorWarning-foreground, #bf8803); color: #000; }
.check.fail b { color: var(--vscode-errorForeground); }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 6px 14px; margin: 8px 8px 0 0; cursor: pointer; }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.why { color: var(--vscode-descriptionForeground); }
a.citation { color: var(--vscode-textLink-foreground); }
.turn { border-bottom: 1px solid var(--vscode-panel-border); padding: 6px 0; }
.turn.user { font-weight: bold; }
textarea { width: 100%; box-sizing: border-box; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); }
`;

export function nonce(): string {
  let text = '';
  const characters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) text += characters.charAt(Math.floor(Math.random() * characters.length));
  return text;
}

/** A webview page: no remote content, only its own inline script (by nonce). */
export function page(title: string, body: string, script: string): string {
  const n = nonce();
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${n}';">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}<script nonce="${n}">${script}</script></body></html>`;
}

/** The script every page shares: citation links and buttons post a message to the extension. */
export const LINK_SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target.closest('a.citation, button[data-action]');
  if (!target) return;
  event.preventDefault();
  if (target.matches('a.citation')) vscode.postMessage({ type: 'open', path: target.dataset.path, line: Number(target.dataset.line) });
  else vscode.postMessage({ type: target.dataset.action });
});
`;
