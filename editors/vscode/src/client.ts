import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { answerFolder } from './answer-folder';
import { notVerifiedOf } from './not-verified';
import { type Acceptable, showReport } from './report-panel';
import { findVouch } from './server-binary';
import type { StatusItem, SuggestionNotice, VouchStatus } from './status';
import { type ApplyOutcome, isCommandOutcome } from './task-result';
import { recordTiming, timingsEnabled } from './timings';

/** More deaths than this within RESTART_WINDOW_MS and vouch is left stopped (a crash loop helps nobody). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/** The error code `vouch lsp` answers a task command with when the task refused or failed (server.ts). */
const TASK_REFUSED = 1;

/**
 * Accept for what a refactor or test task proposed to write: the server writes it through VS Code
 * (`vouch.apply`: one workspace edit, all or nothing, refused when the file changed since the task read
 * it), then the file opens, in the folder it was written in (`folder`: in a multi-root workspace the
 * task's folder, which need not be the first).
 */
function acceptProposal(proposal: string, taskFolder: string | undefined): Acceptable {
  return {
    async apply() {
      const answer = await vscode.commands.executeCommand<ApplyOutcome | undefined>('vouch.apply', {
        proposal,
      });
      if (!answer)
        return { applied: false, reason: 'vouch lsp did not apply it (the vouch output says why).' };
      const firstFolder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const root = answerFolder(
        answer.folder,
        answerFolder(taskFolder, firstFolder?.scheme === 'file' ? firstFolder.fsPath : undefined),
      );
      const first = answer.files?.[0];
      if (answer.applied && root && first)
        await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.file(root), first), {
          viewColumn: vscode.ViewColumn.One,
        });
      return answer;
    },
  };
}

/** Task commands whose caller renders the result itself (a diff preview, the chat panel). */
const RENDERED_BY_CALLER = new Set(['vouch.generate', 'vouch.chat']);

const DOCUMENTS = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
];

