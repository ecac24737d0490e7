import { isUtf8 } from 'node:buffer';
import type { LanguageId } from '../core/languages.js';
import { looksBinary } from './file-filters.js';

/**
 * Source files as their language reads them. Decoding every file as UTF-8 with replacement characters
 * (what `readFileSync(path, 'utf8')` does) turns a file Python refuses into one that checks clean, so:
 * - Python follows PEP 263/3120: a UTF-8 byte-order mark, else a `coding:` cookie on line 1 or 2, else
 *   UTF-8; bytes the encoding cannot decode are a syntax error there, as Python reports it;
 * - JavaScript and TypeScript are UTF-8 (Node and tsc read bad bytes as U+FFFD; vouch says so);
 * - a NUL byte in the first 8 KB means binary (git's rule), whatever the file's name;
 * - files over `MAX_SOURCE_BYTES` are not source anyone wrote or a model generated (a 5 MB `.py` took
 *   minutes and a gigabyte to check): they are refused with the size and the limit.
 */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export interface DecodeProblem {
  kind: 'binary' | 'too-large' | 'undecodable';
  /** what is wrong, as a sentence about the file */
  message: string;
  /** the same in a few words, without the file's name (a list of skipped files) */
  reason: string;
  /** 1-based position of the first bad byte (undecodable only) */
  line?: number;
  column?: number;
}

export interface DecodedSource {
  text: string;
  /** the encoding the text was read with (`utf-8`, or a Python coding cookie's) */
  encoding: string;
  /** when set the file is not usable as it is; `text` is a best-effort (lossy) reading */
  problem?: DecodeProblem;
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python's codec names → WHATWG labels TextDecoder knows (the common ones; others are tried as given). */
const PYTHON_CODECS: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-8-sig': 'utf-8',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  'iso-8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso-latin-1': 'iso-8859-1',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
  ascii: 'utf-8',
  'us-ascii': 'utf-8',
  euc_jp: 'euc-jp',
  'euc-jp': 'euc-jp',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  gbk: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
  koi8_r: 'koi8-r',
  'koi8-r': 'koi8-r',
  cp1251: 'windows-1251',
  'windows-1251': 'windows-1251',
};

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Why a file of `bytes` is not read as source, in a few words. */
export function tooLargeReason(bytes: number): string {
  return `larger than ${formatSize(MAX_SOURCE_BYTES)} (${formatSize(bytes)})`;
}

/** A Python codec name as a WHATWG Encoding label TextDecoder knows; unknown names are tried as given. */
function encodingLabel(codec: string): string {
  const name = codec.toLowerCase();
  const known = PYTHON_CODECS[name] ?? PYTHON_CODECS[name.replace(/_/g, '-')];
  if (known) return known;
  const iso = /^iso[-_]?8859[-_](\d+)$/.exec(name);
  if (iso) return `iso-8859-${iso[1]}`;
  return name.replace(/_/g, '-');
}

