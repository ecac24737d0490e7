import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CachedCompletion,
  clearCompletionCache,
  flushCompletionCache,
  lookupCompletion,
  storeCompletion,
} from './completion-cache.js';

let workspace: string;
const folder = () => join(workspace, '.vouch', 'complete-cache');
const onDisk = () => (existsSync(folder()) ? readdirSync(folder()) : []);
const parts = (prefix: string) => ({ model: 'm', path: 'a.py', prefix, suffix: '\n', variant: 'v' });
const entry = (completion: string): CachedCompletion => ({
  completion,
  checks: [],
  truncated: false,
  createdAt: Date.now(),
});

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'vouch-complete-cache-'));
  mkdirSync(join(workspace, '.vouch'));
});
afterEach(async () => {
  await flushCompletionCache();
  clearCompletionCache();
  rmSync(workspace, { recursive: true, force: true });
});

/** Resolves when `test` holds (checked every 20 ms), or with false after `ms`. */
async function within(ms: number, test: () => boolean): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return test();
}

describe('the completion cache on disk', () => {
  it('writes at once for a one-shot command, so the next process answers from it', async () => {
    storeCompletion(workspace, parts('def f():\n    '), entry('return 1'));
    // no flush: written right after the answer, well before a long-lived face's quiet second
    expect(await within(800, () => onDisk().length === 1)).toBe(true);
    clearCompletionCache();
    expect(lookupCompletion(workspace, parts('def f():\n    '))?.completion).toBe('return 1');
  });

  it('keeps a long-lived face’s writes until completions have been quiet, then writes them all', async () => {
    storeCompletion(workspace, parts('a'), entry('one'), { deferDisk: true });
    await new Promise((resolve) => setTimeout(resolve, 700));
    storeCompletion(workspace, parts('b'), entry('two'), { deferDisk: true });
    // answered from memory meanwhile
    expect(lookupCompletion(workspace, parts('a'))?.completion).toBe('one');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 1.2 s after the first, but only 0.5 s after the last: nothing written yet
    expect(onDisk()).toHaveLength(0);
    // no flush: the quiet second after the last writes both
    expect(await within(1_500, () => onDisk().length === 2)).toBe(true);
  });

  it('writes within five seconds however steadily completions keep coming', async () => {
    const started = Date.now();
    let index = 0;
    while (onDisk().length === 0 && Date.now() - started < 7_000) {
      storeCompletion(workspace, parts(`p${index++}`), entry('x'), { deferDisk: true });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const waited = Date.now() - started;
    expect(onDisk().length).toBeGreaterThan(0);
    expect(waited).toBeGreaterThan(4_500);
    expect(waited).toBeLessThan(6_500);
  }, 10_000);

  it('writes what is waiting when the face closes, and drops it when the cache is cleared', async () => {
    storeCompletion(workspace, parts('a'), entry('one'), { deferDisk: true });
    await flushCompletionCache();
    expect(onDisk()).toHaveLength(1);
    storeCompletion(workspace, parts('b'), entry('two'), { deferDisk: true });
    clearCompletionCache();
    await flushCompletionCache();
    expect(onDisk()).toHaveLength(1);
  });

  it('writes what is waiting when the process exits without closing the face', () => {
    const module = pathToFileURL(join(import.meta.dirname, 'completion-cache.ts')).href;
    const script = `import { storeCompletion } from ${JSON.stringify(module)};
storeCompletion(${JSON.stringify(workspace)}, { model: 'm', path: 'a.py', prefix: 'a', suffix: '', variant: 'v' },
  { completion: 'one', checks: [], truncated: false, createdAt: Date.now() }, { deferDisk: true });
process.exit(0);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    expect(onDisk()).toHaveLength(1);
  });
});
