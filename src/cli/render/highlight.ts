import { common, createEmphasize } from 'emphasize';
import type { LanguageId } from '../../core/languages.js';

const emphasize = createEmphasize(common);

/** highlight.js names for vouch's language ids, where they differ */
const HIGHLIGHT_NAMES: Partial<Record<LanguageId, string>> = {
  tsx: 'typescript',
  csharp: 'csharp',
  bash: 'bash',
};

/** Code with ANSI colours for a terminal; plain when the language is unknown to highlight.js. */
export function highlightCode(code: string, language: LanguageId | null | undefined): string {
  const name = language ? (HIGHLIGHT_NAMES[language] ?? language) : undefined;
  try {
    if (name && emphasize.registered(name)) return emphasize.highlight(name, code).value;
    return emphasize.highlightAuto(code).value;
  } catch {
    return code;
  }
}
