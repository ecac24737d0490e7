import * as vscode from 'vscode';
import { answerFolder, ofWorkspace } from './answer-folder';
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
 * Opens the file a citation names, at its line: the path is relative to the folder the answer came from
 * (`folder`, as `vouch lsp` named it; the first folder for an answer that names none), and only a file
 * inside that folder opens (a path the model wrote may try `..`, an absolute path or a link out; those
 * are refused with a message), from a folder of this workspace.
 */
export async function openCitation(path: unknown, line: unknown, folder?: string): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((each) => each.uri.scheme === 'file')
    .map((each) => each.uri.fsPath);
  const root = answerFolder(folder, folders[0]);
  if (!root) return;
  const target = !ofWorkspace(root, folders)
    ? { refused: `the answer came from ${root}, which is no folder of this workspace` }
    : typeof path === 'string'
      ? resolveCitation(root, path)
      : { refused: 'no path' };
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
 * code that did not has "Accept anyway", with the reasons beside it. `folder` is the folder the task ran
 * in (`vouch lsp`'s answer names it): its citations open there.
 */
export function showReport(
  result: TaskResult,
  acceptable?: Acceptable,
  folder?: string,
): vscode.WebviewPanel {
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
    if (message.type === 'open') await openCitation(message.path, message.line, folder);
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
