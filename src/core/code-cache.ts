import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** A script's text as the pieces it is made of (a file as read from disk: not decoded again to be hashed). */
export type TextParts = string | readonly (string | Uint8Array)[];

/**
 * A code cache file: one line `vouch-code-cache/1 <sha256 of the script text> <V8 version> <sha256 of the
 * data>`, then V8's data. V8 checks its own version and flags, but of the source only its length: a cache
 * of another script of the same length would be taken, its functions' bytecode run for the wrong code.
 */
const CODE_CACHE_FORMAT = 'vouch-code-cache/1';

/** sha256 of a text (as UTF-8) or of data; a text's pieces hash as the text they make. */
function sha256(data: TextParts | Uint8Array): string {
  const hash = createHash('sha256');
  if (typeof data === 'string' || data instanceof Uint8Array) hash.update(data);
  else for (const part of data) hash.update(part);
  return hash.digest('hex');
}

/** V8's code cache in `file` when it was made from `text` by this V8 and arrived whole; otherwise undefined (compile as usual). */
export function readCodeCache(file: string, text: TextParts): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(0x0a);
  if (end < 0 || end > 512) return undefined;
  const [format, textHash, v8, dataHash] = bytes.subarray(0, end).toString('latin1').split(' ');
  if (format !== CODE_CACHE_FORMAT || v8 !== process.versions.v8 || textHash !== sha256(text))
    return undefined;
  const data = bytes.subarray(end + 1);
  return data.length > 0 && dataHash === sha256(data) ? data : undefined;
}

/** Writes a code cache for `text` to `file` whole or not at all (a temporary file beside it, renamed). */
export function writeCodeCache(file: string, text: TextParts, data: Uint8Array): void {
  const header = `${CODE_CACHE_FORMAT} ${sha256(text)} ${process.versions.v8} ${sha256(data)}\n`;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(header, 'latin1'), data]));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
