import { common, createEmphasize } from 'emphasize';
import type { LanguageId } from '../../core/languages.js';

import { neutralizeControls, ownEscapes } from '../terminal-text.js';

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
    // the code's own control characters made visible first: every escape left is the highlighter's
    const plain = neutralizeControls(code);
    if (name && emphasize.registered(name)) return ownEscapes(emphasize.highlight(name, plain).value);
    return ownEscapes(emphasize.highlightAuto(plain).value);
  } catch {
    return neutralizeControls(code);
  }
}
