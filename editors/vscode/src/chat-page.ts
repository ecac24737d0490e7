import { escapeHtml, nonce, STYLE } from './html';
import { jsonForScript, REPORT_STYLE } from './report-page';
import type { TaskResult } from './task-result';

/** One exchange of the chat: the user's message and vouch's answer (its whole task result), or why none came. */
export interface ChatTurn {
  question: string;
  /** the `chat` task's result as `vouch lsp` answered it (src/tasks/result-schema.ts) */
  result?: TaskResult;
  /** why there is no answer (the task failed or refused) */
  error?: string;
  /** the folder the answer came from (a file URI): its citations open there */
  folder?: string;
}

/** What the chat panel's page renders with the web UI's components (webview/chat-view.tsx). */
export interface ChatData {
  turns: ChatTurn[];
  /** a message was sent and its answer is awaited */
  waiting: boolean;
}

/** The web UI's chat classes, in the editor's theme colours. */
const CHAT_STYLE = `
.turns { list-style: none; padding: 0; }
.turn { border-bottom: 1px solid var(--vscode-panel-border); padding: 8px 0; }
.question { font-weight: 600; margin-bottom: 4px; white-space: pre-wrap; }
.who { display: inline-block; min-width: 3.5em; color: var(--vscode-descriptionForeground); font-weight: 600; }
.code-block { margin: 6px 0; }
.sources summary, .evidence summary { cursor: pointer; color: var(--vscode-descriptionForeground); }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 8px; }
.error { color: var(--vscode-errorForeground); }
.unsafe-link { text-decoration: underline dotted; }
.md-table { border-collapse: collapse; }
.md-table td, .md-table th { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; }
form.ask { margin-top: 12px; }
form.ask label { display: block; margin-bottom: 4px; }
textarea { width: 100%; box-sizing: border-box; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); font-family: var(--vscode-font-family); }
`;

/**
 * The chat panel's page: the conversation as a JSON data block (never as HTML: a model's text cannot
 * end the block or add an element) and the bundle that renders it, under a Content-Security-Policy that
 * lets nothing else in — the one script by nonce only, no remote content, no connections. Later turns
 * reach the page as messages (`{type: 'turns', …}`), data too.
 */
export function chatPage(data: ChatData, script: { src: string }): string {
  const n = nonce();
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${n}';">
<title>vouch: Chat</title><style>${STYLE}${REPORT_STYLE}${CHAT_STYLE}</style></head>
<body><div id="root"><h2>vouch chat</h2><p class="why">Loading the conversation…</p></div>
<script type="application/json" id="vouch-chat">${jsonForScript(data)}</script>
<script nonce="${n}" src="${escapeHtml(script.src)}"></script></body></html>`;
}
