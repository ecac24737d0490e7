import * as vscode from 'vscode';
import { escapeHtml, LINK_SCRIPT, page, renderAnswer, renderCitations } from './html';
import { openCitation } from './report-panel';
import { type CommandOutcome, isCommandOutcome } from './task-result';

interface Turn {
  role: 'user' | 'assistant';
  content: string;
  html: string;
}

const SCRIPT = `${LINK_SCRIPT}
const form = document.getElementById('form');
const input = document.getElementById('message');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!input.value.trim()) return;
  vscode.postMessage({ type: 'send', text: input.value });
  input.value = '';
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
});
input.focus();
`;

/**
 * Chat in a panel: the conversation is kept here and sent with each message; answers cite the
 * workspace (`[path:line]`, a link that opens the file at the line), and code in them is verified as
 * generate's is, its verdict above it.
 */
export class ChatPanel {
  private static current: ChatPanel | undefined;
  private readonly turns: Turn[] = [];
  private waiting = false;

  static show(): void {
    if (ChatPanel.current) ChatPanel.current.panel.reveal();
    else ChatPanel.current = new ChatPanel();
  }

  private readonly panel = vscode.window.createWebviewPanel(
    'vouch.chat',
    'vouch: Chat',
    { viewColumn: vscode.ViewColumn.Beside },
    { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [] },
  );

  private constructor() {
    this.panel.onDidDispose(() => {
      ChatPanel.current = undefined;
    });
    this.panel.webview.onDidReceiveMessage(
      async (message: { type: string; text?: string; path?: string; line?: number }) => {
        if (message.type === 'open' && message.path) await openCitation(message.path, message.line ?? 1);
        if (message.type === 'send' && message.text) await this.send(message.text);
      },
    );
    this.render();
  }

  private async send(text: string): Promise<void> {
    const history = this.turns.map(({ role, content }) => ({ role, content }));
    this.turns.push({ role: 'user', content: text, html: `<p>${escapeHtml(text)}</p>` });
    this.waiting = true;
    this.render();
    try {
      const outcome = await vscode.commands.executeCommand<CommandOutcome | undefined>('vouch.chat', {
        message: text,
        history,
      });
      const result = isCommandOutcome(outcome) ? outcome.result : undefined;
      if (result) {
        const status = result.verification.status;
        const verdict =
          status === 'none'
            ? ''
            : `<div class="verdict ${status}">Code in this answer: ${status === 'pass' ? 'verified' : `NOT VERIFIED (${escapeHtml(result.verification.reasons.join('; ') || status)})`}</div>`;
        this.turns.push({
          role: 'assistant',
          content: result.explanation,
          html: `${verdict}${renderAnswer(result.explanation)}${renderCitations(result.citations)}`,
        });
      }
    } catch (error) {
      this.turns.push({
        role: 'assistant',
        content: '',
        html: `<p class="why">vouch could not answer: ${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`,
      });
    } finally {
      this.waiting = false;
      this.render();
    }
  }

  private render(): void {
    const turns = this.turns
      .map(
        (turn) =>
          `<div class="turn ${turn.role}">${turn.role === 'user' ? 'You' : 'vouch'}: ${turn.html}</div>`,
      )
      .join('');
    this.panel.webview.html = page(
      'vouch: Chat',
      `<h2>vouch chat</h2><div id="turns">${turns || '<p class="why">Ask about this workspace; answers cite the files they come from.</p>'}</div>
${this.waiting ? '<p class="why" id="waiting">vouch is answering…</p>' : ''}
<form id="form"><textarea id="message" rows="3" placeholder="Ask vouch (Enter sends, Shift+Enter for a new line)"></textarea><button type="submit">Send</button></form>`,
      SCRIPT,
    );
  }
}
