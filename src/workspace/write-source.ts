import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { languageForPath } from '../core/languages.js';
import { keepOwnLines } from './placeholder-lines.js';
import { resolveWorkspacePath } from './resolve-path.js';
import { decodeSource, encodeSource, pythonCodingCookie } from './source-text.js';

/** New text for a file of the user's, as bytes ready to write, or why it cannot be written. */
export type SourceWrite =
  | { ok: true; path: string; absolutePath: string; bytes: Buffer }
  | { ok: false; path: string; why: 'changed' | 'unencodable' | 'placeholder'; reason: string };
export type RefusedWrite = Extract<SourceWrite, { ok: false }>;

/**
 * The bytes `text` must be written as over the workspace file `path`, so that the file keeps what it was:
 * the encoding its language reads it in (a Python file's PEP 263 `coding:` line, as the new text declares
 * it, else UTF-8), its byte-order mark, and its line endings when they are CRLF. `isCurrent(text)` says
 * whether the file on disk still holds what the change was made from, read the same way (a task's
 * `baseHash`): when it does not, or a character of the new text does not fit the encoding, nothing is to
 * be written, and `reason` says why and what to do.
 */
export function prepareSourceWrite({
  root,
  path,
  text,
  isCurrent,
}: {
  root: string;
  path: string;
  text: string;
  isCurrent: (currentText: string) => boolean;
}): SourceWrite {
  // a file the change creates resolves by its nearest existing folder (a link there must not lead it out)
  const { absolutePath } = resolveWorkspacePath(
    root,
    path,
    existsSync(join(root, path)) ? {} : { kind: 'any' },
  );
  const language = languageForPath(path);
  let bom = false;
  let crlf = false;
  let current = '';
  if (existsSync(absolutePath)) {
    const bytes = readFileSync(absolutePath);
    current = decodeSource({ bytes, language, name: path }).text;
    bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    // CRLF only when every line ends so: a file of mixed endings is left to what the change wrote
    crlf = current.includes('\r\n') && !/(?<!\r)\n/.test(current);
  }
  if (!isCurrent(current))
    return {
      ok: false,
      path,
      why: 'changed',
      reason: `${path} changed since vouch read it; nothing was written`,
    };
  // lines the model saw with a placeholder and left as they were keep the file's own text (its secret);
  // a placeholder anywhere else is never written over the user's code (placeholder-lines.ts)
  const own = keepOwnLines(text, current);
  if (own.remaining.length > 0)
    return {
      ok: false,
      path,
      why: 'placeholder',
      reason: `the change puts a placeholder for a secret of yours (<<SECRET_n>>) on line ${own.remaining.join(', ')} of ${path}, where the file had none; vouch never writes secrets into code it changed, and nothing was written — apply the change yourself, reading the value where the project keeps it`,
    };
  const written = crlf ? own.text.replace(/\r?\n/g, '\r\n') : own.text;
  const declared =
    language === 'python' ? pythonCodingCookie(Buffer.from(written.slice(0, 1024), 'latin1')) : undefined;
  const encoding = declared ?? 'utf-8';
  const bytes = encodeSource(written, encoding, bom && encoding === 'utf-8');
  if (!bytes) {
    const ascii = encodeSource('a', encoding) !== undefined;
    const bad = ascii ? [...written].find((char) => encodeSource(char, encoding) === undefined) : undefined;
    const line = bad === undefined ? 0 : written.slice(0, written.indexOf(bad)).split('\n').length;
    return {
      ok: false,
      path,
      why: 'unencodable',
      reason: `${path} declares the encoding ${encoding}, ${bad === undefined ? 'which vouch cannot write' : `which cannot hold ${JSON.stringify(bad)} (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) on line ${line} of the new text`}; nothing was written — apply the change yourself, or save the file as UTF-8`,
    };
  }
  return { ok: true, path, absolutePath, bytes };
}

/**
 * Writes prepared changes: every one, or (when any cannot be written) none; returns the first refusal.
 * `createFolders`: a new file's folders are made first, before any file is written (a change that adds a
 * module in a new package).
 */
export function writeSources(
  writes: readonly SourceWrite[],
  options: { createFolders?: boolean } = {},
): RefusedWrite | undefined {
  for (const write of writes) if (!write.ok) return write;
  if (options.createFolders)
    for (const write of writes) if (write.ok) mkdirSync(dirname(write.absolutePath), { recursive: true });
  for (const write of writes) if (write.ok) writeFileSync(write.absolutePath, write.bytes);
  return undefined;
}
