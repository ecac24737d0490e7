export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; }
code { font-family: var(--vscode-editor-font-family); }
.verdict { font-weight: bold; padding: 6px 10px; margin: 12px 0 6px; border-radius: 3px; }
.verdict.pass { background: var(--vscode-testing-iconPassed, #388a34); color: #fff; }
.verdict.fail { background: var(--vscode-testing-iconFailed, #c72e0f); color: #fff; }
.verdict.unverified { background: var(--vscode-editorWarning-foreground, #bf8803); color: #000; }
.check.fail b { color: var(--vscode-errorForeground); }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 6px 14px; margin: 8px 8px 0 0; cursor: pointer; }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.why { color: var(--vscode-descriptionForeground); }
a.citation { color: var(--vscode-textLink-foreground); }
`;

export function nonce(): string {
  let text = '';
  const characters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) text += characters.charAt(Math.floor(Math.random() * characters.length));
  return text;
}