export class VouchClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly deaths: number[] = [];
  private stopping = false;
  /** why each file is not verified, from its last diagnostics (shown in the status bar for the active file) */
  private readonly notVerified = new Map<string, { short: string; message: string }>();
  /** when each buffer was opened (VOUCH_VSCODE_TIMINGS only), until its second diagnostics (the whole gate's) */
  private readonly opened = new Map<string, { at: number; publishes: number }>();

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly status: StatusItem,
  ) {}

  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async start(): Promise<void> {
    const settings = vscode.workspace.getConfiguration('vouch');
    const command = findVouch(settings.get<string>('path'));
    if (!command) {
      const reason = settings.get<string>('path')
        ? `vouch.path (${settings.get<string>('path')}) is not an executable file.`
        : 'vouch is not on PATH. Install it (npm install -g, or npm link in a checkout) or set vouch.path.';
      this.status.missing(reason);
      const choice = await vscode.window.showErrorMessage(`vouch: ${reason}`, 'Open Settings');
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'vouch.path');
      return;
    }
    const model = settings.get<string>('model')?.trim();
    const serverOptions: ServerOptions = {
      // the user's vouch as a program of its own, never the editor's Node
      command,
      args: ['lsp', ...(model ? ['--model', model] : [])],
      options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd() },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENTS,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: {
        ...(model ? { model } : {}),
        debounceMs: settings.get<number>('debounceMs', 400),
        telemetry: settings.get<boolean>('telemetry', true),
      },
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
        closed: (): CloseHandlerResult => this.closed(),
      },
      middleware: {
        provideInlineCompletionItems: async (document, position, context, token, next) => {
          if (!vscode.workspace.getConfiguration('vouch').get<boolean>('inlineCompletions.enabled', true))
            return undefined;
          if (!timingsEnabled) return next(document, position, context, token);
          const start = performance.now();
          const items = await next(document, position, context, token);
          const count = Array.isArray(items) ? items.length : (items?.items.length ?? 0);
          recordTiming({ event: 'inline', ms: performance.now() - start, items: count, line: position.line });
          return items;
        },
        didOpen: async (document, next) => {
          if (timingsEnabled)
            this.opened.set(document.uri.toString(), { at: performance.now(), publishes: 0 });
          return next(document);
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          const why = notVerifiedOf(diagnostics);
          if (why) this.notVerified.set(uri.toString(), why);
          else this.notVerified.delete(uri.toString());
          this.showActiveFile();
          // on open vouch lsp publishes twice: the quick checks' diagnostics, then the whole gate's
          const opened = this.opened.get(uri.toString());
          if (opened !== undefined) {
            opened.publishes++;
            if (opened.publishes >= 2) this.opened.delete(uri.toString());
            recordTiming({
              event: opened.publishes === 1 ? 'first-diagnostics' : 'gate-diagnostics',
              ms: performance.now() - opened.at,
              uri: uri.toString(),
              count: diagnostics.length,
              ...(notVerifiedOf(diagnostics) ? { notVerified: true } : {}),
            });
          }
          next(uri, diagnostics);
        },
        executeCommand: async (name, args, next) => {
          let outcome: unknown;
          try {
            outcome = await next(name, args);
          } catch (error) {
            // a task that refused (bad input, a failure naming no file): the server has shown its message
            // (window/showMessage) with what to do, so the command ends there, without a second error
            if (error instanceof ResponseError && error.code === TASK_REFUSED) {
              this.output.warn(`${name}: ${error.message}`);
              return undefined;
            }
            throw error;
          }
          if (!RENDERED_BY_CALLER.has(name) && isCommandOutcome(outcome) && outcome.result)
            showReport(
              outcome.result,
              outcome.proposal ? acceptProposal(outcome.proposal, outcome.folder) : undefined,
              outcome.folder,
            );
          return outcome;
        },
        window: {
          // the server writes each task's report as Markdown and asks to open it; the panel shows it instead.
          // The pages are in the workspace's folder of the user's cache dir (…/vouch/workspaces/<key>/lsp/);
          // an older server wrote them to the workspace's .vouch/lsp/
          showDocument: async (params, token, next) =>
            /[\\/](?:\.vouch|vouch[\\/]workspaces[\\/][^\\/]+)[\\/]lsp[\\/](?!check-)[^\\/]+\.md$/.test(
              params.uri,
            )
              ? { success: true }
              : next(params, token),
        },
      },
    };
    const client = new LanguageClient('vouch', 'vouch', serverOptions, clientOptions);
    this.client = client;
    this.status.starting();
    client.onNotification('vouch/suggestion', (notice: SuggestionNotice) => this.status.suggestion(notice));
    client.onDidChangeState(async (event) => {
      if (event.newState === State.Running && client === this.client) await this.refreshStatus();
    });
    try {
      await client.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.status.stopped(message);
      void vscode.window
        .showErrorMessage(`vouch lsp did not start: ${message}`, 'Show Output')
        .then((choice) => {
          if (choice) this.output.show();
        });
    }
  }

  /** The status bar's word on the active editor's file: "not verified: …" when its diagnostics say so. */
  showActiveFile(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    this.status.activeFile(uri ? this.notVerified.get(uri) : undefined);
  }

  async refreshStatus(): Promise<void> {
    const client = this.running;
    if (!client) return;
    try {
      this.status.running(await client.sendRequest<VouchStatus>('vouch/status'));
    } catch (error) {
      this.output.appendLine(
        `vouch/status failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The server died: restart it with a message that says so, unless it keeps dying. */
  private closed(): CloseHandlerResult {
    if (this.stopping) return { action: CloseAction.DoNotRestart, handled: true };
    const now = Date.now();
    this.deaths.push(now);
    while (this.deaths.length && this.deaths[0]! < now - RESTART_WINDOW_MS) this.deaths.shift();
    if (this.deaths.length > MAX_RESTARTS) {
      const reason = `vouch lsp stopped ${this.deaths.length} times in 3 minutes and is left stopped. The vouch output shows why; fix it and run "vouch: Restart the language server".`;
      this.status.stopped(reason);
      void vscode.window.showErrorMessage(reason, 'Show Output', 'Restart').then((choice) => {
        if (choice === 'Show Output') this.output.show();
        if (choice === 'Restart') void vscode.commands.executeCommand('vouch.restart');
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.status.starting();
    void vscode.window.showWarningMessage(
      'vouch lsp stopped unexpectedly; restarting it. (The vouch output shows why.)',
    );
    return { action: CloseAction.Restart, handled: true };
  }

  async restart(): Promise<void> {
    this.deaths.length = 0;
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      if (client.needsStop()) await client.stop(10_000);
    } catch {
      // already gone
    } finally {
      this.stopping = false;
    }
  }

  dispose(): void {
    void this.stop();
  }
}
