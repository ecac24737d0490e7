import { countTokens as reference } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { cursorWindow, readCursorFile } from './cursor-window.js';

const NONE = new Set<string>();
const expected = (text: string) => reference(text, { disallowedSpecial: NONE, allowedSpecial: NONE });

// The window as it was measured before each line's count was kept with the text: every line counted anew.
function referenceWindow(lines: string[], line: number, tokens: number) {
  const beforeBudget = Math.floor(tokens * 0.75);
  const cursorLine = expected(`${lines[line - 1]}\n`);
  let start = line;
  let used = 0;
  while (start > 1) {
    const cost = expected(`${lines[start - 2]}\n`);
    if (used + cost + cursorLine > beforeBudget) break;
    used += cost;
    start--;
  }
  used += cursorLine;
  let end = line;
  while (end < lines.length) {
    const cost = expected(`${lines[end]}\n`);
    if (used + cost > tokens) break;
    used += cost;
    end++;
  }
  while (end > line && !lines[end - 1]!.trim()) end--;
  const source = lines.slice(start - 1, end).join('\n');
  return { startLine: start, endLine: end, source, tokens: expected(source) };
}

function pythonFile(seed: number, functions: number): string {
  const parts: string[] = [];
  for (let index = 0; index < functions; index++) {
    parts.push(
      `def handler_${seed}_${index}(request, *args, **kwargs):`,
      `    """Handles case ${index}: naïve / unicode 日本 and ${'x'.repeat(index % 7)}."""`,
      `    value = request.GET.get("key_${index}", ${index * seed}) / 2`,
      index % 3 === 0 ? '    \t' : '',
      `    return {"value": value, 'items': [a for a in args if a]}  # ${index}`,
      '',
    );
  }
  return parts.join('\n');
}

describe('cursorWindow', () => {
  it('measures the same window at cursor after cursor of one text as counting every line anew', () => {
    const root = '/workspace';
    const text = pythonFile(3, 120);
    const lines = text.split('\n');
    // Several cursors in the same text (its line counts kept after the first), then an edited text.
    for (const [line, tokens] of [
      [300, 2000],
      [310, 2000],
      [40, 500],
      [700, 1200],
      [1, 300],
      [lines.length, 2000],
      [305, 64],
    ] as const) {
      const file = readCursorFile(root, { path: 'app/views.py', line, text });
      const window = cursorWindow(file, tokens);
      expect(window, `line ${line}, ${tokens} tokens`).toMatchObject(referenceWindow(lines, line, tokens));
    }
    const edited = pythonFile(5, 120);
    const file = readCursorFile(root, { path: 'app/views.py', line: 300, text: edited });
    expect(cursorWindow(file, 2000)).toMatchObject(referenceWindow(edited.split('\n'), 300, 2000));
  });
});
