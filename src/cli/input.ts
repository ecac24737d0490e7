import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { knownLanguages, type LanguageId, languageForPath, normalizeLanguage } from '../core/languages.js';

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

/** A whole number flag within bounds. */
export function parseInteger(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  }
  return number;
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
