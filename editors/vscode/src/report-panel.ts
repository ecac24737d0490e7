import * as vscode from 'vscode';
import { resolveCitation } from './citation-path';
import { reportPage } from './report-page';
import type { TaskResult } from './task-result';

/** The extension's folder: the report panel's page loads its bundle (out/report-view.js) from there. */
let extensionUri: vscode.Uri | undefined;
export function setExtensionUri(uri: vscode.Uri): void {
  extensionUri = uri;
}

/** The extension's folder (the panels' bundles are in its out/). */
export function extensionFolder(): vscode.Uri {
  if (!extensionUri) throw new Error('a vouch panel was used before the extension activated');
  return extensionUri;
}

const TITLES: Record<string, string> = {
  generate: 'Generate',
  explain: 'Explain',
  test: 'Tests',
  refactor: 'Refactor',
  review: 'Review',
  ask: 'Ask',
  debug: 'Debug',
  fix: 'Fix',
  chat: 'Chat',
  change: 'Change',
};

/** What Accept did: applied, or why not (nothing was changed then). */
export interface AcceptOutcome {
  applied: boolean;
  reason?: string;
}

/** Code the user may take into the workspace: only verified code gets a plain Accept. */
export interface Acceptable {
  /** what Accept does (insert the code, apply the edit) */
  apply(): Promise<AcceptOutcome>;
  /** what Discard does besides closing (close a diff preview) */
  discard?(): Promise<void>;
}

/**
 * Opens the file a citation names, at its line: only a file inside the workspace folder (a path the
 * model wrote may try `..`, an absolute path or a link out; those are refused with a message).
 */
export async function openCitation(path: unknown, line: unknown): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme !== 'file') return;
  const target = typeof path === 'string' ? resolveCitation(folder.uri.fsPath, path) : { refused: 'no path' };
  if ('refused' in target) {
    void vscode.window.showWarningMessage(`vouch: not opened: ${target.refused}.`);
    return;
  }
  const lineNumber = typeof line === 'number' && Number.isSafeInteger(line) && line > 0 ? line : 1;
  const position = new vscode.Position(lineNumber - 1, 0);
  await vscode.window.showTextDocument(vscode.Uri.file(target.file), {
    selection: new vscode.Range(position, position),
    viewColumn: vscode.ViewColumn.One,
  });
}

/**
 * A task's answer in a panel, its verification report first. Code that passed every check has Accept;
 * code that did not has "Accept anyway", with the reasons beside it.
 */
export function showReport(result: TaskResult, acceptable?: Acceptable): vscode.WebviewPanel {
  const title = `vouch: ${TITLES[result.task] ?? result.task}`;
  const out = vscode.Uri.joinPath(extensionFolder(), 'out');
  const panel = vscode.window.createWebviewPanel(
    'vouch.report',
    title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, localResourceRoots: [out] },
  );
  // the web UI's report components render the result (webview/report-view.tsx): the verdict, every check
  // with its findings, the confidence and why, the answer with its citations, Accept or Accept anyway
  panel.webview.html = reportPage(
    { title, result, acceptable: acceptable !== undefined },
    { src: panel.webview.asWebviewUri(vscode.Uri.joinPath(out, 'report-view.js')).toString() },
  );
  panel.webview.onDidReceiveMessage(async (message: { type: string; path?: unknown; line?: unknown }) => {
    if (message.type === 'open') await openCitation(message.path, message.line);
    if (message.type === 'accept' && acceptable) {
      const outcome = await acceptable.apply();
      if (outcome.applied) panel.dispose();
      else
        void vscode.window.showWarningMessage(
          `vouch: not applied: ${outcome.reason ?? 'the file changed since the code was made; run the task again.'}`,
        );
    }
    if (message.type === 'discard') {
      await acceptable?.discard?.();
      panel.dispose();
    }
  });
  return panel;
}
