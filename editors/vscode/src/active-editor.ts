import * as vscode from 'vscode';

let last: vscode.TextEditor | undefined;

/**
 * The text editor a command is about: the active one, else the one last active (a report or chat panel
 * being the active editor leaves VS Code with no active text editor).
 */
export function targetEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor ?? last;
  return editor && !editor.document.isClosed ? editor : undefined;
}

/**
 * The open file a command is about, as `vouch lsp` takes it (`uri`: the command runs in that file's
 * folder), and its workspace folder; no file open (or one outside every folder): the first folder.
 */
export function commandFolder(): { uri?: string; folder?: vscode.WorkspaceFolder } {
  const document = targetEditor()?.document;
  const file = document?.uri.scheme === 'file' ? document.uri : undefined;
  const folder =
    (file && vscode.workspace.getWorkspaceFolder(file)) || vscode.workspace.workspaceFolders?.[0];
  return { ...(file ? { uri: file.toString() } : {}), ...(folder ? { folder } : {}) };
}

export function trackActiveEditor(): vscode.Disposable {
  last = vscode.window.activeTextEditor;
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor && editor.document.uri.scheme === 'file') last = editor;
  });
}
