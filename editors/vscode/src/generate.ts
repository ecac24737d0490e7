import { basename } from 'node:path';
import * as vscode from 'vscode';
import { targetEditor } from './active-editor';
import { showReport } from './report-panel';
import { type CommandOutcome, isCommandOutcome } from './task-result';

export const PROPOSAL_SCHEME = 'vouch-proposal';

/** The proposed texts the diff previews show, by the query of their `vouch-proposal:` URI. */
const proposals = new Map<string, string>();
let counter = 0;

export const proposalProvider: vscode.TextDocumentContentProvider = {
  provideTextDocumentContent: (uri) => proposals.get(uri.query) ?? '',
};

async function closeDiff(right: vscode.Uri): Promise<void> {
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs)
      if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === right.toString())
        await vscode.window.tabGroups.close(tab);
  proposals.delete(right.query);
}

/**
 * Generate: what the code should do (asked in an input box), at the cursor or in place of the selection.
 * The result opens as a diff of the buffer against the buffer with the code in it, beside its report;
 * the buffer changes only when the user accepts (and only if it did not change meanwhile).
 */
export async function generateCommand(): Promise<void> {
  const editor = targetEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('vouch: open the file the code is meant for first.');
    return;
  }
  const spec = await vscode.window.showInputBox({
    title: 'vouch: generate',
    prompt: 'What should the code do? It is verified before you see it.',
    placeHolder: 'e.g. parse an ISO date and return the weekday',
    ignoreFocusOut: true,
  });
  if (!spec?.trim()) return;
  const document = editor.document;
  const selection = editor.selection;
  const version = document.version;
  const outcome = await vscode.commands.executeCommand<CommandOutcome | undefined>('vouch.generate', {
    uri: document.uri.toString(),
    range: { start: selection.start, end: selection.end },
    spec,
  });
  if (!isCommandOutcome(outcome) || !outcome.result) return;
  const result = outcome.result;
  let code = result.generated_code;
  if (!code.trim()) {
    showReport(result, undefined, outcome.folder);
    return;
  }
  if (!code.endsWith('\n') && selection.isEmpty) code += '\n';
  const text = document.getText();
  const proposed =
    text.slice(0, document.offsetAt(selection.start)) + code + text.slice(document.offsetAt(selection.end));
  const key = String(++counter);
  proposals.set(key, proposed);
  const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: document.uri.path, query: key });
  await vscode.commands.executeCommand(
    'vscode.diff',
    document.uri,
    right,
    `${basename(document.uri.path)} ↔ vouch's proposal`,
    { preview: true, viewColumn: vscode.ViewColumn.One },
  );
  showReport(
    result,
    {
      async apply() {
        if (document.version !== version)
          return {
            applied: false,
            reason: `${basename(document.uri.path)} changed since the code was made; run generate again.`,
          };
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, selection, code);
        const applied = await vscode.workspace.applyEdit(edit);
        await closeDiff(right);
        if (applied) await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
        return applied ? { applied } : { applied, reason: 'VS Code did not apply the edit.' };
      },
      discard: () => closeDiff(right),
    },
    outcome.folder,
  );
}
