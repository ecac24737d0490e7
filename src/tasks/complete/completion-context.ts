import { importedDefinitions } from '../../context/imported-definitions.js';
import type { LanguageId } from '../../core/languages.js';
import type { IndexStore } from '../../index/index-store.js';
import type { Citation } from '../task.js';

/**
 * What a completion prompt carries from the rest of the project: the signatures of the definitions the
 * cursor's file imports (followed through re-exports to where they are declared), most used first, as
 * comments above the file's text. Small on purpose — a completion is asked for on every pause in typing,
 * and a FIM prompt's cost grows with its length — so it is bounded in characters, not tokenized.
 */

/** About 250 tokens of signatures (a signature line averages four characters a token). */
export const COMPLETE_CONTEXT_CHARS = 1000;
const MAX_SIGNATURE_CHARS = 160;

const HASH_COMMENT = new Set<LanguageId>(['python', 'ruby', 'bash']);

function commentPrefix(language: LanguageId): string {
  if (HASH_COMMENT.has(language)) return '# ';
  if (language === 'lua') return '-- ';
  return '// ';
}

export interface CompletionContext {
  /** comment lines to put before the file's text (empty when there is nothing to add) */
  header: string;
  sources: Citation[];
}

/** The signatures of what `file` imports, as comment lines to put above its text, within `budgetChars`. */
export function completionContext(
  store: IndexStore,
  file: { path: string; language: LanguageId; text: string },
  budgetChars = COMPLETE_CONTEXT_CHARS,
): CompletionContext {
  const { language } = file;
  const definitions = importedDefinitions(store, file)
    .filter((definition) => definition.row.signature.trim())
    .sort(
      (a, b) => b.uses - a.uses || a.row.path.localeCompare(b.row.path) || a.row.startLine - b.row.startLine,
    );
  const comment = commentPrefix(language);
  const lines: string[] = [];
  const sources: Citation[] = [];
  let used = 0;
  for (const { row, local } of definitions) {
    const signature = row.signature.split('\n')[0]!.trim().slice(0, MAX_SIGNATURE_CHARS);
    const line = `${comment}${row.path}:${row.startLine}: ${signature}`;
    if (used + line.length + 1 > budgetChars) break;
    used += line.length + 1;
    lines.push(line);
    sources.push({
      path: row.path,
      startLine: row.startLine,
      endLine: row.endLine,
      reason: `imported as ${local}`,
    });
  }
  if (lines.length === 0) return { header: '', sources };
  return {
    header: `${comment}Definitions this file imports:\n${lines.join('\n')}\n\n`,
    sources,
  };
}
