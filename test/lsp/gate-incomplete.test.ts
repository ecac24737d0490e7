import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeAction, type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { startLsp } from '../support/lsp-client.js';
import { type SlowMypyProject, slowMypyProject } from '../support/slow-mypy.js';

/**
 * Issue 60: on open, `vouch lsp` publishes the quick checks' diagnostics first, then the whole gate's.
 * When the whole gate does not complete (here the project's mypy hangs past the server's time budget for
 * it), the quick diagnostics must not stand as if they were the verdict: the server publishes them again
 * with one diagnostic (source `vouch`) saying the file is not verified and why. The hanging mypy is the
 * project's (`test/support/slow-mypy.ts`), released by the test when it ends.
 * Needs `npm run build`.
 */
const sandbox = await sandboxAvailability();

const RUN = 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n';

let slowMypy: SlowMypyProject;
let project: string;
beforeAll(() => {
  // a mypy that never answers while the test runs (at most 50 s, under the sandbox's 60 s limit)
  slowMypy = slowMypyProject({ prefix: 'vouch-lsp-incomplete-', answer: 'clean', waitSeconds: 50 });
  project = slowMypy.root;
});
afterAll(() => slowMypy?.remove());

const incomplete = (d: Diagnostic) => d.code === 'gate-incomplete';

/** The diagnostics `test` accepts, or a failure after `ms` (the old server never publishes them). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    }),
  ]);
}

describe.skipIf(!sandbox.available)('vouch lsp: a whole gate that does not complete', () => {
  it('says the file is not verified, and why, beside the quick diagnostics it keeps', async () => {
    const client = await startLsp(project, { gateTimeoutMs: 2000 });
    try {
      const uri = pathToFileURL(join(project, 'run.py')).href;
      const quick = client.nextDiagnostics(uri);
      const stopped = client.nextDiagnostics(uri, (list) => list.some(incomplete));
      client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text: RUN },
      });
      expect((await quick).some(incomplete)).toBe(false);
      const published = await within(stopped, 40_000, '"not verified" diagnostic');
      const note = published.find(incomplete)!;
      expect(note.source).toBe('vouch');
      expect(note.severity).toBe(DiagnosticSeverity.Warning);
      expect(note.message).toMatch(/not verified/);
      expect(note.message).toMatch(/did not finish within 2 s/);
      // the quick checks' finding stays, now beside the note
      expect(published.some((d) => d.source?.includes('security') && String(d.code).includes('CWE-78'))).toBe(
        true,
      );
      expect(client.diagnostics.get(uri)!.every((p) => p.version === 1)).toBe(true);
      // nothing for the model to fix in a gate that did not complete: no "fix with the model" on the note
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: note.range,
        context: { diagnostics: [note] },
      })) as CodeAction[];
      expect(actions.filter((action) => action.title.includes('fix with the model'))).toEqual([]);
      // typing runs only the quick checks: they take nothing back, the file is still not verified
      const typed = client.nextDiagnostics(uri);
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: `${RUN}# edited\n` }],
      });
      expect((await within(typed, 40_000, 'diagnostics after an edit')).some(incomplete)).toBe(true);
    } finally {
      slowMypy.release();
      await client.close();
    }
  }, 180_000);
});
