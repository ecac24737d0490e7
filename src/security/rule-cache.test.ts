import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { readRuleCache, ruleCacheFolder } from './rule-cache.js';
import { loadRuleSet } from './rules.js';

let scratch: string;
let rules: string;
let cache: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vouch-rule-cache-'));
  rules = join(scratch, 'rules');
  cache = join(scratch, 'cache');
  cpSync(join(packageRoot(), 'rules', 'security'), rules, { recursive: true });
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** The folder's one entry: its file and the key it is kept under. */
function entry(): { file: string; key: string } {
  const names = readdirSync(cache).filter((name) => name.endsWith('.json'));
  expect(names).toHaveLength(1);
  return { file: join(cache, names[0]!), key: names[0]!.replace(/\.json$/, '') };
}

/** An entry rewritten with a rule's message changed and a checksum that matches it. */
function rewriteEntry(message: string): void {
  const { file } = entry();
  const value = JSON.parse(JSON.parse(readFileSync(file, 'utf8')).payload);
  const weakHash = value.rules.find((rule: { id: string }) => rule.id === 'weak-hash');
  weakHash.message = message;
  const payload = JSON.stringify(value);
  const checksum = createHash('sha256').update(payload).digest('hex');
  writeFileSync(file, JSON.stringify({ checksum, payload }));
}

const message = (directory = rules) => loadRuleSet(directory, { cache }).byId.get('weak-hash')!.message;

describe('the rule cache', () => {
  it('keeps the validated rules, so a later load reads them instead of validating the files again', () => {
    const shipped = message();
    expect(readRuleCache(cache, entry().key)).toBeDefined();
    rewriteEntry('read from the cache');
    expect(message()).toBe('read from the cache');
    // the first load's rules and a load without the cache agree
    expect(loadRuleSet(rules, { cache: false }).byId.get('weak-hash')!.message).toBe(shipped);
  });

  it('validates a changed rule file again: its content is the key', () => {
    message();
    rewriteEntry('stale');
    const file = join(rules, 'weak-hash.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...rule, message: 'edited' }));
    expect(message()).toBe('edited');
    // a malformed file is refused, whatever an entry for the files before the edit holds
    writeFileSync(file, JSON.stringify({ ...rule, severity: 'dreadful' }));
    expect(() => message()).toThrow(EnvironmentError);
  });

  it('rebuilds an entry that does not read back whole, and never uses it', () => {
    const shipped = message();
    const { file, key } = entry();
    // cut short
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 500));
    expect(readRuleCache(cache, key)).toBeUndefined();
    expect(message()).toBe(shipped);
    expect(readRuleCache(cache, key)).toBeDefined();
    // changed without its checksum
    const whole = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...whole, payload: whole.payload.replace(shipped, 'tampered') }));
    expect(message()).toBe(shipped);
    expect(readRuleCache(cache, key)?.rules).toEqual(loadRuleSet(rules, { cache: false }).rules);
  });

  it('gives the same trigger answers from the cache as from the files', () => {
    const texts = [
      'import re\nHOST = re.compile("^www.example.com")\n',
      '"""https://www.djangoproject.com/"""\n',
      'import hashlib\nhashlib.md5(data)\n',
      'x = 1\n',
    ];
    const fresh = loadRuleSet(rules, { cache: false }).python;
    loadRuleSet(rules, { cache });
    const cached = loadRuleSet(rules, { cache }).python;
    expect(texts.map((text) => cached.mayMatch(text))).toEqual(texts.map((text) => fresh.mayMatch(text)));
    expect(texts.map((text) => cached.mayMatch(text))).toEqual([true, false, true, false]);
  });

  it('only costs time where it cannot be written', () => {
    writeFileSync(cache, 'a file where the folder would be');
    expect(message()).toBe(loadRuleSet(rules, { cache: false }).byId.get('weak-hash')!.message);
  });

  it("lives in the user's cache folder", () => {
    expect(ruleCacheFolder({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' })).toBe(
      '/x/cache/vouch/security-rules',
    );
    expect(ruleCacheFolder({ XDG_CACHE_HOME: 'relative', HOME: '/home/a' })).toBe(
      '/home/a/.cache/vouch/security-rules',
    );
  });
});
