import { relative } from 'node:path';
import * as vscode from 'vscode';
import { commandFolder, targetEditor } from './active-editor';
import { commandWords } from './command-words';

/**
 * The failing test at the cursor as a command to run: pytest on the test function (and its class) the
 * cursor is in for Python; for other files, or when no test encloses the cursor, the user types the
 * command. vouch runs it in its sandbox, reads the failure and proposes a fix it verified.
 */
export function testAtCursor(editor: vscode.TextEditor, root: string): string[] | undefined {
  const { document } = editor;
  if (document.languageId !== 'python') return undefined;
  const path = relative(root, document.uri.fsPath);
  let test: string | undefined;
  let testClass: string | undefined;
  for (let line = editor.selection.active.line; line >= 0; line--) {
    const text = document.lineAt(line).text;
    const definition = /^(\s*)def (test\w*)\s*\(/.exec(text);
    if (!test && definition) {
      test = definition[2];
      if (definition[1] === '') break;
      continue;
    }
    const owner = /^class (\w+)/.exec(text);
    if (test && owner) {
      testClass = owner[1];
      break;
    }
  }
  if (!test) return undefined;
  return ['python3', '-m', 'pytest', '-x', [path, testClass, test].filter(Boolean).join('::')];
}

export async function debugCommand(): Promise<unknown> {
  const editor = targetEditor();
  // the test's path is relative to its own folder (a multi-root workspace), where the command runs
  const { uri, folder } = commandFolder();
  const root = folder?.uri.fsPath;
  const proposed = editor && root ? testAtCursor(editor, root) : undefined;
  const typed = await vscode.window.showInputBox({
    title: 'vouch: debug',
    prompt:
      'The failing command (it runs in vouch’s sandbox); vouch reads the failure and proposes a verified fix.',
    value: proposed?.join(' ') ?? '',
    ignoreFocusOut: true,
  });
  if (!typed?.trim()) return undefined;
  const command = commandWords(typed);
  if (typeof command === 'string') {
    void vscode.window.showErrorMessage(`vouch: ${command}`);
    return undefined;
  }
  return vscode.commands.executeCommand('vouch.debug', { command, ...(uri ? { uri } : {}) });
}
