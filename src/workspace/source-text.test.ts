import { describe, expect, it } from 'vitest';
import { decodeSource, pythonCodingCookie } from './source-text.js';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding);

describe('decodeSource', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    expect(decodeSource({ bytes: bytes('x = "é"\n'), language: 'python', name: 'a.py' })).toEqual({
      text: 'x = "é"\n',
      encoding: 'utf-8',
    });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('y = 1\n')]);
    expect(decodeSource({ bytes: bom, language: 'python', name: 'a.py' }).text).toBe('y = 1\n');
  });

  it("follows a Python file's coding cookie, on line 1 or after a comment on line 2, and only Python's", () => {
    const latin1 = Buffer.concat([
      bytes('# -*- coding: latin-1 -*-\nname = "'),
      Buffer.from([0xe9]),
      bytes('"\n'),
    ]);
    expect(decodeSource({ bytes: latin1, language: 'python', name: 'a.py' })).toMatchObject({
      text: '# -*- coding: latin-1 -*-\nname = "é"\n',
      encoding: 'latin-1',
    });
    expect(
      decodeSource({ bytes: bytes('# coding: iso8859_15\nx = 1\n'), language: 'python', name: 'a.py' })
        .problem,
    ).toBeUndefined();
    expect(pythonCodingCookie(bytes('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n'))).toBe(
      'cp1252',
    );
    expect(pythonCodingCookie(bytes('import os\n# coding: latin-1\n'))).toBeUndefined();
    expect(pythonCodingCookie(bytes('\n\n# coding: latin-1\n'))).toBeUndefined();
    // JavaScript has no cookies: the same bytes are bad UTF-8 there
    expect(decodeSource({ bytes: latin1, language: 'javascript', name: 'a.js' }).problem?.kind).toBe(
      'undecodable',
    );
  });

  it('reports bytes its language cannot decode, where they are, as Python would', () => {
    const source = Buffer.concat([bytes('a = 1\nb = "'), Buffer.from([0xff]), bytes('"\n')]);
    expect(decodeSource({ bytes: source, language: 'python', name: '`bad.py`' }).problem).toEqual({
      kind: 'undecodable',
      line: 2,
      column: 6,
      reason: 'not valid UTF-8 (byte 0xff at line 2)',
      message:
        '`bad.py` is not valid UTF-8 (byte 0xff at line 2) and declares no other encoding: Python refuses it ("SyntaxError: Non-UTF-8 code starting with \'\\xff\' … but no encoding declared")',
    });
    expect(
      decodeSource({ bytes: bytes('# coding: klingon\nx = 1\n'), language: 'python', name: 'a.py' }).problem,
    ).toMatchObject({
      message: expect.stringMatching(/an encoding vouch does not know/),
      reason: 'declares an encoding vouch cannot decode (coding: klingon)',
    });
    const wrong = Buffer.concat([bytes('# coding: ascii\nx = "'), Buffer.from([0xe9]), bytes('"\n')]);
    expect(decodeSource({ bytes: wrong, language: 'python', name: 'a.py' }).problem?.reason).toBe(
      'not valid ascii, the encoding it declares',
    );
    // overlong encodings and surrogates are not UTF-8 either
    expect(
      decodeSource({ bytes: Buffer.from([0x61, 0xc0, 0xaf]), language: 'python', name: 'a.py' }).problem
        ?.kind,
    ).toBe('undecodable');
    expect(
      decodeSource({ bytes: Buffer.from([0xed, 0xa0, 0x80]), language: 'typescript', name: 'a.ts' }).problem
        ?.kind,
    ).toBe('undecodable');
  });

  it('refuses binary content and files over the limit, saying what they are', () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00]);
    expect(decodeSource({ bytes: elf, language: 'python', name: '`tool.py`' }).problem).toEqual({
      kind: 'binary',
      message: '`tool.py` is binary (it has NUL bytes), not python code',
      reason: 'binary (it has NUL bytes)',
    });
    expect(
      decodeSource({ bytes: Buffer.alloc(3 * 1024 * 1024, 0x20), language: 'python', name: '`big.py`' })
        .problem,
    ).toEqual({
      kind: 'too-large',
      message: '`big.py` is 3.0 MB; vouch reads source files up to 2.0 MB',
      reason: 'larger than 2.0 MB (3.0 MB)',
    });
  });
});
