import type { LanguageId } from '../core/languages.js';

/**
 * What `vouch scan` reads as source, and what it skips (and says so) rather than call it clean: files over
 * 2 MB, files with NUL bytes (binary; no language accepts them in source), and files that do not decode
 * the way their language reads them — UTF-8, or for Python the encoding its PEP 263 coding declaration
 * names on the first or second line.
 */
export const MAX_SCAN_BYTES = 2 * 1024 * 1024;

export interface SkippedFile {
  path: string;
  reason: string;
}

export type DecodedSource = { source: string } | { skipped: string };

export function tooLarge(bytes: number): string {
  return `larger than 2 MB (${(bytes / 2 ** 20).toFixed(1)} MB)`;
}

export function decodeSource(bytes: Uint8Array, language: LanguageId | undefined): DecodedSource {
  if (bytes.length > MAX_SCAN_BYTES) return { skipped: tooLarge(bytes.length) };
  if (bytes.includes(0)) return { skipped: 'binary (contains NUL bytes)' };
  const declared = language === 'python' ? codingCookie(bytes) : undefined;
  const label = declared ? whatwgLabel(declared) : 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return { skipped: `declares an encoding vouch cannot decode (coding: ${declared})` };
  }
  try {
    return { source: decoder.decode(bytes) };
  } catch {
    return { skipped: declared ? `not valid ${declared}, the encoding it declares` : 'not valid UTF-8' };
  }
}

/** PEP 263: `# -*- coding: latin-1 -*-` on line 1, or on line 2 below a comment or blank line 1. */
export function codingCookie(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1');
  const [first = '', second = ''] = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').split(/\r\n|\r|\n/);
  const cookie = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
  const onFirst = cookie.exec(first)?.[1];
  if (onFirst) return onFirst;
  if (!/^[ \t\f]*(?:#.*)?$/.test(first)) return undefined;
  return cookie.exec(second)?.[1];
}

/** Python's codec names as the WHATWG Encoding Standard's labels (`latin-1` → `latin1`, `utf8` → `utf-8`). */
function whatwgLabel(codec: string): string {
  const name = codec.toLowerCase().replace(/_/g, '-');
  if (/^utf-?8(?:-sig)?$/.test(name)) return 'utf-8';
  if (/^(?:latin-?1|iso-?8859-1|l1|8859|cp819)$/.test(name)) return 'latin1';
  if (/^iso8859-(\d+)$/.test(name)) return name.replace('iso8859', 'iso-8859');
  return name;
}
