import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { knownLanguages, type LanguageId, languageForPath, normalizeLanguage } from '../core/languages.js';
import { workspaceRelative } from '../workspace/files.js';
import { resolveWorkspacePath } from '../workspace/resolve-path.js';
import { type DecodedSource, decodeSource } from '../workspace/source-text.js';

/** `--lang` → a language id; an unknown name is a usage error listing the known ones. */
export function parseLanguage(value: string | undefined): LanguageId | undefined {
  if (value === undefined) return undefined;
  const language = normalizeLanguage(value);
  if (!language) {
    throw new UsageError(`unknown language '${value}'`, {
      hint: `use one of: ${knownLanguages().join(', ')}`,
    });
  }
  return language;
}

/** The language of `file` (or `-` for stdin): `--lang` when given, else the file's extension. */
export function languageOf(file: string, lang: string | undefined): LanguageId {
  const language = parseLanguage(lang) ?? (file === '-' ? undefined : languageForPath(file));
  if (!language) {
    throw new UsageError(`cannot tell the language of ${file === '-' ? 'standard input' : `\`${file}\``}`, {
      hint: 'pass --lang, e.g. --lang python',
    });
  }
  return language;
}

/**
 * A path the user typed (relative to where vouch runs), as the workspace-relative path tasks take; the
 * workspace itself or a path outside it is a usage error naming `what` it was (`--write`, …) if given.
 */
export function insideWorkspace(root: string, path: string, what?: string): string {
  const inside = workspaceRelative(root, resolve(path));
  if (inside === undefined)
    throw new UsageError(`${what ? `${what} ` : ''}${path} is outside the workspace ${root}`, {
      hint: 'run vouch inside the project, on one of its files',
    });
  return inside;
}

/**
 * A file vouch is asked to write (`--write PATH`), workspace-relative: inside the workspace through the
 * one resolver (a link there must not lead the write out of it, to a secrets file or into `.vouch/`).
 */
export function writableInWorkspace(root: string, path: string, what: string): string {
  const inside = insideWorkspace(root, path, what);
  return resolveWorkspacePath(root, inside, {
    kind: 'any',
    hint: `give ${what} a path inside the project, not a secrets file or a link out of it`,
  }).path;
}

/** A whole number flag within bounds. */
export function parseInteger({
  name,
  value,
  min,
  max,
}: {
  name: string;
  value: string | undefined;
  min: number;
  max: number;
}): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  }
  return number;
}

/** A file's bytes, or standard input's for `-`; a file that cannot be read is a usage error saying why. */
export function readInputBytes(
  file: string,
  hint = 'give the path of a source file, or - to read from standard input (with --lang)',
): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    throw new UsageError(
      `cannot read \`${file}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { hint },
    );
  }
}

/**
 * Source code to check: read as its language reads it (workspace/source-text.ts). A file too large or
 * binary is a usage error that says so; one its language cannot decode comes back with the problem.
 */
export function readSource(file: string, language: LanguageId): DecodedSource {
  const name = file === '-' ? 'standard input' : `\`${file}\``;
  const decoded = decodeSource({ bytes: readInputBytes(file), language, name });
  if (decoded.problem?.kind === 'too-large')
    throw new UsageError(decoded.problem.message, {
      hint: 'vouch checks source files as written or generated; split the file, or check the part you changed',
    });
  if (decoded.problem?.kind === 'binary')
    throw new UsageError(decoded.problem.message, {
      hint: 'is this the file you meant? nothing was checked',
    });
  return decoded;
}

/** A file's text, or standard input for `-`; a file that cannot be read is a usage error saying why. */
export function readInput(
  file: string,
  hint = 'give the path of a source file, or - to read from standard input (with --lang)',
): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read \`${file}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { hint },
    );
  }
}
