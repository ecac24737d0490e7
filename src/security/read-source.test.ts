import { describe, expect, it } from 'vitest';
import { codingCookie, decodeSource, MAX_SCAN_BYTES } from './read-source.js';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding);

describe('decodeSource', () => {
  it('reads UTF-8 source, a byte-order mark dropped', () => {
    expect(decodeSource(bytes('\uFEFFx = "é"\n'), 'python')).toEqual({ source: 'x = "é"\n' });
  });

  it('skips binary files, invalid UTF-8 and files over 2 MB, saying why', () => {
    expect(decodeSource(bytes('ELF\u0000\u0001'), 'python')).toEqual({
      skipped: 'binary (contains NUL bytes)',
    });
    expect(decodeSource(Buffer.from([0x78, 0x20, 0x3d, 0x20, 0xff, 0xfe, 0x0a]), 'javascript')).toEqual({
      skipped: 'not valid UTF-8',
    });
    const large = decodeSource(Buffer.alloc(MAX_SCAN_BYTES + 1, 0x61), 'python');
    expect('skipped' in large && large.skipped).toMatch(/larger than 2 MB/);
  });

  it("honours a Python file's PEP 263 coding declaration, and only Python's", () => {
    const latin = bytes('# -*- coding: latin-1 -*-\nname = "café"\n', 'latin1');
    expect(decodeSource(latin, 'python')).toEqual({ source: '# -*- coding: latin-1 -*-\nname = "café"\n' });
    // The same bytes are not UTF-8, which is what JavaScript reads.
    expect(decodeSource(latin, 'javascript')).toEqual({ skipped: 'not valid UTF-8' });
    expect(decodeSource(bytes('# coding: klingon\nx = 1\n'), 'python')).toEqual({
      skipped: 'declares an encoding vouch cannot decode (coding: klingon)',
    });
    const wrong = Buffer.concat([bytes('# coding: utf-8\nx = "'), Buffer.from([0xe9]), bytes('"\n')]);
    expect(decodeSource(wrong, 'python')).toEqual({ skipped: 'not valid utf-8, the encoding it declares' });
  });

  it('finds the declaration on the first or second line only, the second below a comment', () => {
    expect(codingCookie(bytes('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n'))).toBe('cp1252');
    expect(codingCookie(bytes('import os\n# coding: latin-1\n'))).toBeUndefined();
    expect(codingCookie(bytes('\n\n# coding: latin-1\n'))).toBeUndefined();
  });
});
