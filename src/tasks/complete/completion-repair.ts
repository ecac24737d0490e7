import type { LanguageId } from '../../core/languages.js';
import type { ChatMessage } from '../../model/types.js';
import { findCodeBlocks } from '../extract.js';

/**
 * The words of `complete`'s repair loop. A fill-in-the-middle call cannot take feedback, so a round is a
 * chat: the code around the cursor, the completion that failed (as the model's own answer), and what
 * failed (the shared `repairMessages`, with the did-you-mean of the imports check); the answer is the
 * text to insert, which then goes through the same cut and checks as the first one.
 */

/** What a round shows around the cursor (the FIM call's window is larger; a chat prompt needs less). */
const PREFIX_CHARS = 3000;
const SUFFIX_CHARS = 1000;

export const COMPLETION_ANSWER_SHAPE =
  'Fix every problem listed and answer again with only the text to insert at <CURSOR>, in one fenced code block: no code before the cursor, nothing after it.';

export function completionRepairMessages({
  path,
  language,
  prefix,
  suffix,
}: {
  path: string;
  language: LanguageId;
  prefix: string;
  suffix: string;
}): ChatMessage[] {
  const before = prefix.length > PREFIX_CHARS ? prefix.slice(-PREFIX_CHARS) : prefix;
  const after = suffix.length > SUFFIX_CHARS ? suffix.slice(0, SUFFIX_CHARS) : suffix;
  return [
    {
      role: 'system',
      content:
        'You complete code at a cursor. Reply with only the text to insert at <CURSOR>, in one fenced code block.',
    },
    {
      role: 'user',
      content: `${path}:\n\`\`\`${language}\n${before}<CURSOR>${after}\n\`\`\``,
    },
  ];
}

/** The completion as the model's previous turn, so the feedback has something to refer to. */
export function asAnswer(completion: string, language: LanguageId): string {
  return `\`\`\`${language}\n${completion}\n\`\`\``;
}

/** The text to insert from a chat answer: its first fenced block, else the answer itself. */
export function insertedText(answer: string): string {
  const block = findCodeBlocks(answer)[0];
  const text = block ? block.body : answer.trim();
  return text.replace(/<CURSOR>/g, '').replace(/\n$/, '');
}
