import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { readCodeCache, writeCodeCache } from './start.js';

// The scan bundle's code cache (start.ts): made by the build, read by every `vouch scan`, never stale.
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-code-cache-'));
  made.push(dir);
  return dir;
}

// two scripts of the same length: V8 checks a code cache against its source's length only
const ONE = '(function () { function f() { return 1 + 2; } return f(); })';
const OTHER = '(function () { function g() { return 7 * 9; } return g(); })';

/** V8's code cache of `text` after running it (so its inner function is compiled too). */
function cacheOf(text: string): Buffer {
  const script = new Script(text);
  (script.runInThisContext() as () => number)();
  return script.createCachedData();
}

describe('the scan bundle’s code cache', () => {
  it('is taken by V8 for the text it was made from, and makes V8 skip compiling it', () => {
    const dir = folder();
    const file = join(dir, 'bundle.cache');
    const data = cacheOf(ONE);
    writeCodeCache(file, ONE, data);
    const read = readCodeCache(file, ONE);
    expect(read && Buffer.compare(read, data)).toBe(0);
    const script = new Script(ONE, { cachedData: read });
    expect(script.cachedDataRejected).toBe(false);
    expect((script.runInThisContext() as () => number)()).toBe(3);
    // written whole through a temporary file, which is gone
    expect(readdirSync(dir)).toEqual(['bundle.cache']);
    // a text given as its pieces (the bundle's bytes as read, between the wrapper's two halves) is the same text
    const pieces = ['(function () { function f() {', Buffer.from(' return 1 + 2; } return f();'), ' })'];
    expect(readCodeCache(file, pieces)).toEqual(read);
    expect(
      readCodeCache(file, ['(function () {', Buffer.from(' function f() { return 1 + 2; }'), ' })']),
    ).toBeUndefined();
  });

  it('is never used for another text, which V8 alone would run with the first text’s code', () => {
    expect(ONE.length).toBe(OTHER.length);
    const data = cacheOf(ONE);
    // what a cache keyed by V8's own check would do: the other script runs the first one's function
    const stale = new Script(OTHER, { cachedData: data });
    expect(stale.cachedDataRejected).toBe(false);
    expect((stale.runInThisContext() as () => number)()).toBe(3);
    const file = join(folder(), 'bundle.cache');
    writeCodeCache(file, ONE, data);
    expect(readCodeCache(file, OTHER)).toBeUndefined();
    expect((new Script(OTHER).runInThisContext() as () => number)()).toBe(63);
  });

  it('is ignored when damaged, cut short, made by another V8, missing or not a cache at all', () => {
    const dir = folder();
    const file = join(dir, 'bundle.cache');
    writeCodeCache(file, ONE, cacheOf(ONE));
    const whole = readFileSync(file);
    const header = whole.subarray(0, whole.indexOf(0x0a)).toString('latin1');
    const body = whole.subarray(header.length + 1);

    const flipped = Buffer.from(whole);
    flipped[flipped.length - 5]! ^= 0xff;
    writeFileSync(file, flipped);
    expect(readCodeCache(file, ONE)).toBeUndefined();

    writeFileSync(file, whole.subarray(0, whole.length - 10));
    expect(readCodeCache(file, ONE)).toBeUndefined();

    writeFileSync(file, whole.subarray(0, header.length + 1));
    expect(readCodeCache(file, ONE)).toBeUndefined();

    const [format, textHash, , dataHash] = header.split(' ');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${format} ${textHash} 10.2.154.26-node.36 ${dataHash}\n`, 'latin1'), body]),
    );
    expect(readCodeCache(file, ONE)).toBeUndefined();

    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`other-format/1 ${textHash} ${process.versions.v8} ${dataHash}\n`), body]),
    );
    expect(readCodeCache(file, ONE)).toBeUndefined();

    writeFileSync(file, 'not a cache');
    expect(readCodeCache(file, ONE)).toBeUndefined();
    expect(readCodeCache(join(dir, 'missing.cache'), ONE)).toBeUndefined();

    // and the file as written is read back
    writeFileSync(file, whole);
    expect(readCodeCache(file, ONE)).toBeDefined();
  });
});
