/**
 * The context-quality benchmark hides each task's body before vouch assembles context at it
 * (bench/context/quality.ts `withHiddenBody`): nothing of the hidden body may reach the context, through
 * the index or through the disk, and the tree must come back byte for byte, times included.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentEngine } from '../../bench/context/engine.js';
import { type RetrievalTask, withHiddenBody } from '../../bench/context/quality.js';
import type { IndexStore } from '../../src/index/index-store.js';
import { staleIndexedPaths } from '../../src/index/stale-files.js';

const parent = mkdtempSync(join(tmpdir(), 'vouch-hidden-'));
const root = join(parent, 'tree');
const engine = currentEngine();
let store: IndexStore;

// The cursor's file is longer than the cursor window, so a definition of its own (Base, far above the
// cursor) is shown as a snippet, and the stale-context check looks at the file.
const filler = Array.from({ length: 200 }, (_, n) => `def filler_${n}(value):\n    return value + ${n}\n`);
const main = [
  'class Base:',
  '    def helper(self):',
  '        return 2',
  '',
  ...filler,
  '',
  'class Thing(Base):',
  '    def target(self):',
  '        value = self.helper()',
  '        return only_in_body(value)',
  '',
].join('\n');
const mainLines = main.split('\n');
const targetLine = mainLines.indexOf('    def target(self):') + 1;
const task: RetrievalTask = {
  path: 'main.py',
  name: 'target',
  startLine: targetLine,
  endLine: targetLine + 2,
  targets: [{ path: 'lib.py', name: 'only_in_body', startLine: 1 }],
};

beforeAll(async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'lib.py'), 'def only_in_body(value):\n    return value * 3\n');
  writeFileSync(join(root, 'main.py'), main);
  // an old time, as a checkout's, so a restore that left the time of writing would show
  utimesSync(join(root, 'main.py'), 1_600_000_000, 1_600_000_000);
  store = engine.open(root);
  await engine.refresh(store, root);
});
afterAll(() => {
  store?.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('withHiddenBody', () => {
  it('shows vouch a file whose index and disk agree, and no name only the hidden body uses', async () => {
    await withHiddenBody(store, root, task, async (hidden) => {
      expect(hidden).not.toContain('only_in_body');
      // vouch re-indexes a shown file that differs from the disk: the disk must hold the hidden text too
      expect(staleIndexedPaths(root, store, ['main.py'])).toEqual([]);
      const context = await engine.assembleContext({
        workspaceRoot: root,
        cursor: { path: 'main.py', line: task.startLine + 1, column: 1, text: hidden },
        store,
        environment: false,
        budgetTokens: 3000,
        cursorTokens: 1000,
      });
      const code = context.snippets.filter(
        (snippet) => snippet.kind !== 'cursor' && snippet.kind !== 'repo-map',
      );
      expect(code.some((snippet) => snippet.path === 'main.py')).toBe(true);
      // (the repo map of a two-file tree lists every definition, this one too, as it would without a body)
      expect(code.filter((snippet) => snippet.source.includes('only_in_body'))).toEqual([]);
      expect(context.notices).toEqual([]);
    });
  });

  it('puts the file back as it was, bytes and modification time, and the index with it', async () => {
    const before = statSync(join(root, 'main.py'));
    await withHiddenBody(store, root, task, async () => undefined);
    expect(readFileSync(join(root, 'main.py'), 'utf8')).toBe(main);
    expect(statSync(join(root, 'main.py')).mtimeMs).toBe(before.mtimeMs);
    expect(staleIndexedPaths(root, store, ['main.py'])).toEqual([]);
    expect(store.referencesIn('main.py').some((reference) => reference.name === 'only_in_body')).toBe(true);
  });

  it('restores a file that a killed run left with its body hidden', async () => {
    const file = join(root, 'main.py');
    const before = statSync(file);
    writeFileSync(file, 'half written');
    // a record as a run leaves it, from a process that no longer exists
    writeFileSync(
      join(parent, 'tree.hidden-body-999999999.json'),
      JSON.stringify({
        file,
        original: Buffer.from(main).toString('base64'),
        atimeMs: before.atimeMs,
        mtimeMs: before.mtimeMs,
      }),
    );
    await withHiddenBody(store, root, task, async () => undefined);
    expect(readFileSync(file, 'utf8')).toBe(main);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  });
});
