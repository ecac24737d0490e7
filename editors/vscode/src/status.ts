import * as vscode from 'vscode';

/** `vouch/status`'s answer (src/lsp/server.ts). */
export interface VouchStatus {
  model?: string;
  modelError?: string;
  policy: 'local-only' | 'redact-remote';
  workspaceRoot: string;
}

/** `vouch/suggestion`'s parameters: a suggestion shown, accepted or rejected. */
export interface SuggestionNotice {
  id: string;
  outcome: 'shown' | 'accepted' | 'rejected';
  model: string;
  verification: string;
}

type State =
  | { kind: 'restricted' }
  | { kind: 'starting' }
  | { kind: 'missing'; reason: string }
  | { kind: 'stopped'; reason: string }
  | { kind: 'running'; status?: VouchStatus; last?: SuggestionNotice };

/** One status-bar item: the model, the privacy policy and whether the last suggestion was verified. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'vouch.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private state: State = { kind: 'starting' };
  /** why the active editor's file is not verified (the gate did not complete, a check could not run) */
  private notVerified: { short: string; message: string } | undefined;

  constructor() {
    this.item.name = 'vouch';
    this.item.command = 'vouch.showMenu';
    this.render();
    this.item.show();
  }

  restricted(): void {
    this.set({ kind: 'restricted' });
  }
  starting(): void {
    this.set({ kind: 'starting' });
  }
  missing(reason: string): void {
    this.set({ kind: 'missing', reason });
  }
  stopped(reason: string): void {
    this.set({ kind: 'stopped', reason });
  }
  running(status: VouchStatus): void {
    this.set({
      kind: 'running',
      status,
      ...(this.state.kind === 'running' && this.state.last ? { last: this.state.last } : {}),
    });
  }
  suggestion(notice: SuggestionNotice): void {
    if (this.state.kind === 'running') this.set({ ...this.state, last: notice });
  }

  /** The active file's verification, from its diagnostics (undefined: nothing says it is not verified). */
  activeFile(notVerified: { short: string; message: string } | undefined): void {
    if (this.notVerified?.message === notVerified?.message) return;
    this.notVerified = notVerified;
    this.render();
  }

  private set(state: State): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    const { item, state } = this;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'restricted':
        item.text = '$(shield) vouch: Restricted Mode';
        item.tooltip =
          'vouch does not run in an untrusted workspace: its checks run the project’s tools. Trust the workspace to start it.';
        item.command = 'workbench.trust.manage';
        return;
      case 'starting':
        item.text = '$(sync~spin) vouch';
        item.tooltip = 'vouch lsp is starting';
        item.command = 'vouch.showMenu';
        return;
      case 'missing':
      case 'stopped':
        item.text = '$(error) vouch: stopped';
        item.tooltip = state.reason;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.command = 'vouch.showMenu';
        return;
      case 'running': {
        const model = state.status?.model ?? 'no model';
        const policy = state.status?.policy ?? '';
        const last = state.last;
        const verified =
          last === undefined
            ? ''
            : last.verification === 'pass'
              ? ' · $(pass) verified'
              : ` · $(warning) ${last.verification}`;
        const file = this.notVerified;
        item.text = file
          ? `$(shield) vouch: ${model} · ${policy} · $(warning) not verified: ${file.short}`
          : `$(shield) vouch: ${model} · ${policy}${verified}`;
        if (file) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        const lines = [
          ...(file ? [`This file: ${file.message}`] : []),
          `Model: ${state.status?.model ?? `none — ${state.status?.modelError ?? 'unknown'}`}`,
          `Privacy policy: ${policy}${policy === 'local-only' ? ' (code never leaves this machine)' : ' (secrets redacted before any remote call)'}`,
          last
            ? `Last suggestion: ${last.outcome}, verification ${last.verification}`
            : 'No suggestion shown yet',
        ];
        item.tooltip = lines.join('\n');
        item.command = 'vouch.showMenu';
        return;
      }
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
