import * as vscode from 'vscode';
import { commandFolder } from './active-editor';
import { type ChatTurn, chatPage } from './chat-page';
import { extensionFolder, openCitation } from './report-panel';
import { isCommandOutcome } from './task-result';

/**
 * Chat in a panel, rendered by the web UI's answer component (webview/chat-view.tsx): the conversation
 * is kept here and sent with each message; answers cite the workspace (a citation opens the file at the
 * line, inside the workspace only), and code in them is verified as generate's is, with its report.
 */
export class ChatPanel {
  private static current: ChatPanel | undefined;
  private readonly turns: ChatTurn[] = [];
  private waiting = false;

  static show(): void {
    if (ChatPanel.current) ChatPanel.current.panel.reveal();
    else ChatPanel.current = new ChatPanel();
  }

  private readonly out = vscode.Uri.joinPath(extensionFolder(), 'out');
  private readonly panel = vscode.window.createWebviewPanel(
    'vouch.chat',
    'vouch: Chat',
    { viewColumn: vscode.ViewColumn.Beside },
    { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [this.out] },
  );

  private constructor() {
    this.panel.onDidDispose(() => {
      ChatPanel.current = undefined;
    });
    this.panel.webview.onDidReceiveMessage(
      async (message: { type: string; text?: unknown; path?: unknown; line?: unknown; turn?: unknown }) => {
        // a citation opens in the folder its turn's answer came from
        const turn = typeof message.turn === 'number' ? this.turns[message.turn] : undefined;
        if (message.type === 'open') await openCitation(message.path, message.line, turn?.folder);
        if (message.type === 'send' && typeof message.text === 'string' && message.text.trim())
          await this.send(message.text);
      },
    );
    // the conversation so far as a data block; each later change goes to the page as a message
    this.panel.webview.html = chatPage(
      { turns: this.turns, waiting: this.waiting },
      { src: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.out, 'chat-view.js')).toString() },
    );
  }

  private async send(text: string): Promise<void> {
    if (this.waiting) return;
    // the history the task is given: each answered exchange, as the web UI sends it
    const history = this.turns.flatMap((turn) =>
      turn.result
        ? [
            { role: 'user' as const, content: turn.question },
            { role: 'assistant' as const, content: turn.result.explanation },
          ]
        : [],
    );
    const turn: ChatTurn = { question: text };
    this.turns.push(turn);
    this.waiting = true;
    this.update();
    try {
      // each message runs in the open file's folder (a multi-root workspace); the first without one
      const { uri } = commandFolder();
      const outcome = await vscode.commands.executeCommand('vouch.chat', {
        message: text,
        history,
        ...(uri ? { uri } : {}),
      });
      const result = isCommandOutcome(outcome) ? outcome.result : undefined;
      if (result) turn.result = result;
      if (isCommandOutcome(outcome) && outcome.folder) turn.folder = outcome.folder;
      else turn.error = 'vouch lsp gave no answer (the vouch output says why).';
    } catch (error) {
      turn.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.waiting = false;
      this.update();
    }
  }

  private update(): void {
    void this.panel.webview.postMessage({ type: 'turns', turns: this.turns, waiting: this.waiting });
  }
}
