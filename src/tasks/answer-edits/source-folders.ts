/**
 * Where an answer may put a change: the workspace's source folders. An answer is text a model wrote, and a
 * debug answer once created `.git/config` (with `core.fsmonitor`, a command git runs on the next status)
 * and `.github/workflows/ci.yml` beside its fix (issue 55). A dot-folder holds tooling, not sources —
 * `.git/`, `.github/`, `.vscode/`, `.vouch/`, a virtualenv's `.venv/` — and a change there is refused with
 * the reason, never applied, whatever the rest of the answer does.
 */
export function outsideSourceFolders(path: string): string | undefined {
  const folders = path.replace(/\\/g, '/').replace(/^\.\//, '').split('/').slice(0, -1);
  const dotted = folders.find((folder) => folder.startsWith('.') && folder !== '.' && folder !== '..');
  if (!dotted) return undefined;
  return `the answer changes ${path}, inside ${dotted}/, which holds tooling, not the workspace's sources: refused (an answer changes source files only)`;
}
