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

export function trackActiveEditor(): vscode.Disposable {
  last = vscode.window.activeTextEditor;
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor && editor.document.uri.scheme === 'file') last = editor;
  });
}
