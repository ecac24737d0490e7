import { escapeHtml, nonce, STYLE } from './html';

/** What the report panel's page is given: it renders it with the web UI's components (webview/report-view.tsx). */
export interface ReportData {
  title: string;
  /** the task's result as `vouch lsp` answered it (src/tasks/result-schema.ts) */
  result: unknown;
  /** whether the answer has code the user may take (Accept, or Accept anyway) */
  acceptable: boolean;
}

/**
 * JSON that can sit inside a `<script type="application/json">` element: no `<` (so no `</script>` and
 * no `<!--` in a model's text can end or change the element), no U+2028/2029.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The web UI's classes, in the editor's theme colours. */
export const REPORT_STYLE = `
.muted, .hint, .why { color: var(--vscode-descriptionForeground); }
.small { font-size: 0.9em; }
.report { border-left: 4px solid var(--vscode-panel-border, #888); padding: 2px 12px; margin: 8px 0; }
.report h4 { margin: 8px 0 4px; }
.checks, .findings { list-style: none; padding-left: 8px; }
.findings { padding-left: 20px; }
.check, .finding { margin: 3px 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; border: 1px solid var(--vscode-panel-border, #888); font-size: 0.85em; font-weight: 600; }
.verdict { font-weight: 700; margin-right: 8px; }
.status-pass > .badge, .verdict-pass { color: var(--vscode-testing-iconPassed, #388a34); }
.status-fail > .badge, .verdict-fail, .severity-high .badge, .severity-critical .badge, .badge.blocking { color: var(--vscode-errorForeground, #c72e0f); }
.status-error > .badge, .status-skip > .badge, .verdict-unverified, .severity-medium .badge { color: var(--vscode-editorWarning-foreground, #bf8803); }
.badge.blocking { margin-left: 6px; }
.hint { margin-left: 16px; }
button.cite { background: none; color: var(--vscode-textLink-foreground); border: 1px dashed var(--vscode-textLink-foreground); padding: 0 4px; margin: 0; font-family: var(--vscode-editor-font-family); font-size: 0.9em; cursor: pointer; }
.actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.actions button { margin: 0; }
.accept-warning { flex-basis: 100%; margin: 0; padding: 4px 10px; border-left: 4px solid var(--vscode-errorForeground, #c72e0f); color: var(--vscode-errorForeground, #c72e0f); }
button.secondary { border: 1px solid var(--vscode-button-border, var(--vscode-panel-border, #888)); }
.review-comments ol { padding-left: 20px; }
.sources ul { list-style: none; padding-left: 8px; }
`;

/**
 * The report panel's page: the result as a JSON data block and the bundle that renders it, both under a
 * Content-Security-Policy that lets nothing else in (no remote content; the one script by nonce, from
 * the extension's own folder). Scripts by nonce only: the webview's `cspSource` beside it would allow
 * every script under the extension's folder, and the nonce would then restrict nothing.
 */
export function reportPage(data: ReportData, script: { src: string }): string {
  const n = nonce();
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${n}';">
<title>${escapeHtml(data.title)}</title><style>${STYLE}${REPORT_STYLE}</style></head>
<body><div id="root"><h2>${escapeHtml(data.title)}</h2><p class="why">Loading the report…</p></div>
<script type="application/json" id="vouch-report">${jsonForScript(data)}</script>
<script nonce="${n}" src="${escapeHtml(script.src)}"></script></body></html>`;
}
