import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareSourceWrite, writeSources } from './write-source.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));
const always = () => true;

function write(path: string, before: Buffer | string, text: string, isCurrent = always) {
  root = mkdtempSync(join(tmpdir(), 'vouch-write-source-'));
  writeFileSync(join(root, path), before);
  const refused = writeSources([prepareSourceWrite({ root, path, text, isCurrent })]);
  return { refused, bytes: readFileSync(join(root, path)) };
}

describe('writing a user’s file as it was', () => {
  it('keeps a Python file’s declared Latin-1', () => {
    const text = '# -*- coding: latin-1 -*-\nNAME = "café"\n';
    const { refused, bytes } = write(
      'a.py',
      Buffer.from('# -*- coding: latin-1 -*-\nNAME = "x"\n', 'latin1'),
      text,
    );
    expect(refused).toBeUndefined();
    expect(bytes).toEqual(Buffer.from(text, 'latin1'));
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const { bytes } = write(
      'a.ts',
      Buffer.from('\ufeffconst a = 1;\r\nconst b = 2;\r\n', 'utf8'),
      'const a = 1;\nconst b = 3;\n',
    );
    expect(bytes).toEqual(Buffer.from('\ufeffconst a = 1;\r\nconst b = 3;\r\n', 'utf8'));
  });

  it('refuses, writing nothing, a character the declared encoding cannot hold, or a file that changed', () => {
    const before = Buffer.from('# coding: latin-1\nA = "x"\n', 'latin1');
    const unencodable = write('a.py', before, '# coding: latin-1\nA = "€"\n');
    expect(unencodable.refused).toMatchObject({ why: 'unencodable' });
    expect(unencodable.bytes).toEqual(before);
    rmSync(root, { recursive: true, force: true });
    const changed = write('a.py', before, '# coding: latin-1\nA = "y"\n', () => false);
    expect(changed.refused).toMatchObject({ why: 'changed' });
    expect(changed.bytes).toEqual(before);
  });
});

describe('files a change creates', () => {
  it('a new file in a new folder: every folder made first, then the files, all of them or none', () => {
    root = mkdtempSync(join(tmpdir(), 'vouch-write-source-'));
    writeFileSync(join(root, 'cart.py'), 'TOTAL = 0\n');
    const isNew = (now: string) => now === '';
    const writes = [
      prepareSourceWrite({
        root,
        path: 'cart.py',
        text: 'TOTAL = 1\n',
        isCurrent: (now) => now === 'TOTAL = 0\n',
      }),
      prepareSourceWrite({ root, path: 'shop/coupons/codes.py', text: 'CODES = {}\n', isCurrent: isNew }),
    ];
    expect(writeSources(writes, { createFolders: true })).toBeUndefined();
    expect(readFileSync(join(root, 'shop/coupons/codes.py'), 'utf8')).toBe('CODES = {}\n');
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 1\n');
    // a file that appeared since the change was made is not written over, and nothing else is written
    const again = [
      prepareSourceWrite({
        root,
        path: 'cart.py',
        text: 'TOTAL = 2\n',
        isCurrent: (now) => now === 'TOTAL = 1\n',
      }),
      prepareSourceWrite({
        root,
        path: 'shop/coupons/codes.py',
        text: 'CODES = {"X": 1}\n',
        isCurrent: isNew,
      }),
    ];
    expect(writeSources(again, { createFolders: true })?.why).toBe('changed');
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 1\n');
  });
});