/** The `coding:` cookie of a Python file (line 1, or line 2 after a comment or blank line 1). */
export function pythonCodingCookie(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024))
    .toString('latin1')
    .split(/\r\n|\r|\n/);
  const first = head[0] ?? '';
  const match = COOKIE.exec(first);
  if (match) return match[1]!.toLowerCase();
  if (/^[ \t\f]*(?:#.*)?$/.test(first)) return COOKIE.exec(head[1] ?? '')?.[1]?.toLowerCase();
  return undefined;
}

/** Line and column (1-based, in characters of the valid prefix) of byte `offset`. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // Nearly every source file is valid: Node's native check answers that at once.
  if (isUtf8(bytes)) return -1;
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    let length = 0;
    if (byte < 0x80) length = 1;
    else if (byte >= 0xc2 && byte <= 0xdf) length = 2;
    else if (byte >= 0xe0 && byte <= 0xef) length = 3;
    else if (byte >= 0xf0 && byte <= 0xf4) length = 4;
    else return index;
    if (index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) {
      const continuation = bytes[index + next]!;
      if (continuation < 0x80 || continuation > 0xbf) return index;
    }
    // overlong 3-byte, surrogates, overlong 4-byte and beyond U+10FFFF
    const second = bytes[index + 1] ?? 0;
    if (byte === 0xe0 && second < 0xa0) return index;
    if (byte === 0xed && second > 0x9f) return index;
    if (byte === 0xf0 && second < 0x90) return index;
    if (byte === 0xf4 && second > 0x8f) return index;
    index += length;
  }
  return -1;
}

/**
 * Reads `bytes` as `language` reads its source. `name` is used in messages. `maxBytes` (default
 * MAX_SOURCE_BYTES) bounds what is considered source at all.
 */
export function decodeSource({
  bytes,
  language,
  name,
  maxBytes = MAX_SOURCE_BYTES,
}: {
  bytes: Uint8Array;
  language: LanguageId | undefined;
  name: string;
  maxBytes?: number;
}): DecodedSource {
  if (bytes.length > maxBytes) {
    return {
      text: '',
      encoding: 'utf-8',
      problem: {
        kind: 'too-large',
        message: `${name} is ${formatSize(bytes.length)}; vouch reads source files up to ${formatSize(maxBytes)}`,
        reason: tooLargeReason(bytes.length),
      },
    };
  }
  if (looksBinary(bytes)) {
    return {
      text: '',
      encoding: 'binary',
      problem: {
        kind: 'binary',
        message: `${name} is binary (it has NUL bytes), not ${language ?? 'source'} code`,
        reason: 'binary (it has NUL bytes)',
      },
    };
  }
  let body = bytes;
  const encoding = 'utf-8';
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) body = bytes.subarray(3);
  if (language === 'python' && !bom) {
    const cookie = pythonCodingCookie(bytes);
    if (cookie && !['utf-8', 'utf8', 'utf-8-sig'].includes(cookie)) {
      const label = encodingLabel(cookie);
      try {
        const text = new TextDecoder(label, { fatal: true }).decode(body);
        return { text, encoding: cookie };
      } catch (error) {
        const unknown = error instanceof RangeError;
        return {
          text: Buffer.from(body).toString('latin1'),
          encoding: cookie,
          problem: {
            kind: 'undecodable',
            message: unknown
              ? `${name} declares \`coding: ${cookie}\`, an encoding vouch does not know (Python: "unknown encoding: ${cookie}" if it does not either)`
              : `${name} is not valid ${cookie}, the encoding its coding cookie declares`,
            reason: unknown
              ? `declares an encoding vouch cannot decode (coding: ${cookie})`
              : `not valid ${cookie}, the encoding it declares`,
            line: 1,
            column: 1,
          },
        };
      }
    }
  }
  const bad = firstInvalidUtf8(body);
  const text = Buffer.from(body).toString('utf8');
  if (bad < 0) return { text, encoding };
  const position = positionOf(body, bad);
  const byte = body[bad]!.toString(16).padStart(2, '0');
  const message =
    language === 'python'
      ? `${name} is not valid UTF-8 (byte 0x${byte} at line ${position.line}) and declares no other encoding: Python refuses it ("SyntaxError: Non-UTF-8 code starting with '\\x${byte}' … but no encoding declared")`
      : `${name} is not valid UTF-8 (byte 0x${byte} at line ${position.line}): Node and TypeScript read it with U+FFFD in place of the bad bytes`;
  const reason = `not valid UTF-8 (byte 0x${byte} at line ${position.line})`;
  return { text, encoding, problem: { kind: 'undecodable', message, reason, ...position } };
}

/**
 * Text as the bytes of a file in `encoding` (what `decodeSource` read it as), with the byte-order mark it
 * had; undefined when vouch cannot write that encoding faithfully (Node encodes only UTF-8 and Latin-1
 * without another library) or a character does not fit it: the caller refuses to write rather than
 * change the file's encoding behind its declaration.
 */
export function encodeSource(text: string, encoding: string, bom = false): Buffer | undefined {
  const label = encodingLabel(encoding);
  if (label === 'utf-8') {
    const bytes = Buffer.from(text, 'utf8');
    return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
  }
  // Latin-1 is one byte per code point up to U+00FF
  if (label === 'iso-8859-1' && ![...text].some((char) => char.codePointAt(0)! > 0xff))
    return Buffer.from(text, 'latin1');
  return undefined;
}
