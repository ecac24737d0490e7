import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheStateDir } from '../../workspace/root.js';
import { type CachedCompletion, CompletionCache } from './completion-cache.js';

let workspace: string;
/** the caches a test made, flushed after it */
const made: CompletionCache[] = [];
const oneShot = () => remember(new CompletionCache(workspace));
const longLived = () => remember(new CompletionCache(workspace, { deferDisk: true }));
function remember(cache: CompletionCache): CompletionCache {
  made.push(cache);
  return cache;
}
/** the user's cache dir of the test (XDG_CACHE_HOME) */
let userCache: string;
const folder = () => join(cacheStateDir(workspace), 'complete-cache');
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
  userCache = mkdtempSync(join(tmpdir(), 'vouch-user-cache-'));
  vi.stubEnv('XDG_CACHE_HOME', userCache);
});
afterEach(async () => {
  vi.useRealTimers();
  passTime = undefined;
  for (const cache of made.splice(0)) await cache.flush();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(userCache, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

/**
 * A long-lived face's cache writes after a quiet second, or five seconds at the latest: its tests run on
 * fake time (setTimeout and Date), so they wait no second of real time and a busy machine cannot make a
 * timer late. Letting `ms` of fake time pass fires the cache's timers; the writes those began (real I/O,
 * which takes no fake time) are then awaited through the cache's own `flush`, watched, not replaced.
 */
let passTime: ((ms: number) => Promise<void>) | undefined;
function onFakeTime(cache: CompletionCache): (ms: number) => Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const flushes = vi.spyOn(cache, 'flush');
  passTime = async (ms) => {
    await vi.advanceTimersByTimeAsync(ms);
    await Promise.all(flushes.mock.results.map((result) => result.value));
  };
  return passTime;
}

/** Resolves when `test` holds (checked every 20 ms), or with false after `ms`. */
async function within(ms: number, test: () => boolean): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test()) return true;
    await (passTime ? passTime(20) : new Promise((resolve) => setTimeout(resolve, 20)));
  }
  return test();
}

describe('the completion cache on disk', () => {
  it('writes at once for a one-shot command, so the next process answers from it', async () => {
    // On fake time that never passes, and without a flush: a write kept for a quiet second would never
    // come (the test would end at its limit). The write itself is real I/O, waited for as long as a loaded
    // machine takes; a file only listed (created, not yet written) is not enough: the next process reads it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const started = Date.now();
    oneShot().store(parts('def f():\n    '), entry('return 1'));
    const nextProcess = () => new CompletionCache(workspace).lookup(parts('def f():\n    '))?.completion;
    while (nextProcess() !== 'return 1') await realSleep(20);
    expect(Date.now() - started).toBe(0);
    expect(onDisk()).toHaveLength(1);
    expect(oneShot().lookup(parts('def f():\n    '))?.completion).toBe('return 1');
  });

  it('keeps a long-lived face’s writes until completions have been quiet, then writes them all', async () => {
    const cache = longLived();
    const pass = onFakeTime(cache);
    cache.store(parts('a'), entry('one'));
    await pass(700);
    cache.store(parts('b'), entry('two'));
    // answered from memory meanwhile
    expect(cache.lookup(parts('a'))?.completion).toBe('one');
    await pass(500);
    // 1.2 s after the first, but only 0.5 s after the last: nothing written yet
    expect(onDisk()).toHaveLength(0);
    // no flush: the quiet second after the last writes both
    expect(await within(1_500, () => onDisk().length === 2)).toBe(true);
  });

  it('writes within five seconds however steadily completions keep coming', async () => {
    const cache = longLived();
    const pass = onFakeTime(cache);
    const started = Date.now();
    let index = 0;
    while (onDisk().length === 0 && Date.now() - started < 7_000) {
      cache.store(parts(`p${index++}`), entry('x'));
      await pass(300);
    }
    const waited = Date.now() - started;
    expect(onDisk().length).toBeGreaterThan(0);
    expect(waited).toBeGreaterThan(4_500);
    expect(waited).toBeLessThan(6_500);
  }, 10_000);

  it('writes what is waiting when the face closes, and drops it when the cache is cleared', async () => {
    const cache = longLived();
    cache.store(parts('a'), entry('one'));
    await cache.flush();
    expect(onDisk()).toHaveLength(1);
    cache.store(parts('b'), entry('two'));
    cache.clear();
    await cache.flush();
    expect(onDisk()).toHaveLength(1);
  });

  it('writes what is waiting at once and synchronously, for a process ending without a shutdown', () => {
    const cache = longLived();
    cache.store(parts('a'), entry('one'));
    cache.store(parts('b'), entry('two'));
    cache.flushNow();
    expect(onDisk()).toHaveLength(2);
  });

  it('keeps its entries in the user’s cache dir, private, and reads none from the workspace', async () => {
    const cache = oneShot();
    cache.store(parts('a'), entry('one'));
    await cache.flush();
    expect(onDisk()).toHaveLength(1);
    expect(existsSync(join(workspace, '.vouch', 'complete-cache'))).toBe(false);
    expect(statSync(folder()).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder(), onDisk()[0]!)).mode & 0o777).toBe(0o600);
    // review r43: the same entry committed in the workspace's .vouch/ (the author can compute its name)
    cpSync(folder(), join(workspace, '.vouch', 'complete-cache'), { recursive: true });
    rmSync(folder(), { recursive: true });
    expect(oneShot().lookup(parts('a'))).toBeUndefined();
  });

  it('takes an entry dated in the future for stale', async () => {
    const cache = oneShot();
    cache.store(parts('a'), { ...entry('one'), createdAt: Date.now() + 60 * 60_000 });
    await cache.flush();
    // where this vouch keeps it (a vouch before the fix kept it in the workspace's .vouch/)
    const where = [folder(), join(workspace, '.vouch', 'complete-cache')].find((path) => existsSync(path))!;
    const [name] = readdirSync(where);
    expect(oneShot().lookup(parts('a'))).toBeUndefined();
    // an entry of now is still served: the lookup above failed on the date alone
    writeFileSync(join(where, name!), JSON.stringify(entry('one')));
    expect(oneShot().lookup(parts('a'))?.completion).toBe('one');
  });

  it('keeps nothing in the process: another cache of the workspace knows only what is on disk', async () => {
    const cache = longLived();
    cache.store(parts('a'), entry('one'));
    expect(oneShot().lookup(parts('a'))).toBeUndefined();
    await cache.flush();
    expect(oneShot().lookup(parts('a'))?.completion).toBe('one');
  });
});
