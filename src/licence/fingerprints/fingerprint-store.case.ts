import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusFileWrite, FingerprintStore } from './fingerprint-store.js';

function file(path: string, hashes: number[], firstLine = 1): CorpusFileWrite {
  return {
    path,
    language: 'python',
    lines: firstLine + hashes.length + 20,
    tokens: hashes.length * 10,
    hashes,
    positions: hashes.map((_, index) => index * 10),
    startLines: hashes.map((_, index) => firstLine + index),
    endLines: hashes.map((_, index) => firstLine + index + 20),
  };
}

/** The contract every FingerprintStore passes; each implementation's test calls this with a factory. */
export function fingerprintStoreContract(name: string, open: () => FingerprintStore): void {
  describe(`FingerprintStore contract: ${name}`, () => {
    let store: FingerprintStore;
    beforeEach(() => {
      store = open();
    });
    afterEach(() => {
      store.close();
    });

    it('keeps corpora with their totals, listed by name', () => {
      expect(store.corpora()).toEqual([]);
      const zlib = store.createCorpus({ name: 'zlib', licence: 'Zlib', root: '/src/zlib' });
      const gpl = store.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/src/gpl' });
      store.setCorpusTotals(gpl, { files: 2, bytes: 1234, skipped: 1 });
      expect(store.corpora().map((corpus) => corpus.name)).toEqual(['gpl', 'zlib']);
      expect(store.corpora()[0]).toMatchObject({
        id: gpl,
        name: 'gpl',
        licence: 'GPL-3.0-only',
        root: '/src/gpl',
        files: 2,
        bytes: 1234,
        skipped: 1,
      });
      expect(store.corpora()[1]).toMatchObject({ id: zlib, files: 0, bytes: 0, skipped: 0 });
      expect(Number.isNaN(Date.parse(store.corpora()[0]!.addedAt))).toBe(false);
    });

    it('answers where a fingerprint occurs, up to a limit, and names the file', () => {
      const corpus = store.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/src/gpl' });
      store.addFiles(corpus, [file('lib/a.py', [11, 22, 33]), file('lib/b.py', [22, 44], 100)]);
      expect(store.postings(11, 10)).toEqual([
        { fileId: expect.any(Number), position: 0, startLine: 1, endLine: 21 },
      ]);
      const shared = store.postings(22, 10);
      expect(shared).toHaveLength(2);
      expect(shared.map((posting) => store.describeFile(posting.fileId)?.file).sort()).toEqual([
        'lib/a.py',
        'lib/b.py',
      ]);
      expect(store.postings(22, 1)).toHaveLength(1);
      expect(store.postings(99, 10)).toEqual([]);
      const b = shared.find((posting) => posting.startLine === 100)!;
      expect(b).toMatchObject({ position: 0, endLine: 120 });
      expect(store.describeFile(b.fileId)).toEqual({
        file: 'lib/b.py',
        root: '/src/gpl',
        corpus: 'gpl',
        licence: 'GPL-3.0-only',
      });
      expect(store.describeFile(987654)).toBeUndefined();
      expect(store.counts()).toEqual({ corpora: 1, files: 2, fingerprints: 5 });
    });

    it('deletes one corpus with its files and fingerprints, and only that one', () => {
      const gpl = store.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/a' });
      const mpl = store.createCorpus({ name: 'mpl', licence: 'MPL-2.0', root: '/b' });
      store.addFiles(gpl, [file('x.py', [1, 2])]);
      store.addFiles(mpl, [file('y.py', [2, 3])]);
      expect(store.deleteCorpus('gpl')).toBe(true);
      expect(store.deleteCorpus('gpl')).toBe(false);
      expect(store.corpora().map((corpus) => corpus.name)).toEqual(['mpl']);
      expect(store.postings(1, 10)).toEqual([]);
      expect(store.postings(2, 10).map((posting) => store.describeFile(posting.fileId)?.corpus)).toEqual([
        'mpl',
      ]);
      expect(store.counts()).toEqual({ corpora: 1, files: 1, fingerprints: 2 });
      // the name is free again
      store.createCorpus({ name: 'gpl', licence: 'GPL-2.0-only', root: '/c' });
      expect(store.corpora().find((corpus) => corpus.name === 'gpl')?.licence).toBe('GPL-2.0-only');
    });

    it('clears everything at once', () => {
      const gpl = store.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/a' });
      store.addFiles(gpl, [file('x.py', [1, 2])]);
      store.clear();
      expect(store.corpora()).toEqual([]);
      expect(store.postings(1, 10)).toEqual([]);
      expect(store.counts()).toEqual({ corpora: 0, files: 0, fingerprints: 0 });
    });

    it('keeps one posting per place when a fingerprint repeats at the same position', () => {
      const gpl = store.createCorpus({ name: 'gpl', licence: 'GPL-3.0-only', root: '/a' });
      const twice = file('x.py', [7, 7]);
      store.addFiles(gpl, [{ ...twice, positions: [5, 5] }]);
      expect(store.postings(7, 10)).toHaveLength(1);
    });
  });
}
