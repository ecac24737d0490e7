import * as vscode from 'vscode';
import { commandFolder, targetEditor } from './active-editor';
import { changeArgument } from './change-argument';

/**
 * "vouch: Change across files…": the request (asked in an input box) goes to the language server's
 * `vouch.change` with the open file as the first file it needs; vouch finds the others. The report
 * (one diff, per-file verdicts, the suite before and after) opens in the report panel, with Accept for a
 * verified change: the server writes the change it verified (`vouch.apply`, all or nothing, refused when
 * a file changed since it was read). Nothing is written before Accept.
 */
export async function changeCommand(): Promise<unknown> {
  const editor = targetEditor();
  // the open file's folder (a multi-root workspace): the change runs there, its files relative to it
  const { uri, folder } = commandFolder();
  const request = await vscode.window.showInputBox({
    title: 'vouch: change across files',
    prompt:
      "What should change? vouch edits the files it needs, proves the change against your project's tests, and writes nothing until you accept.",
    placeHolder: 'e.g. add a discount code to the cart total: SAVE10 takes 10% off',
    ignoreFocusOut: true,
  });
  const document = editor?.document.uri.scheme === 'file' ? editor.document.uri.fsPath : undefined;
  const argument = changeArgument(request, document, folder?.uri.fsPath);
  if (!argument) return undefined;
  return vscode.commands.executeCommand('vouch.change', { ...argument, ...(uri ? { uri } : {}) });
}
