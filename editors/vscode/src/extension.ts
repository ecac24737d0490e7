import * as vscode from 'vscode';
import { commandFolder, targetEditor, trackActiveEditor } from './active-editor';
import { changeCommand } from './change';
import { ChatPanel } from './chat-panel';
import { VouchClient } from './client';
import { debugCommand } from './debug-test';
import { generateCommand, PROPOSAL_SCHEME, proposalProvider } from './generate';
import { setExtensionUri } from './report-panel';
import { StatusItem } from './status';

let vouch: VouchClient | undefined;

/** A range as LSP writes it: a vscode.Range goes over JSON-RPC as `[start, end]` (its toJSON), not {start, end}. */
function lspRange(range: vscode.Range) {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** A selection task's argument: the active buffer and the selection (or the cursor's line). */
function selectionArgument(): { uri: string; range: ReturnType<typeof lspRange> } | undefined {
  const editor = targetEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('vouch: open a file and select the code first.');
    return undefined;
  }
  const { selection, document } = editor;
  const range = selection.isEmpty ? document.lineAt(selection.active.line).range : selection;
  return { uri: document.uri.toString(), range: lspRange(range) };
}

function whenRunning<T extends unknown[]>(run: (...args: T) => unknown) {
  return async (...args: T) => {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showInformationMessage(
        'vouch does not run in Restricted Mode: trust this workspace to use it.',
        'Manage Workspace Trust',
      );
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    if (!vouch?.running) {
      void vscode.window.showWarningMessage('vouch lsp is not running yet (see the status bar).');
      return;
    }
    return run(...args);
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  setExtensionUri(context.extensionUri);
  const output = vscode.window.createOutputChannel('vouch', { log: true });
  const status = new StatusItem();
  vouch = new VouchClient(output, status);
  context.subscriptions.push(
    output,
    status,
    vouch,
    trackActiveEditor(),
    vscode.window.onDidChangeActiveTextEditor(() => vouch?.showActiveFile()),
  );
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposalProvider),
    vscode.commands.registerCommand('vouch.restart', () => {
      if (vscode.workspace.isTrusted) return vouch?.restart();
    }),
    vscode.commands.registerCommand('vouch.showOutput', () => output.show()),
    vscode.commands.registerCommand('vouch.showMenu', async () => {
      const picks = [
        { label: '$(comment-discussion) Chat', command: 'vouch.task.chat' },
        { label: '$(sparkle) Generate code…', command: 'vouch.task.generate' },
        { label: '$(book) Explain the selection', command: 'vouch.task.explain' },
        { label: '$(beaker) Generate tests for the selection', command: 'vouch.task.tests' },
        { label: '$(debug) Debug the failing test at the cursor', command: 'vouch.task.debug' },
        { label: '$(wrench) Refactor the selection', command: 'vouch.task.refactor' },
        { label: '$(git-compare) Review the working tree’s diff', command: 'vouch.task.review' },
        { label: '$(question) Ask about the codebase…', command: 'vouch.task.ask' },
        { label: '$(files) Change across files…', command: 'vouch.task.change' },
        { label: '$(output) Show the output', command: 'vouch.showOutput' },
        { label: '$(debug-restart) Restart the language server', command: 'vouch.restart' },
      ];
      const pick = await vscode.window.showQuickPick(picks, { title: 'vouch' });
      if (pick) await vscode.commands.executeCommand(pick.command);
    }),
    vscode.commands.registerCommand('vouch.task.generate', whenRunning(generateCommand)),
    vscode.commands.registerCommand(
      'vouch.task.chat',
      whenRunning(() => ChatPanel.show()),
    ),
    vscode.commands.registerCommand('vouch.task.debug', whenRunning(debugCommand)),
    vscode.commands.registerCommand('vouch.task.change', whenRunning(changeCommand)),
    vscode.commands.registerCommand(
      'vouch.task.refactor',
      whenRunning(async () => {
        const argument = selectionArgument();
        if (!argument) return;
        const goal = await vscode.window.showInputBox({
          title: 'vouch: refactor',
          prompt:
            'What should the refactor achieve? vouch compares the behaviour before and after; Accept is offered only for a refactor proven to keep it.',
          value: 'make this code simpler and easier to read without changing what it does',
          ignoreFocusOut: true,
        });
        if (goal?.trim()) return vscode.commands.executeCommand('vouch.refactor', { ...argument, goal });
      }),
    ),
    ...(['explain', 'tests'] as const).map((name) =>
      vscode.commands.registerCommand(
        `vouch.task.${name}`,
        whenRunning(() => {
          const argument = selectionArgument();
          if (argument) return vscode.commands.executeCommand(`vouch.${name}`, argument);
        }),
      ),
    ),
    vscode.commands.registerCommand(
      'vouch.task.review',
      whenRunning(() => {
        const argument = selectionArgument();
        if (argument) return vscode.commands.executeCommand('vouch.review', argument);
      }),
    ),
    vscode.commands.registerCommand(
      'vouch.task.ask',
      whenRunning(async () => {
        const question = await vscode.window.showInputBox({
          title: 'vouch: ask',
          prompt: 'A question about this codebase; the answer cites the files it comes from.',
          ignoreFocusOut: true,
        });
        if (!question?.trim()) return;
        // asked in the open file's folder (a multi-root workspace); the first folder without one
        const { uri } = commandFolder();
        return vscode.commands.executeCommand('vouch.ask', uri ? { question, uri } : question);
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!vscode.workspace.isTrusted) return;
      if (
        ['vouch.path', 'vouch.model', 'vouch.debounceMs', 'vouch.telemetry'].some((key) =>
          event.affectsConfiguration(key),
        )
      )
        void vouch?.restart();
    }),
  );

  // Workspace Trust: the workspace's files and settings could steer what runs (its vouch.path, the tools
  // the checks start), so in Restricted Mode nothing starts until the user trusts the workspace.
  if (!vscode.workspace.isTrusted) {
    status.restricted();
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void vouch?.start()));
    return;
  }
  await vouch.start();
}

export async function deactivate(): Promise<void> {
  await vouch?.stop();
}
