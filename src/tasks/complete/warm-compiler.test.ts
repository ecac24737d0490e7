import { afterAll, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { scriptedModel } from '../../../test/support/scripted-model.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { runTask, TaskSession } from '../index.js';
import { compileOnce, WarmCompiler } from './warm-compiler.js';

/**
 * Issue 60: a completion's compile check (Python's compiler on the file with the completion in place,
 * issue 41) started a new sandbox and interpreter per completion, most of the inline completion's
 * overhead. A long-lived face's session keeps one sandboxed worker for it: it must answer exactly as a
 * sandbox of its own does, refuse what the compiler refuses, and fall back to a sandbox of its own once
 * the session is closed. With the sandbox (skipped without one, as the sandbox suites are).
 */

const { available } = await sandboxAvailability();
const fixtures = new IndexFixtures();
afterAll(() => fixtures.cleanUp());

const CODES = 'def code(item):\n    \n';

/** Texts as a completion leaves a file: valid, refused by the compiler only, large (past the worker's in-process limit). */
const TEXTS: Record<string, string> = {
  valid: 'def code(item):\n    return item.code\n',
  'leading zero': 'def code(item):\n    return item.code + 08\n',
  'unexpected indent': 'def code(item):\n    value = 1\n        return value\n',
  'tree-sitter error': 'def code(item:\n    return (\n',
  large: `${'def f():\n    return 1\n\n'.repeat(2_000)}def code(item):\n    return item.code\n`,
  'large, refused at the end': `${'value = 1\n'.repeat(3_000)}def code(item):\n    return 08\n`,
};

describe.skipIf(!available)('complete: the warm compiler', () => {
  it('answers as a sandbox of its own does', async () => {
    const root = fixtures.project('vouch-warm-compile-', { 'codes.py': CODES });
    const compiler = new WarmCompiler(root);
    try {
      for (const [name, text] of Object.entries(TEXTS)) {
        const warm = await compiler.compile({ path: 'codes.py', text });
        const once = await compileOnce(root, { path: 'codes.py', text });
        expect({ name, status: warm.status, stdout: warm.stdout.trim() }).toEqual({
          name,
          status: once.status,
          stdout: once.stdout.trim(),
        });
        expect(once.status, name).toBe('ok');
      }
      // and it ran in the worker, not a sandbox of its own: the worker is there
      expect(await compiler.start()).toBeDefined();
    } finally {
      await compiler.close();
    }
  });

  it('refuses in a warm session what the compiler refuses, and the worker starts when a Python buffer opens', async () => {
    const root = fixtures.project('vouch-warm-compile-task-', { 'codes.py': CODES });
    const session = new TaskSession(root, { warm: true });
    try {
      const { warmCompletion } = await import('./index.js');
      await warmCompletion(session, { path: 'codes.py', text: CODES });
      expect(await session.compiler?.start()).toBeDefined();
      const result = await runTask({
        name: 'complete',
        input: { file: 'codes.py', line: 2, column: 5, cache: false },
        host: {
          workspaceRoot: root,
          config: {},
          model: async () => scriptedModel(['return item.code + 08\n']),
          session,
        },
      });
      expect(result.verification.status).toBe('fail');
      expect(
        result.verification.checks.find((check) => check.name === 'syntax')?.findings[0]?.message,
      ).toContain('the completion does not compile in place');
    } finally {
      await session.close();
    }
  });

  it('compiles in a sandbox of its own once closed', async () => {
    const root = fixtures.project('vouch-warm-compile-closed-', { 'codes.py': CODES });
    const compiler = new WarmCompiler(root);
    await compiler.close();
    expect(await compiler.start()).toBeUndefined();
    const result = await compiler.compile({ path: 'codes.py', text: TEXTS['leading zero']! });
    expect(result.status).toBe('ok');
    expect(result.stdout).toContain('leading zeros');
  });
});
