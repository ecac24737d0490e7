import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('the completion cache on disk', () => {
  it('writes at once for a one-shot command, so the next process answers from it', async () => {
    storeCompletion(workspace, parts('def f():\n    '), entry('return 1'));
    await flushCompletionCache();
    expect(onDisk()).toHaveLength(1);
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
    await new Promise((resolve) => setTimeout(resolve, 800));
    await flushCompletionCache();
    expect(onDisk()).toHaveLength(2);
  });

  it('writes what is waiting when the face closes, and drops it when the cache is cleared', async () => {
    storeCompletion(workspace, parts('a'), entry('one'), { deferDisk: true });
    await flushCompletionCache();
    expect(onDisk()).toHaveLength(1);
    storeCompletion(workspace, parts('b'), entry('two'), { deferDisk: true });
    clearCompletionCache();
    await flushCompletionCache();
    expect(onDisk()).toHaveLength(1);
  });
});
