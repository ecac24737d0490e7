import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (relative path → text or bytes) under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A new temporary folder holding `files`; its path is added to `made` for the test's cleanup. */
export function tempProject(prefix: string, files: Record<string, string | Buffer>, made: string[]): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  made.push(root);
  writeFiles(root, files);
  return root;
}

/**
 * Sets the times of every file and folder under `dir` (and its own) an hour back: a listing snapshot
 * taken next is trusted, as it is for a tree nobody touched in the last seconds.
 */
export function ageTree(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) ageTree(path);
    utimesSync(path, past, past);
  }
  utimesSync(dir, past, past);
}

/**
 * The project of the warm imports check's tests (language server, team server): `app.py` with a function
 * to complete at line 5, column 5, and a local package whose module the tests edit behind the face's back.
 */
export const WARM_IMPORTS_APP =
  'from pkg import helpers\n\n\ndef handler(items):\n    \n\n\ndef other():\n    return 1\n';

export function warmImportsProject(prefix: string, made: string[]): string {
  return tempProject(
    prefix,
    {
      'vouch.toml': '',
      'app.py': WARM_IMPORTS_APP,
      'pkg/__init__.py': '',
      'pkg/helpers.py': 'def helper():\n    return 1\n',
    },
    made,
  );
}
