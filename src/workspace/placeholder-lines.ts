/**
 * A change written over a user's file, where the model saw that file with its secrets replaced by
 * placeholders (`<<SECRET_1>>`). vouch never turns a placeholder back into a secret in what the model
 * wrote (issue 55), so a line the model left as it was would overwrite the user's key with a placeholder.
 * Such a line is the file's own: it is written as the file has it (the new indentation, the file's text).
 * A placeholder on a line the change made or changed stays, and the write is refused for it: the secret
 * would be written somewhere the user did not put it, or code would be broken in their file.
 */

const PLACEHOLDER = /<<SECRET_(\d+)>>/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The pattern of a new line's text: placeholders as the values they stand for (a run with no space or
 * quote; the same number, the same value), or undefined when too little else of the line is there to
 * say which line of the file it is.
 */
function linePattern(trimmed: string): RegExp | undefined {
  const rest = trimmed.replace(PLACEHOLDER, '').replace(/\s/g, '');
  if (rest.length < 4) return undefined;
  const numbers = new Map<string, number>();
  let source = '';
  let cursor = 0;
  for (const match of trimmed.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(trimmed.slice(cursor, match.index));
    const number = match[1] as string;
    const group = numbers.get(number);
    if (group === undefined) {
      numbers.set(number, numbers.size + 1);
      source += '([^\\s\'"`]+)';
    } else source += `\\${group}`;
    cursor = match.index + match[0].length;
  }
  return new RegExp(`^${source}${escapeRegExp(trimmed.slice(cursor))}$`);
}

export interface PlaceholderLines {
  /** the text to write: lines the change left as they were have the file's own text */
  text: string;
  /** 1-based lines of `text` that still hold a placeholder */
  remaining: number[];
}

export function keepOwnLines(newText: string, currentText: string): PlaceholderLines {
  if (!newText.includes('<<SECRET_')) return { text: newText, remaining: [] };
  const current = currentText.split(/\r?\n/).map((line) => line.trim());
  const remaining: number[] = [];
  const lines = newText.split('\n').map((line, index) => {
    if (!line.includes('<<SECRET_')) return line;
    const trimmed = line.trim();
    const pattern = linePattern(trimmed);
    const own = pattern && current.find((candidate) => pattern.test(candidate));
    if (own === undefined) {
      remaining.push(index + 1);
      return line;
    }
    return line.slice(0, line.length - line.trimStart().length) + own + (line.endsWith('\r') ? '\r' : '');
  });
  return { text: lines.join('\n'), remaining };
}
