import * as vscode from 'vscode';
import {
  escapeHtml,
  LINK_SCRIPT,
  page,
  renderAnswer,
  renderCitations,
  renderReport,
  renderReviewComments,
} from './html';
import { reviewComments, type TaskResult } from './task-result';

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

/** Opens the file a citation names, at its line. */
export async function openCitation(path: string, line: number): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, path);
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(uri, {
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
  const panel = vscode.window.createWebviewPanel(
    'vouch.report',
    title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, localResourceRoots: [] },
  );
  const verified = result.verification.status === 'pass';
  const code = result.generated_code.trim()
    ? `<h3>Code</h3><pre><code>${escapeHtml(result.generated_code.trimEnd())}</code></pre>`
    : '';
  const edits = result.edits
    .map(
      (edit) => `<h3>${escapeHtml(edit.path)}</h3><pre><code>${escapeHtml(edit.diff.trimEnd())}</code></pre>`,
    )
    .join('');
  const tests = result.test_stubs.trim()
    ? `<h3>Tests</h3><pre><code>${escapeHtml(result.test_stubs.trimEnd())}</code></pre>`
    : '';
  const buttons = acceptable
    ? verified
      ? '<div><button data-action="accept" id="accept">Accept</button><button class="secondary" data-action="discard">Discard</button></div>'
      : `<div><button data-action="accept" id="accept-anyway">Accept anyway</button><button class="secondary" data-action="discard">Discard</button>
<p class="why" id="why-not">Not verified: ${escapeHtml(result.verification.reasons.join('; ') || `verification ${result.verification.status}`)}. Accepting takes code that vouch could not vouch for.</p></div>`
    : '';
  const notes = result.notes.map((note) => `<blockquote>${escapeHtml(note)}</blockquote>`).join('');
  panel.webview.html = page(
    title,
    `<h2>${escapeHtml(title)}</h2>${renderReport(result)}${buttons}${renderAnswer(result.explanation)}${renderReviewComments(reviewComments(result))}${code}${edits}${tests}${renderCitations(result.citations)}${notes}`,
    LINK_SCRIPT,
  );
  panel.webview.onDidReceiveMessage(async (message: { type: string; path?: string; line?: number }) => {
    if (message.type === 'open' && message.path) await openCitation(message.path, message.line ?? 1);
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
