import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintStoreContract } from './fingerprint-store.case.js';
import { SqliteFingerprintStore } from './sqlite-fingerprint-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-fingerprints-'));
  dirs.push(dir);
  return join(dir, 'licence-index.sqlite');
}

fingerprintStoreContract('sqlite', () => new SqliteFingerprintStore(storeFile()));

describe('sqlite fingerprint store', () => {
  it('keeps corpora across reopening', () => {
    const file = storeFile();
    const first = new SqliteFingerprintStore(file);
    first.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/a' });
    first.close();
    const second = new SqliteFingerprintStore(file);
    expect(second.corpora().map((corpus) => corpus.name)).toEqual(['gpl']);
    expect(second.schemeChanged).toBe(false);
    expect(second.rebuiltFrom).toBeUndefined();
    second.close();
  });

  it('empties a store written with another fingerprint scheme, and says so', () => {
    const file = storeFile();
    const first = new SqliteFingerprintStore(file);
    first.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/a' });
    first.close();
    const raw = new Database(file);
    raw.prepare(`update meta set value = 'lexer-0' where key = 'scheme'`).run();
    raw.close();
    const reopened = new SqliteFingerprintStore(file);
    expect(reopened.schemeChanged).toBe(true);
    expect(reopened.corpora()).toEqual([]);
    reopened.close();
  });

  it('moves a corrupt store aside and starts empty', () => {
    const file = storeFile();
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const store = new SqliteFingerprintStore(file);
    expect(store.rebuiltFrom).toBeDefined();
    expect(existsSync(store.rebuiltFrom!)).toBe(true);
    expect(store.corpora()).toEqual([]);
    store.close();
    expect(readdirSync(join(file, '..')).length).toBeGreaterThan(1);
  });
});
